"""Reports on a real SQLite file agree with a brute-force recomputation."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import Role
from accredkit.services.authority import Authority
from accredkit.services.reports.reports import ReportService
from accredkit.services.schema import APPLICATIONS
from tests.support.report_strategies import (
    assert_body_report_matches,
    figures_from_rows,
    report_applications,
)
from tests.support.seats import LONG_SESSIONS, seat_all, seated

START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 4, 15, 12, 0, tzinfo=UTC)
OPERATOR = seated("operator", Role.OPERATOR)
PERIODS = st.tuples(st.integers(0, 100), st.integers(1, 100)).map(
    lambda p: (START + timedelta(days=p[0]), START + timedelta(days=p[0] + p[1]))
)


def _stored(apps: list[Application], storage: SqliteStorage) -> SqliteStorage:
    with storage.unit_of_work() as uow:
        for app in apps:
            uow.repository(APPLICATIONS).add(app)
        uow.commit()
    return storage


@settings(max_examples=25)
@given(report_applications(max_size=20), PERIODS)
def test_body_figures_agree_with_brute_force_on_sqlite(
    apps: list[Application], period: tuple[datetime, datetime]
) -> None:
    with tempfile.TemporaryDirectory() as root:
        storage = _stored(apps, SqliteStorage(Path(root) / "r.db"))
        try:
            seat_all(storage, OPERATOR, at=NOW)
            clock = FrozenClock(NOW)
            service = ReportService(storage, clock, Authority(clock, LONG_SESSIONS))
            report = service.body_report(OPERATOR, *period)
        finally:
            storage.close()
    assert_body_report_matches(report, apps, NOW)
    assert report == figures_from_rows(report, apps)  # tally counts what the rows say
