"""Period reports (отчёты за период): the figures, computed from plain rows.

The service reads index columns into ``ProcedureRow`` values; everything here is pure
arithmetic over them, so a test can recompute any figure by brute force. The period is
half-open, ``[start, end)``, and an application belongs to it by its submission time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

import attrs

from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.errors import ValidationError, Violation

__all__ = [
    "ApplicantReport",
    "BodyReport",
    "Outcome",
    "OverdueItem",
    "Period",
    "ProcedureRow",
    "ProcessingTimes",
    "count_by",
    "median",
    "nearest_rank",
    "outcome_of",
]


class Outcome(StrEnum):
    """How a procedure ended, or that it has not."""

    APPROVED = "approved"  # одобрено
    REJECTED = "rejected"  # отклонено
    WITHDRAWN = "withdrawn"  # отозвано
    OPEN = "open"  # не завершено


_OUTCOMES: Final = {
    ApplicationStatus.APPROVED: Outcome.APPROVED,
    ApplicationStatus.REJECTED: Outcome.REJECTED,
    ApplicationStatus.WITHDRAWN: Outcome.WITHDRAWN,
}


def outcome_of(status: ApplicationStatus) -> Outcome:
    """The outcome a status stands for (``open`` while the procedure runs)."""
    return _OUTCOMES.get(status, Outcome.OPEN)


@attrs.frozen
class Period:
    """A report period ``[start, end)``, both UTC-aware."""

    start: datetime
    end: datetime

    @classmethod
    def of(cls, start: datetime, end: datetime) -> Period:
        """A checked period.

        Raises:
            ValidationError: a naive bound, or ``end`` not after ``start``
                (``report.bad_period``).
        """
        if start.utcoffset() is None or end.utcoffset() is None or not start < end:
            raise ValidationError.of(
                (
                    Violation(
                        "report.bad_period",
                        "period",
                        "Период задан неверно: начало раньше конца, время с часовым поясом.",
                        "Bad period: the start must precede the end, both time-zone aware.",
                    ),
                ),
                value=(start, end),
            )
        return cls(start, end)

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


@attrs.frozen
class ProcedureRow:
    """One application as a report sees it: type, status and its two key moments."""

    application_id: str
    type_code: str
    status: ApplicationStatus
    submitted_at: datetime | None
    decided_at: datetime | None

    @property
    def outcome(self) -> Outcome:
        """Approved, rejected, withdrawn or still open."""
        return outcome_of(self.status)

    @property
    def processing_time(self) -> timedelta | None:
        """From submission to decision, for decided procedures."""
        if self.submitted_at is None or self.decided_at is None:
            return None
        return self.decided_at - self.submitted_at


def median(values: Sequence[timedelta]) -> timedelta | None:
    """The median (mean of the two middle values for an even count); ``None`` if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def nearest_rank(values: Sequence[timedelta], percent: int) -> timedelta | None:
    """The ``percent``-th percentile by nearest rank: the smallest value with at least
    ``percent`` % of the values at or below it; ``None`` if empty."""
    if not 0 < percent <= 100:
        raise ValueError("percent must be in 1..100")
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(percent * len(ordered) / 100) - 1]


@attrs.frozen
class ProcessingTimes:
    """Submission-to-decision times of the decided procedures of a period."""

    decided: int
    median: timedelta | None
    p90: timedelta | None

    @classmethod
    def of(cls, durations: Sequence[timedelta]) -> ProcessingTimes:
        """Median and 90th percentile (nearest rank) of ``durations``."""
        return cls(len(durations), median(durations), nearest_rank(durations, 90))


def count_by(rows: Iterable[ProcedureRow], key: str) -> dict[str, int]:
    """How many rows have each value of ``key`` (``type_code``, ``status``, ``outcome``)."""
    return dict(Counter(str(getattr(row, key)) for row in rows))


@attrs.frozen
class OverdueItem:
    """An open application past its due time, and why."""

    application_id: str
    type_code: str
    status: ApplicationStatus
    reason: str  # "info_deadline_passed" | "no_progress"
    due_at: datetime
    overdue_by: timedelta


@attrs.frozen
class ApplicantReport:
    """An applicant's own procedures submitted in a period."""

    account_id: str
    period: Period
    generated_at: datetime
    procedures: tuple[ProcedureRow, ...]


@attrs.frozen
class BodyReport:
    """The body's figures for the procedures submitted in a period, and what is overdue.

    ``by_status`` lists every status (zeros included) and ``by_outcome`` every outcome,
    in their fixed order; ``by_type`` the types present, sorted. ``overdue`` is as of
    ``generated_at``, over all open applications, not only the period's.
    """

    period: Period
    generated_at: datetime
    total: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    by_outcome: dict[str, int]
    processing: ProcessingTimes
    overdue: tuple[OverdueItem, ...]
    overdue_after_working_days: int

    @classmethod
    def build(
        cls,
        period: Period,
        generated_at: datetime,
        rows: Sequence[ProcedureRow],
        overdue: Sequence[OverdueItem],
        overdue_after_working_days: int,
    ) -> BodyReport:
        """The figures of ``rows`` (the procedures submitted in ``period``)."""
        counts = Counter((row.type_code, row.status) for row in rows)
        durations = [
            row.decided_at - row.submitted_at
            for row in rows
            if row.decided_at is not None and row.submitted_at is not None
        ]
        return cls.of_counts(
            period, generated_at, counts, durations, overdue, overdue_after_working_days
        )

    @classmethod
    def of_counts(
        cls,
        period: Period,
        generated_at: datetime,
        counts: Mapping[tuple[str, ApplicationStatus], int],
        durations: Sequence[timedelta],
        overdue: Sequence[OverdueItem],
        overdue_after_working_days: int,
    ) -> BodyReport:
        """The figures from the period's counts by (type, status) and its decision times.

        What storage can count without loading a procedure (``Repository.tally``): the
        report reads only the decided procedures' two times besides.
        """
        types: Counter[str] = Counter()
        statuses: Counter[ApplicationStatus] = Counter()
        for (type_code, status), n in counts.items():
            types[type_code] += n
            statuses[status] += n
        outcomes: Counter[Outcome] = Counter()
        for status, n in statuses.items():
            outcomes[_OUTCOMES.get(status, Outcome.OPEN)] += n
        return cls(
            period=period,
            generated_at=generated_at,
            total=sum(statuses.values()),
            by_type={code: types[code] for code in sorted(types)},
            by_status={str(s): statuses[s] for s in ApplicationStatus},
            by_outcome={str(o): outcomes[o] for o in Outcome},
            processing=ProcessingTimes.of(durations),
            overdue=tuple(sorted(overdue, key=lambda i: (-i.overdue_by, i.application_id))),
            overdue_after_working_days=overdue_after_working_days,
        )
