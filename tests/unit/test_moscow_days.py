"""Every calendar-day decision uses the Moscow day (docs/domain.md).

Each case sits in the three hours after Moscow midnight, when the UTC date is still the
day before: reports counted "no progress" days, registration checked age and acts
compared a Moscow deadline by the UTC date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.certificates.acts import Decision, Participant, check_decision
from accredkit.domain.moscow import MOSCOW
from accredkit.errors import ValidationError
from accredkit.services.authority import Authority
from accredkit.services.reports.reports import ReportService
from accredkit.services.schema import APPLICATIONS
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.seats import LONG_SESSIONS, seat_all, seated

OPERATOR = seated("operator", Role.OPERATOR)
PEOPLE = (Participant("rita", "reviewer"),)


def test_no_progress_days_start_from_the_moscow_submission_day() -> None:
    # Thursday 22:30 UTC is Friday 01:30 in Moscow: ten working days after Friday 24.04.
    submitted = datetime(2026, 4, 23, 22, 30, tzinfo=UTC)
    app = Application(
        id="a1",
        applicant_id="alice",
        catalogue="portal",
        type_code="general",
        created_at=submitted,
        status=ApplicationStatus.PROCESSING,
        submitted_at=submitted,
    )
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        uow.repository(APPLICATIONS).add(app)
        uow.commit()
    clock = FrozenClock(datetime(2026, 5, 8, 12, 0, tzinfo=UTC))
    seat_all(storage, OPERATOR, at=clock.now())
    service = ReportService(storage, clock, Authority(clock, LONG_SESSIONS))
    start, end = datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    assert service.body_report(OPERATOR, start, end).overdue == ()
    clock.set(datetime(2026, 5, 8, 21, 1, tzinfo=UTC))  # 00:01 on Saturday in Moscow
    (item,) = service.body_report(OPERATOR, start, end).overdue
    assert item.due_at == datetime(2026, 5, 9, tzinfo=MOSCOW)


def test_registration_checks_age_by_the_moscow_day() -> None:
    # 16 years old on 2026-03-03; at 22:00 UTC on the 2nd it is already the 3rd in Moscow.
    h = AccountsHarness(at=datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    registered = h.accounts.register(default_form(birth_date="03.03.2010"))
    assert h.account(registered.account_id).birth_date == date(2010, 3, 3)


def test_an_act_deadline_before_the_moscow_decision_day_is_refused() -> None:
    decided = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 2026-03-03 01:30 in Moscow
    with pytest.raises(ValidationError) as caught:
        check_decision(Decision.INFO_REQUEST, ("?",), PEOPLE, date(2026, 3, 2), decided)
    assert caught.value.code == "act.deadline_required"
    check_decision(Decision.INFO_REQUEST, ("?",), PEOPLE, date(2026, 3, 3), decided)
    check_decision(
        Decision.INFO_REQUEST, ("?",), PEOPLE, date(2026, 3, 3), decided - timedelta(hours=3)
    )
