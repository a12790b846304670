"""Official acts: recorded inside the decision's unit of work, then listed and exported.

The PDF of an act is made on export from the stored signed record (docs/certificates.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import attrs

from accredkit.domain.applications.catalogue import CatalogueRegistry
from accredkit.domain.authority.actors import Actor
from accredkit.domain.certificates.acts import (
    ACT_KIND,
    Act,
    ActRecorded,
    Decision,
    Participant,
    act_payload,
    check_decision,
)
from accredkit.errors import NotFound
from accredkit.ports.official_documents import OfficialDocuments
from accredkit.ports.randomness import RandomSource
from accredkit.ports.signer import Signer
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.moves import application_subject, load_visible
from accredkit.services.authority import Authority
from accredkit.services.certificates.certificates import CERTIFICATES, no_documents
from accredkit.services.certificates.sealing import export_record, seal
from accredkit.services.certificates.sheets import act_sheet
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACTS, APPLICATIONS
from accredkit.services.screening import screened

__all__ = ["ActRecorded", "ActService", "record_act"]


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
        ValidationError: see ``accredkit.domain.certificates.acts.check_decision``.
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
    happened(uow, ActRecorded(stored.id, application_id, chosen, decided_at, certificate_id))
    return stored


@screened
class ActService:
    """Acts for the history page: list an application's acts, show and export one.

    An act is seen by whoever reaches its application (``docs/authority.md``).
    """

    def __init__(
        self,
        storage: Storage,
        authority: Authority,
        *,
        documents: OfficialDocuments | None = None,
        catalogues: CatalogueRegistry | None = None,
        issuer_name: str = "Аккредитационная комиссия",
        names: Callable[[UnitOfWork, str], str | None] = lambda uow, account_id: None,
    ) -> None:
        self.storage = storage
        self.authority = authority
        self.documents = documents
        self.catalogues = catalogues or CatalogueRegistry()
        self.issuer_name = issuer_name
        self.names = names

    def show(self, actor: Actor, id: str) -> Act:
        """The act ``id``; ``NotFound`` if there is none or it is out of reach."""
        with self.storage.unit_of_work() as uow:
            return self._reach(uow, actor, "acts.show", id)

    def of_application(self, actor: Actor, application_id: str) -> list[Act]:
        """Every act of an application the actor reaches, oldest first."""
        with self.storage.unit_of_work() as uow:
            load_visible(uow, self.authority, actor, "acts.of_application", application_id)
            return uow.repository(ACTS).query(
                {"application_id": application_id}, order_by="decided_at"
            )

    def export(self, actor: Actor, id: str) -> bytes:
        """The act as a self-contained signed JSON file (``accredkit.verify_act``)."""
        with self.storage.unit_of_work() as uow:
            act = self._reach(uow, actor, "acts.export", id)
        return export_record(ACT_KIND, act)

    def pdf(self, actor: Actor, id: str) -> bytes:
        """The act as a signed PDF (PAdES), in the certificate's style, with its reasons.

        Raises:
            NotFound: no such act, or out of the actor's reach.
            PermissionDenied: staff whose role may not read it.
            ConfigurationError: no PDF adapter, no font, or a signer without certificate.
        """
        documents = self.documents or no_documents()
        with self.storage.unit_of_work() as uow:
            act = self._reach(uow, actor, "acts.pdf", id)
            application = uow.repository(APPLICATIONS).get(act.application_id)
            sheet = act_sheet(
                uow,
                CERTIFICATES,
                act,
                self.catalogues,
                issuer_name=self.issuer_name,
                applicant_name=self.names(uow, application.applicant_id),
            )
        return documents.act_pdf(sheet)

    def _reach(self, uow: UnitOfWork, actor: Actor, action: str, id: str) -> Act:
        admitted = self.authority.admit(uow, actor, action)
        act = uow.repository(ACTS).find(id)
        application = None if act is None else uow.repository(APPLICATIONS).find(act.application_id)
        subject = None
        if act is not None and application is not None:
            subject = attrs.evolve(application_subject(application), kind="act", id=act.id)
        missing = NotFound(
            f"act {id!r} not found", message_ru="Акт не найден.", code="act.not_found", value=id
        )
        self.authority.reach(admitted, action, subject, missing)
        assert act is not None
        return act
