"""A data subject's request (152-ФЗ, ст. 14): received, due in 10 working days, answered.

The subject asks what the cabinet holds about them; an operator answers with the
report. The request is kept with its answer date, so an overdue one can be seen.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from accredkit.domain.utc import require_utc

__all__ = ["ANSWER_WORKING_DAYS", "SubjectRequest", "SubjectRequestKind"]

ANSWER_WORKING_DAYS = 10
"""Working days the operator has to answer (152-ФЗ, ст. 14, ч. 7; ст. 20, ч. 1)."""


class SubjectRequestKind(enum.Enum):
    """What the subject asked for."""

    REPORT = "report"  # сведения об обработке персональных данных


@attrs.frozen
class SubjectRequest:
    """One request of a data subject and when (and by whom) it was answered."""

    id: str
    version: int
    account_id: str
    kind: SubjectRequestKind
    received_at: datetime
    answer_due: datetime
    answered_at: datetime | None = None
    answered_by: str | None = None

    @property
    def open(self) -> bool:
        """Whether the request still waits for its answer."""
        return self.answered_at is None

    def answer(self, operator_id: str, now: datetime) -> SubjectRequest:
        """The request answered by ``operator_id`` at ``now``."""
        require_utc(now, "now")
        return attrs.evolve(self, answered_at=now, answered_by=operator_id)
