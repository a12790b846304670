"""Support tickets: numbers, working-day due dates across holidays, channel hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.holidays_calendar import HolidaysCalendar
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.correspondence.support import (
    DEFAULT_CHANNELS,
    SupportChannel,
    TicketStatus,
    add_working_days,
    answer_due,
    is_open,
)
from accredkit.domain.correspondence.templates import MOSCOW
from accredkit.errors import NotFound, ValidationError
from accredkit.services.authority import Authority
from accredkit.services.correspondence.support import SupportService
from tests.support.seats import LONG_SESSIONS, seat

RU = HolidaysCalendar("RU")


def _msk(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MOSCOW)


def _due(created: datetime, calendar: HolidaysCalendar = RU) -> datetime:
    return answer_due(created, 2, calendar.is_working_day).astimezone(MOSCOW)


def test_friday_afternoon_ticket_is_due_on_tuesday() -> None:
    assert _due(_msk(2026, 5, 15, 15, 30)) == _msk(2026, 5, 19, 15, 30)


def test_ticket_on_30_april_2026_is_due_on_5_may_after_the_may_day_break() -> None:
    # 1 May (Fri) is a holiday, 2–3 May the weekend: Mon 4 May counts 1, Tue 5 May 2.
    assert _due(_msk(2026, 4, 30, 10)) == _msk(2026, 5, 5, 10)


def test_ticket_before_victory_day_skips_the_observed_monday() -> None:
    # 9 May 2026 is a Saturday; the day off moves to Monday 11 May.
    assert not RU.is_working_day(date(2026, 5, 11))
    assert _due(_msk(2026, 5, 8, 17)) == _msk(2026, 5, 13, 17)


def test_ticket_sent_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert _due(_msk(2026, 5, 1, 12)) == _msk(2026, 5, 5, 12)
    # Friday 23:30 UTC is already Saturday in Moscow.
    late = datetime(2026, 5, 8, 23, 30, tzinfo=UTC)
    assert _due(late) == _msk(2026, 5, 13, 2, 30)


def test_overrides_add_what_the_holidays_package_lacks() -> None:
    extra_day_off = HolidaysCalendar("RU", {date(2026, 5, 4): False})
    assert _due(_msk(2026, 4, 30), extra_day_off) == _msk(2026, 5, 6, 10)
    working_saturday = HolidaysCalendar("RU", {date(2026, 5, 16): True})
    assert _due(_msk(2026, 5, 15, 9), working_saturday) == _msk(2026, 5, 18, 9)


def test_the_holidays_package_knows_the_2026_transfers() -> None:
    assert not RU.is_working_day(date(2026, 1, 9))  # from Saturday 3 January
    assert not RU.is_working_day(date(2026, 12, 31))  # from Sunday 4 January
    assert RU.is_working_day(date(2026, 5, 4))


HOLIDAY_SETS = st.sets(st.dates(date(2025, 12, 1), date(2027, 3, 1)), max_size=60)
STARTS = st.dates(date(2026, 1, 1), date(2026, 12, 31))


def _calendar(days_off: set[date]) -> HolidaysCalendar:
    return HolidaysCalendar("RU", dict.fromkeys(days_off, False))


@given(STARTS, st.integers(1, 15), HOLIDAY_SETS)
def test_due_day_is_a_working_day_exactly_n_working_days_later(
    start: date, days: int, days_off: set[date]
) -> None:
    calendar = _calendar(days_off)
    due = add_working_days(start, days, calendar.is_working_day)
    assert calendar.is_working_day(due)
    between = [start + timedelta(n) for n in range(1, (due - start).days + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == days


@given(STARTS, STARTS, st.integers(1, 5), HOLIDAY_SETS)
def test_later_tickets_are_never_due_earlier(
    first: date, second: date, days: int, days_off: set[date]
) -> None:
    calendar = _calendar(days_off)
    a, b = sorted((first, second))
    assert add_working_days(a, days, calendar.is_working_day) <= add_working_days(
        b, days, calendar.is_working_day
    )


def test_working_day_count_must_be_positive_and_calendar_must_have_work() -> None:
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(date(2026, 5, 1), 0, RU.is_working_day)
    with pytest.raises(ValueError, match="no working days"):
        add_working_days(date(2026, 5, 1), 1, lambda day: False)


@pytest.mark.parametrize(
    ("utc", "staffed"),
    [(time(4, 59), False), (time(5, 0), True), (time(16, 59), True), (time(17, 0), False)],
)
def test_phone_and_chat_answer_from_8_to_20_moscow_time(utc: time, staffed: bool) -> None:
    moment = datetime.combine(date(2026, 5, 9), utc, tzinfo=UTC)
    phone, chat, form = (_channel(code) for code in ("phone", "chat", "form"))
    assert is_open(phone, moment) is staffed
    assert is_open(chat, moment) is staffed
    assert is_open(form, moment)


def _channel(code: str) -> SupportChannel:
    return next(channel for channel in DEFAULT_CHANNELS if channel.code == code)


def test_channel_hours_may_be_limited_to_weekdays() -> None:
    office = SupportChannel("office", "Приёмная", "Office", time(9), time(18), frozenset(range(5)))
    assert is_open(office, _msk(2026, 5, 15, 12))  # Friday
    assert not is_open(office, _msk(2026, 5, 16, 12))  # Saturday


@attrs.frozen
class Desk:
    """A support service over bare storage, with two users and an agent seated in it."""

    service: SupportService
    clock: FrozenClock
    users: dict[str, Actor]
    agent: Actor


def _desk(now: datetime) -> Desk:
    clock, storage = FrozenClock(now), MemoryStorage()
    authority = Authority(clock, LONG_SESSIONS)
    at = now.astimezone(UTC)
    users = {name: seat(storage, name, at=at) for name in ("acc-1", "acc-2")}
    agent = seat(storage, "support-1", Role.SUPPORT, at=at)
    return Desk(SupportService(storage, RU, clock, SeededRandom(4), authority), clock, users, agent)


def _service(now: datetime) -> tuple[SupportService, FrozenClock]:
    desk = _desk(now)
    return desk.service, desk.clock


def test_tickets_get_consecutive_numbers_and_a_due_time() -> None:
    desk = _desk(_msk(2026, 4, 30, 10))
    service, one, two = desk.service, desk.users["acc-1"], desk.users["acc-2"]
    first = service.open(one, "login", "Не приходит SMS", "Код не приходит уже час.")
    second = service.open(two, "documents", "Не загружается скан", "Файл 6 МБ.")
    assert (first.number, second.number) == ("ТП-000001", "ТП-000002")
    assert first.answer_due.astimezone(MOSCOW) == _msk(2026, 5, 5, 10)
    assert service.by_number(two, "тп-000002").id == second.id
    assert [t.id for t in service.list(desk.agent, account_id="acc-1")] == [first.id]
    assert [t.id for t in service.list(one)] == [first.id]
    with pytest.raises(NotFound):
        service.by_number(one, "ТП-000002")  # another user's ticket is not theirs to know


def test_answer_follow_up_and_close() -> None:
    desk = _desk(_msk(2026, 5, 15, 15))
    service, clock, user = desk.service, desk.clock, desk.users["acc-1"]
    ticket = service.open(user, "category_choice", "Какой вид выбрать?", "Я терапевт.")
    clock.advance(timedelta(hours=1))
    answered = service.answer(desk.agent, ticket.id, "Выберите «Специализированная».")
    assert answered.status is TicketStatus.ANSWERED
    assert len(answered.messages) == 2
    reopened = service.follow_up(user, ticket.id, "А стаж нужен?")
    assert reopened.status is TicketStatus.OPEN
    closed = service.close(user, ticket.id)
    assert closed.status is TicketStatus.CLOSED
    assert closed.closed_at == clock.now()
    with pytest.raises(ValidationError, match="closed"):
        service.answer(desk.agent, ticket.id, "late")


def test_open_tickets_past_due_are_overdue() -> None:
    desk = _desk(_msk(2026, 5, 15, 15))
    service = desk.service
    waiting = service.open(desk.users["acc-1"], "other", "Вопрос", "Текст")
    answered = service.open(desk.users["acc-2"], "other", "Вопрос", "Текст")
    service.answer(desk.agent, answered.id, "Ответ")
    assert service.overdue(desk.agent, _msk(2026, 5, 19, 14, 59)) == []
    assert [t.id for t in service.overdue(desk.agent, _msk(2026, 5, 19, 15, 1))] == [waiting.id]


def test_bad_ticket_lists_every_problem() -> None:
    desk = _desk(_msk(2026, 5, 15))
    with pytest.raises(ValidationError) as caught:
        desk.service.open(desk.users["acc-1"], "billing", " ", "")
    assert [v.field for v in caught.value.violations] == ["category", "subject", "text"]
    assert desk.service.list(desk.agent) == []


def test_service_answers_whether_a_channel_is_staffed() -> None:
    service, _ = _service(_msk(2026, 5, 15, 21))
    assert not service.is_open("phone")
    assert service.is_open("chat", _msk(2026, 5, 16, 9))
    with pytest.raises(NotFound):
        service.is_open("fax")


# Issue 15, item 10: the channels of the cabinet, as data, and the answer time to expect --
@pytest.mark.parametrize(
    ("asked", "answered"),
    [
        (_msk(2026, 5, 18, 10), _msk(2026, 5, 19, 10)),  # Monday morning: 24 hours
        (_msk(2026, 5, 15, 17), _msk(2026, 5, 18, 9)),  # Friday 17:00 → Monday opening
        (_msk(2026, 5, 15, 20), _msk(2026, 5, 19, 9)),  # after hours: from Monday 09:00
        (_msk(2026, 5, 8, 12), _msk(2026, 5, 12, 9)),  # before Victory Day's days off
    ],
)
def test_email_is_answered_within_24_hours_on_working_days_9_to_18(
    asked: datetime, answered: datetime
) -> None:
    service, _ = _service(asked)
    assert service.expected_answer("email") == answered
    assert _channel("email").answer_within == timedelta(hours=24)


def test_email_is_staffed_on_working_days_9_to_18_only() -> None:
    service, _ = _service(_msk(2026, 5, 18, 10))
    assert service.is_open("email")
    assert not service.is_open("email", _msk(2026, 5, 18, 18))
    assert not service.is_open("email", _msk(2026, 5, 16, 12))  # Saturday
    assert not service.is_open("email", _msk(2026, 5, 11, 12))  # a holiday Monday


def test_the_hotline_takes_calls_round_the_clock_and_answers_8_to_20() -> None:
    service, _ = _service(_msk(2026, 5, 18, 12))
    assert _channel("phone").takes_always
    assert service.expected_answer("phone") == _msk(2026, 5, 18, 12)  # answered now
    night = _msk(2026, 5, 16, 21)  # Saturday night → the next working day at 08:00
    assert service.expected_answer("phone", night) == _msk(2026, 5, 18, 8)
    assert service.expected_answer("phone", _msk(2026, 5, 19, 6)) == _msk(2026, 5, 19, 8)


def test_a_form_is_answered_by_the_ticket_due_time() -> None:
    service, _ = _service(_msk(2026, 4, 30, 10))
    assert service.expected_answer("form") == _msk(2026, 5, 5, 10)
