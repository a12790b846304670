"""Report figures against brute-force recomputation, percentiles, CSV and JSON exports."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.moscow import MOSCOW
from accredkit.domain.reports import median, nearest_rank
from accredkit.errors import PermissionDenied, ValidationError
from accredkit.ports.storage import Storage
from accredkit.services.authority import Authority
from accredkit.services.reports.export import (
    FIGURE_COLUMNS,
    OVERDUE_COLUMNS,
    PROCEDURE_COLUMNS,
    Lang,
    figures_csv,
    overdue_csv,
    procedures_csv,
    report_json,
)
from accredkit.services.reports.reports import ReportService
from accredkit.services.schema import APPLICATIONS
from tests.support.report_strategies import (
    REPORT_ORGS,
    assert_body_report_matches,
    brute_p90,
    figures_from_rows,
    report_applications,
)
from tests.support.seats import LONG_SESSIONS, seat_all, seated

START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 4, 15, 12, 0, tzinfo=UTC)
OPERATOR = seated("operator", Role.OPERATOR)
ALICE = seated("alice")
PEOPLE = (OPERATOR, ALICE)
DURATIONS = st.lists(st.integers(0, 10**7).map(lambda s: timedelta(seconds=s)), max_size=60)
PERIODS = st.tuples(st.integers(0, 100), st.integers(1, 100)).map(
    lambda p: (START + timedelta(days=p[0]), START + timedelta(days=p[0] + p[1]))
)


def _stored(apps: Sequence[Application], storage: Storage | None = None) -> Storage:
    storage = storage or MemoryStorage()
    with storage.unit_of_work() as uow:
        for app in apps:
            uow.repository(APPLICATIONS).add(app)
        uow.commit()
    return storage


def _reports(storage: Storage, clock: FrozenClock, **options: Any) -> ReportService:
    """The report service with the test's people seated in ``storage``."""
    seat_all(storage, *PEOPLE, at=NOW)
    return ReportService(storage, clock, Authority(clock, LONG_SESSIONS), **options)


def _in(app: Application, start: datetime, end: datetime) -> bool:
    return app.submitted_at is not None and start <= app.submitted_at < end


@given(report_applications(), PERIODS)
def test_body_figures_agree_with_brute_force_on_memory(
    apps: list[Application], period: tuple[datetime, datetime]
) -> None:
    report = _reports(_stored(apps), FrozenClock(NOW)).body_report(OPERATOR, *period)
    assert_body_report_matches(report, apps, NOW)


@given(report_applications(), PERIODS)
def test_counted_figures_equal_the_figures_built_from_every_row(
    apps: list[Application], period: tuple[datetime, datetime]
) -> None:
    report = _reports(_stored(apps), FrozenClock(NOW)).body_report(OPERATOR, *period)
    assert report == figures_from_rows(report, apps)


@given(report_applications(), PERIODS, st.sampled_from(REPORT_ORGS))
def test_applicant_report_lists_exactly_the_visible_procedures_of_the_period(
    apps: list[Application], period: tuple[datetime, datetime], ogrn: str | None
) -> None:
    actor = seated("alice", organisation_ogrn=ogrn)
    storage = _stored(apps)
    seat_all(storage, actor, at=NOW)  # the representative link is what storage says
    report = _reports(storage, FrozenClock(NOW)).applicant_report(actor, *period)
    expected = {
        a.id
        for a in apps
        if _in(a, *period) and (a.applicant_id == "alice" or (ogrn and a.organisation_ogrn == ogrn))
    }
    assert [r.application_id for r in report.procedures] == sorted(
        expected, key=lambda i: (next(a.submitted_at for a in apps if a.id == i), i)
    )


@given(DURATIONS)
def test_median_and_p90_match_their_definitions(values: list[timedelta]) -> None:
    found = median(values)
    p90 = nearest_rank(values, 90)
    if not values:
        assert found is None
        assert p90 is None
        return
    assert found is not None
    assert math.isclose(found.total_seconds(), statistics.median(v.total_seconds() for v in values))
    assert p90 == brute_p90(values)
    assert p90 in values


@given(report_applications(), PERIODS, st.sampled_from(["ru", "en"]), st.booleans())
def test_csv_round_trips_through_csv_reader(
    apps: list[Application], period: tuple[datetime, datetime], lang: Lang, bom: bool
) -> None:
    service = _reports(_stored(apps), FrozenClock(NOW))
    applicant = service.applicant_report(ALICE, *period)
    body = service.body_report(OPERATOR, *period)
    for data, columns, count in (
        (
            procedures_csv(applicant, lang=lang, bom=bom),
            PROCEDURE_COLUMNS,
            len(applicant.procedures),
        ),
        (overdue_csv(body, lang=lang, bom=bom), OVERDUE_COLUMNS, len(body.overdue)),
        (figures_csv(body, lang=lang, bom=bom), FIGURE_COLUMNS, None),
    ):
        assert data.startswith(b"\xef\xbb\xbf") is bom
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(rows[0]) == len(columns)
        assert all(len(row) == len(columns) for row in rows)
        if count is not None:
            assert len(rows) == count + 1
    rows = list(csv.reader(io.StringIO(procedures_csv(applicant).decode(), newline="")))
    assert [r[0] for r in rows[1:]] == [p.application_id for p in applicant.procedures]
    assert [r[2] for r in rows[1:]] == [str(p.status) for p in applicant.procedures]
    figures = list(csv.reader(io.StringIO(figures_csv(body).decode(), newline="")))
    by_status = {r[1]: int(r[2]) for r in figures if r[0] == "by_status"}
    assert by_status == body.by_status
    assert json.loads(report_json(body))["by_outcome"] == body.by_outcome
    assert len(json.loads(report_json(applicant))["procedures"]) == len(applicant.procedures)


def test_headers_are_russian_or_english() -> None:
    report = _reports(MemoryStorage(), FrozenClock(NOW)).applicant_report(ALICE, START, NOW)
    assert procedures_csv(report).decode().splitlines()[0].startswith("Заявление,Вид аккредитации")
    assert procedures_csv(report, lang="en").decode().splitlines()[0].startswith("Application,")


def test_only_staff_get_the_body_report_and_applicants_only_their_own() -> None:
    service = _reports(MemoryStorage(), FrozenClock(NOW))
    with pytest.raises(PermissionDenied):
        service.body_report(ALICE, START, NOW)
    with pytest.raises(PermissionDenied):
        service.applicant_report(ALICE, START, NOW, account_id="bob")
    assert service.applicant_report(OPERATOR, START, NOW, account_id="bob").procedures == ()


def test_bad_period_is_refused() -> None:
    service = _reports(MemoryStorage(), FrozenClock(NOW))
    with pytest.raises(ValidationError) as refused:
        service.body_report(OPERATOR, NOW, START)
    assert refused.value.code == "report.bad_period"


class _Holidays:
    def __init__(self, *days: date) -> None:
        self.days = set(days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.days


def test_no_progress_counts_working_days_on_the_calendar() -> None:
    friday = datetime(2026, 4, 24, 15, 0, tzinfo=UTC)  # the 10th working day after: 2026-05-12
    app = Application(
        id="a1",
        applicant_id="alice",
        catalogue="portal",
        type_code="general",
        created_at=friday,
        status=ApplicationStatus.PROCESSING,
        submitted_at=friday,
    )
    storage = _stored([app])
    clock = FrozenClock(datetime(2026, 5, 8, 20, 0, tzinfo=UTC))  # 23:00 in Moscow
    weekdays = _reports(storage, clock)  # 10 weekdays after Friday: Friday 2026-05-08
    assert weekdays.body_report(OPERATOR, START, NOW).overdue == ()
    clock.set(datetime(2026, 5, 8, 21, 1, tzinfo=UTC))  # 00:01 on 2026-05-09 in Moscow
    (item,) = weekdays.body_report(OPERATOR, START, NOW).overdue
    assert (item.reason, item.due_at) == ("no_progress", datetime(2026, 5, 9, tzinfo=MOSCOW))
    may = _reports(storage, clock, calendar=_Holidays(date(2026, 5, 1), date(2026, 5, 11)))
    assert may.body_report(OPERATOR, START, NOW).overdue == ()  # due at the end of 2026-05-12
