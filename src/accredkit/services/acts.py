"""Official acts: recorded inside the decision's unit of work, then listed and exported."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import attrs

from accredkit.domain.acts import ACT_KIND, Act, Decision, Participant, act_payload, check_decision
from accredkit.ports.randomness import RandomSource
from accredkit.ports.signer import Signer
from accredkit.ports.storage import Collection, Storage, UnitOfWork
from accredkit.services.screening import screened
from accredkit.services.sealing import export_record, seal

__all__ = ["ACTS", "ActRecorded", "ActService", "record_act"]

ACTS = Collection(
    "acts", Act, indexes=("application_id", "decision", "decided_at", "certificate_id")
)


@attrs.frozen
class ActRecorded:
    """Event: a decision's act was signed and stored."""

    act_id: str
    application_id: str
    decision: Decision


def record_act(
    uow: UnitOfWork,
    signer: Signer,
    ids: RandomSource,
    *,
    application_id: str,
    decision: Decision | str,
    reasons: Iterable[str],
    participants: Iterable[Participant],
    decided_at: datetime,
    deadline: date | None = None,
    certificate_id: str | None = None,
) -> Act:
    """Sign and stage the act of a decision in the decision's own unit of work.

    Args:
        uow: the unit of work that also changes the application's status.
        signer: the issuer's key (the same one that signs certificates).
        ids: where the act's id comes from.
        decision: ``approved``, ``rejected`` or ``info_request``.
        reasons: why (required unless approved); for a request, what is asked for.
        participants: who decided, each with a role (e.g. reviewer, approver).
        decided_at: when, UTC-aware.
        deadline: the answer deadline of an information request.
        certificate_id: the certificate issued by an approval.

    Raises:
        ValidationError: see ``accredkit.domain.acts.check_decision``.
    """
    chosen = Decision(decision)
    why = tuple(r.strip() for r in reasons if r.strip())
    who = tuple(participants)
    check_decision(chosen, why, who, deadline, decided_at)
    fields: dict[str, Any] = {
        "id": ids.new_id(),
        "application_id": application_id,
        "decision": chosen,
        "reasons": why,
        "participants": who,
        "decided_at": decided_at,
        "deadline": deadline,
        "certificate_id": certificate_id,
    }
    act = Act(**fields, seal=seal(signer, ACT_KIND, act_payload(**fields)))
    stored = uow.repository(ACTS).add(act)
    uow.record(ActRecorded(stored.id, application_id, chosen))
    return stored


@screened
class ActService:
    """Acts for the history page: list an application's acts, show and export one."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def show(self, id: str) -> Act:
        """The act ``id``; ``NotFound`` if there is none."""
        with self.storage.unit_of_work() as uow:
            return uow.repository(ACTS).get(id)

    def of_application(self, application_id: str) -> list[Act]:
        """Every act of an application, oldest first."""
        with self.storage.unit_of_work() as uow:
            return uow.repository(ACTS).query(
                {"application_id": application_id}, order_by="decided_at"
            )

    def export(self, id: str) -> bytes:
        """The act as a self-contained signed JSON file (``accredkit.verify_act``)."""
        return export_record(ACT_KIND, self.show(id))
