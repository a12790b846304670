"""Reports: a one-month body report over 10,000 applications on SQLite vs raw GROUP BY.

The data is a year of applications, 10,000 in all, spread evenly: those older than two
months have mostly ended (approved, rejected, withdrawn), recent ones are open in every
status. The baseline is hand-written SQL on the same database file: GROUP BY type and
status over the ``submitted_at`` index, the decided rows' times for the median and p90,
and the overdue lists (``json_extract`` for information deadlines).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.storage.sqlite import PRAGMAS, SqliteStorage
from accredkit.domain.applications.application import Application, InfoRequest
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.services.authority import Authority
from accredkit.services.reports.reports import ReportService
from accredkit.services.schema import APPLICATIONS
from benchmarks._runner import Benchmark, Work
from tests.support.seats import LONG_SESSIONS, seat

S = ApplicationStatus
NOW = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
MONTH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
TYPES = ("general", "specialized", "institutional", "temporary", "repeat")
_OLD = [S.APPROVED] * 75 + [S.REJECTED] * 15 + [S.WITHDRAWN] * 8 + [S.PROCESSING] * 2
_NEW = list(S)[1:]  # everything but draft
_ENDED = ("approved", "rejected", "withdrawn")


def _applications(n: int) -> list[Application]:
    rng = random.Random(2026)
    start = NOW - timedelta(days=365)
    apps = []
    for i in range(n):
        submitted = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
        status = rng.choice(_OLD if NOW - submitted > timedelta(days=60) else _NEW)
        decided = None
        if status in (S.APPROVED, S.REJECTED):
            decided = min(NOW, submitted + timedelta(hours=rng.randrange(24, 60 * 24)))
        info = None
        if status is S.NEEDS_INFO:
            deadline = submitted + timedelta(days=rng.randrange(5, 40))
            info = InfoRequest("?", deadline, "reviewer-1", submitted)
        apps.append(
            Application(
                id=f"app-{i:05d}",
                applicant_id=f"acc-{rng.randrange(4000)}",
                catalogue="portal",
                type_code=rng.choice(TYPES),
                created_at=submitted - timedelta(hours=1),
                status=status,
                submitted_at=submitted,
                decided_at=decided,
                info_request=info,
                info_deadline=None if info is None else info.deadline,
            )
        )
    return apps


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _due_cutoff(days: int) -> str:
    # Submitted on or before this day and still waiting: overdue after ``days`` weekdays.
    day, left = NOW.date(), days
    while left:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return _stamp(datetime.combine(day - timedelta(days=1), datetime.max.time(), UTC))


def _baseline_report(conn: sqlite3.Connection) -> dict[str, Any]:
    lo, hi = _stamp(MONTH[0]), _stamp(MONTH[1])
    period = "FROM c_applications WHERE ix_submitted_at >= ? AND ix_submitted_at < ?"
    by_type = dict(
        conn.execute(f"SELECT ix_type_code, COUNT(*) {period} GROUP BY ix_type_code", (lo, hi))
    )
    by_status = dict(
        conn.execute(f"SELECT ix_status, COUNT(*) {period} GROUP BY ix_status", (lo, hi))
    )
    spans = [
        row[0]
        for row in conn.execute(
            "SELECT (julianday(ix_decided_at) - julianday(ix_submitted_at)) * 86400 "
            f"{period} AND ix_decided_at IS NOT NULL",
            (lo, hi),
        )
    ]
    spans.sort()
    overdue = conn.execute(
        "SELECT id FROM c_applications WHERE ix_status IN ('submitted', 'processing')"
        " AND ix_submitted_at <= ?",
        (_due_cutoff(10),),
    ).fetchall()
    overdue += conn.execute(
        "SELECT id FROM c_applications WHERE ix_status = 'needs_info' AND ix_info_deadline < ?",
        (NOW.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
    ).fetchall()
    return {
        "total": sum(by_type.values()),
        "by_type": by_type,
        "by_status": by_status,
        "median": statistics.median(spans) if spans else None,
        "p90": spans[-(-9 * len(spans) // 10) - 1] if spans else None,
        "overdue": len(overdue),
    }


def _setup(quick: bool) -> tuple[Work, Work, int]:
    root = Path(tempfile.mkdtemp(prefix="accredkit-bench-reports-"))
    storage = SqliteStorage(root / "cabinet.db")
    apps = _applications(10_000)
    with storage.unit_of_work() as uow:
        for app in apps:
            uow.repository(APPLICATIONS).add(app)
        uow.commit()
    raw = sqlite3.connect(root / "cabinet.db", isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(pragma)
    clock = FrozenClock(NOW)
    service = ReportService(storage, clock, Authority(clock, LONG_SESSIONS))
    operator = seat(storage, "operator", Role.OPERATOR, at=NOW)
    ours_report = service.body_report(operator, *MONTH)
    theirs = _baseline_report(raw)
    # Both must say the same before their speed means anything.
    assert ours_report.total == theirs["total"]
    assert ours_report.by_type == theirs["by_type"]
    assert {k: v for k, v in ours_report.by_status.items() if v} == theirs["by_status"]
    assert len(ours_report.overdue) == theirs["overdue"], (len(ours_report.overdue), theirs)
    ops = 5 if quick else 20

    def ours() -> None:
        for _ in range(ops):
            service.body_report(operator, *MONTH)

    def baseline() -> None:
        for _ in range(ops):
            _baseline_report(raw)

    return ours, baseline, ops


def _describe() -> dict[str, Any]:
    apps = _applications(10_000)
    in_month = [a for a in apps if a.submitted_at and MONTH[0] <= a.submitted_at < MONTH[1]]
    return {
        "applications": len(apps),
        "in_month": len(in_month),
        "open_by_status": dict(Counter(str(a.status) for a in apps if str(a.status) not in _ENDED)),
        "today": date(2026, 4, 10).isoformat(),
    }


BENCHMARKS = [
    Benchmark(
        name="reports: one month over 10,000 applications",
        baseline_name="sqlite3 GROUP BY",
        setup=_setup,
        target=3.0,
        describe=_describe,
    )
]
