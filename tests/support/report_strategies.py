"""Report tests: sets of applications in every status, and a brute-force checker."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from accredkit.domain.applications.application import Application, InfoRequest
from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.moscow import MOSCOW, moscow_date
from accredkit.domain.reports import BodyReport, ProcedureRow

__all__ = [
    "REPORT_ORGS",
    "REPORT_TYPES",
    "assert_body_report_matches",
    "brute_p90",
    "figures_from_rows",
    "report_applications",
]

REPORT_TYPES = ("general", "specialized", "institutional", "temporary", "repeat")
REPORT_ORGS = (None, "1027700132195", "1037739010891")
_S = ApplicationStatus


@st.composite
def report_applications(
    draw: st.DrawFn,
    *,
    start: datetime = datetime(2026, 1, 1, tzinfo=UTC),
    days: int = 90,
    max_size: int = 30,
) -> list[Application]:
    """Applications with consistent times: submitted unless draft, decided when approved or
    rejected, an information request with a deadline when waiting for information."""
    apps = []
    for i in range(draw(st.integers(0, max_size))):
        status = draw(st.sampled_from(_S))
        created = start + timedelta(minutes=draw(st.integers(0, days * 24 * 60)))
        submitted = None
        if status is not _S.DRAFT:
            submitted = created + timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
        decided = None
        if submitted is not None and status in (_S.APPROVED, _S.REJECTED):
            decided = submitted + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
        info = None
        if submitted is not None and status is _S.NEEDS_INFO:
            deadline = submitted + timedelta(hours=draw(st.integers(1, 40 * 24)))
            info = InfoRequest("Уточните стаж", deadline, "reviewer-1", submitted)
        apps.append(
            Application(
                id=f"app-{i:03d}",
                applicant_id=draw(st.sampled_from(["alice", "bob", "carol"])),
                catalogue="portal",
                type_code=draw(st.sampled_from(REPORT_TYPES)),
                created_at=created,
                organisation_ogrn=draw(st.sampled_from(REPORT_ORGS)),
                status=status,
                submitted_at=submitted,
                decided_at=decided,
                info_request=info,
                info_deadline=None if info is None else info.deadline,
            )
        )
    return apps


def _end_of_working_day(submitted_at: datetime, n: int) -> datetime:
    """Moscow midnight after the ``n``-th weekday following the (Moscow) submission day."""
    day = moscow_date(submitted_at)
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), MOSCOW)


def brute_p90(values: Sequence[timedelta]) -> timedelta | None:
    """The 90th percentile by definition, quadratically: the least value >= 90 % of all."""
    candidates = [v for v in values if 10 * sum(x <= v for x in values) >= 9 * len(values)]
    return min(candidates) if candidates else None


def figures_from_rows(report: BodyReport, apps: Sequence[Application]) -> BodyReport:
    """``report`` recomputed from every row of its period (``BodyReport.build``), not counts."""
    start, end = report.period.start, report.period.end
    rows = [
        ProcedureRow(a.id, a.type_code, a.status, a.submitted_at, a.decided_at)
        for a in apps
        if a.submitted_at is not None and start <= a.submitted_at < end
    ]
    return BodyReport.build(
        report.period,
        report.generated_at,
        rows,
        report.overdue,
        report.overdue_after_working_days,
    )


def assert_body_report_matches(
    report: BodyReport, apps: Sequence[Application], now: datetime
) -> None:
    """Recompute ``report`` from ``apps`` by brute force and assert every figure agrees."""
    start, end = report.period.start, report.period.end
    chosen = [a for a in apps if a.submitted_at is not None and start <= a.submitted_at < end]
    assert report.total == len(chosen)
    assert report.by_type == dict(sorted(Counter(a.type_code for a in chosen).items()))
    statuses = Counter(str(a.status) for a in chosen)
    assert report.by_status == {str(s): statuses[str(s)] for s in ApplicationStatus}
    terminal = {"approved", "rejected", "withdrawn"}
    outcomes = Counter(str(a.status) if str(a.status) in terminal else "open" for a in chosen)
    assert report.by_outcome == {
        k: outcomes[k] for k in ("approved", "rejected", "withdrawn", "open")
    }
    spans = [a.decided_at - a.submitted_at for a in chosen if a.decided_at and a.submitted_at]
    assert report.processing.decided == len(spans)
    if spans:
        seconds = statistics.median(s.total_seconds() for s in spans)
        assert report.processing.median is not None
        assert math.isclose(report.processing.median.total_seconds(), seconds)
    else:
        assert report.processing.median is None
    assert report.processing.p90 == brute_p90(spans)
    late = {
        a.id
        for a in apps
        if a.status is ApplicationStatus.NEEDS_INFO
        and a.info_request is not None
        and now > a.info_request.deadline
    }
    assert {i.application_id for i in report.overdue if i.reason == "info_deadline_passed"} == late
    waiting = (ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING)
    stuck = {
        a.id
        for a in apps
        if a.status in waiting
        and a.submitted_at is not None
        and now > _end_of_working_day(a.submitted_at, report.overdue_after_working_days)
    }
    assert {i.application_id for i in report.overdue if i.reason == "no_progress"} == stuck
