"""Official acts (акты): the signed record of every decision on an application.

An act says what was decided (approved, rejected, information requested), on which
application, why, by whom in which role, and when; it is sealed the same way as a
certificate and downloadable from the application's history.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import attrs

from accredkit.domain.certificates.signed import Seal
from accredkit.domain.events import DomainEvent
from accredkit.domain.masks import mask_text
from accredkit.domain.moscow import moscow_date
from accredkit.errors import ValidationError, Violation

__all__ = [
    "ACT_KIND",
    "Act",
    "ActRecorded",
    "Decision",
    "Participant",
    "act_payload",
    "check_decision",
]

ACT_KIND = "act"


class Decision(enum.StrEnum):
    """What an act records."""

    APPROVED = "approved"  # одобрено
    REJECTED = "rejected"  # отклонено
    INFO_REQUEST = "info_request"  # запрос сведений


@attrs.frozen
class ActRecorded(DomainEvent):
    """Event: a decision's act was signed and stored."""

    act_id: str
    application_id: str
    decision: Decision
    at: datetime
    certificate_id: str | None = None


@attrs.frozen
class Participant:
    """Someone who took part in the decision, and in which role (reviewer, approver…)."""

    actor_id: str
    role: str


@attrs.frozen
class Act:
    """A decision as a signed record; ``seal`` covers ``payload()``."""

    id: str
    application_id: str
    decision: Decision
    reasons: tuple[str, ...] = attrs.field(repr=mask_text)
    participants: tuple[Participant, ...]
    decided_at: datetime
    seal: Seal
    deadline: date | None = None
    certificate_id: str | None = None
    version: int = 0

    def payload(self) -> dict[str, Any]:
        """What the seal signs."""
        return act_payload(
            id=self.id,
            application_id=self.application_id,
            decision=self.decision,
            reasons=self.reasons,
            participants=self.participants,
            decided_at=self.decided_at,
            deadline=self.deadline,
            certificate_id=self.certificate_id,
        )


def _violation(code: str, field: str, ru: str, en: str) -> Violation:
    return Violation(f"act.{code}", field, ru, en)


def check_decision(
    decision: Decision,
    reasons: tuple[str, ...],
    participants: tuple[Participant, ...],
    deadline: date | None,
    decided_at: datetime,
) -> None:
    """Refuse an act that says too little: every broken rule at once.

    Raises:
        ValidationError: a negative decision or a request without a reason, a request
            without a deadline (or one before the act), no participant, a naive time.
    """
    found = []
    if decision is not Decision.APPROVED and not any(r.strip() for r in reasons):
        found.append(
            _violation(
                "reason_required",
                "reasons",
                "Для отказа или запроса сведений укажите причину.",
                "a rejection or an information request needs a reason",
            )
        )
    if decision is Decision.INFO_REQUEST and (
        deadline is None or deadline < moscow_date(decided_at)
    ):
        found.append(
            _violation(
                "deadline_required",
                "deadline",
                "Для запроса сведений укажите срок ответа не раньше даты запроса.",
                "an information request needs a deadline on or after its date",
            )
        )
    if not participants:
        found.append(
            _violation(
                "participants_required",
                "participants",
                "Укажите, кто принял решение.",
                "an act names who decided",
            )
        )
    if decided_at.tzinfo is None:
        found.append(
            _violation("naive_time", "decided_at", "Время без часового пояса.", "naive time")
        )
    if found:
        raise ValidationError.of(found)


def act_payload(
    *,
    id: str,
    application_id: str,
    decision: Decision,
    reasons: tuple[str, ...],
    participants: tuple[Participant, ...],
    decided_at: datetime,
    deadline: date | None,
    certificate_id: str | None,
) -> dict[str, Any]:
    """The signed content of an act, in plain JSON values."""
    return {
        "id": id,
        "application_id": application_id,
        "decision": decision.value,
        "reasons": list(reasons),
        "participants": [{"actor_id": p.actor_id, "role": p.role} for p in participants],
        "decided_at": decided_at.astimezone(UTC).isoformat(),
        "deadline": None if deadline is None else deadline.isoformat(),
        "certificate_id": certificate_id,
    }
