"""Support tickets (обращения в техподдержку) and the working-day arithmetic of their SLA.

A ticket gets a number (``ТП-000123``) and an answer due 2 working days after it was
opened, on the production calendar; the contact channels and their hours are data.
Working days come from a passed-in ``is_working_day`` so the rule stays pure.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import attrs

from accredkit.domain.correspondence.templates import MOSCOW
from accredkit.domain.masks import mask_text
from accredkit.errors import ValidationError, Violation

__all__ = [
    "DEFAULT_CHANNELS",
    "MAX_SEARCH_DAYS",
    "SupportChannel",
    "Ticket",
    "TicketCategory",
    "TicketMessage",
    "TicketStatus",
    "add_working_days",
    "answer_due",
    "expected_answer",
    "is_open",
    "ticket_number",
]

IsWorkingDay = Callable[[date], bool]
MAX_SEARCH_DAYS = 366


class TicketCategory(enum.StrEnum):
    """What the ticket is about (the choices on the support form)."""

    LOGIN = "login"  # вход в личный кабинет
    DOCUMENTS = "documents"  # загрузка документов
    CATEGORY_CHOICE = "category_choice"  # выбор вида аккредитации
    OTHER = "other"  # другое


class TicketStatus(enum.StrEnum):
    """Where a ticket stands."""

    OPEN = "open"  # ждёт ответа
    ANSWERED = "answered"  # дан ответ
    CLOSED = "closed"  # закрыто


def add_working_days(start: date, days: int, is_working_day: IsWorkingDay) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts).

    Args:
        start: the day counting starts after.
        days: how many working days, at least 1.
        is_working_day: the production calendar.

    Raises:
        ValueError: ``days`` < 1, or no working day within a year of searching.
    """
    if days < 1:
        raise ValueError("count at least one working day")
    day, found, searched = start, 0, 0
    while found < days:
        day += timedelta(days=1)
        searched += 1
        if searched > MAX_SEARCH_DAYS * days:
            raise ValueError("the calendar has no working days")
        if is_working_day(day):
            found += 1
    return day


def answer_due(created_at: datetime, days: int, is_working_day: IsWorkingDay) -> datetime:
    """When the answer is due: the same Moscow time, ``days`` working days later (UTC).

    A ticket sent on Friday afternoon is due on Tuesday afternoon; one sent on a
    holiday counts from the next working day.
    """
    local = created_at.astimezone(MOSCOW)
    due_day = add_working_days(local.date(), days, is_working_day)
    return datetime.combine(due_day, local.timetz()).astimezone(UTC)


def ticket_number(sequence: int) -> str:
    """The number users quote: ``ТП-000123``."""
    if sequence < 1:
        raise ValueError("ticket numbers start at 1")
    return f"ТП-{sequence:06d}"


@attrs.frozen
class TicketMessage:
    """One message in a ticket's conversation."""

    author_id: str
    from_support: bool
    text: str = attrs.field(repr=mask_text)
    at: datetime


def _refuse(code: str, field: str, ru: str, en: str) -> ValidationError:
    return ValidationError.of([Violation(f"ticket.{code}", field, ru, en)])


@attrs.frozen
class Ticket:
    """A support ticket and its conversation."""

    id: str
    number: str
    category: TicketCategory
    account_id: str
    subject: str = attrs.field(repr=mask_text)
    created_at: datetime
    answer_due: datetime
    messages: tuple[TicketMessage, ...]
    version: int = 0
    status: TicketStatus = TicketStatus.OPEN
    closed_at: datetime | None = None

    def overdue(self, now: datetime) -> bool:
        """Whether the ticket still waits for an answer past its due time."""
        return self.status is TicketStatus.OPEN and now > self.answer_due

    def _say(self, author_id: str, from_support: bool, text: str, at: datetime) -> Ticket:
        if self.status is TicketStatus.CLOSED:
            raise _refuse(
                "closed",
                "status",
                "Обращение закрыто; создайте новое.",
                "the ticket is closed; open a new one",
            )
        if not text.strip():
            raise _refuse("empty", "text", "Напишите текст сообщения.", "the message is empty")
        status = TicketStatus.ANSWERED if from_support else TicketStatus.OPEN
        message = TicketMessage(author_id, from_support, text.strip(), at)
        return attrs.evolve(self, messages=(*self.messages, message), status=status)

    def answer(self, author_id: str, text: str, at: datetime) -> Ticket:
        """Support answers; the ticket is answered."""
        return self._say(author_id, True, text, at)

    def follow_up(self, author_id: str, text: str, at: datetime) -> Ticket:
        """The user writes again; the ticket waits for support once more."""
        return self._say(author_id, False, text, at)

    def close(self, at: datetime) -> Ticket:
        """Closed (by the user or by support)."""
        if self.status is TicketStatus.CLOSED:
            return self
        return attrs.evolve(self, status=TicketStatus.CLOSED, closed_at=at)


@attrs.frozen
class SupportChannel:
    """A way to reach support, and when someone answers there (Moscow time).

    ``opens``/``closes`` are the hours someone answers (``None``: no live answer — a
    form is answered by the ticket's due time). ``working_days_only``: those hours hold on
    working days of the production calendar only. ``answer_within``: how long an answer
    takes once the request is handled (e-mail: 24 hours). ``takes_always``: requests are
    taken round the clock, and one taken outside the hours is answered on the next
    working day (the hotline).
    """

    code: str
    title_ru: str
    title_en: str
    opens: time | None = None  # None: always open (forms)
    closes: time | None = None
    weekdays: frozenset[int] = frozenset(range(7))  # 0 = Monday
    working_days_only: bool = False
    answer_within: timedelta | None = None
    takes_always: bool = False
    answer_working_days: int | None = None


DEFAULT_CHANNELS = (
    SupportChannel(
        "phone",
        "Телефон горячей линии (круглосуточно)",
        "Hotline phone (round the clock)",
        time(8),
        time(20),
        takes_always=True,
    ),
    SupportChannel("chat", "Чат в личном кабинете", "Chat in the cabinet", time(8), time(20)),
    SupportChannel(
        "email",
        "Электронная почта",
        "E-mail",
        time(9),
        time(18),
        working_days_only=True,
        answer_within=timedelta(hours=24),
        takes_always=True,
    ),
    SupportChannel("form", "Форма обращения", "Support form", answer_working_days=2),
)


def is_open(
    channel: SupportChannel, now: datetime, is_working_day: IsWorkingDay | None = None
) -> bool:
    """Whether ``channel`` is staffed at ``now`` (its hours are Moscow time).

    A ``working_days_only`` channel is staffed on working days only: of the calendar
    given, else Monday to Friday.
    """
    if channel.opens is None or channel.closes is None:
        return True
    local = now.astimezone(MOSCOW)
    if channel.working_days_only:
        working = is_working_day or (lambda day: day.weekday() < 5)
        if not working(local.date()):
            return False
    return local.weekday() in channel.weekdays and channel.opens <= local.time() < channel.closes


def _next_opening(
    channel: SupportChannel, after: datetime, is_working_day: IsWorkingDay
) -> datetime:
    """The first opening of ``channel`` at or after ``after`` on a working day."""
    assert channel.opens is not None
    assert channel.closes is not None
    local = after.astimezone(MOSCOW)
    day = local.date()
    for _ in range(MAX_SEARCH_DAYS):
        opening = datetime.combine(day, channel.opens, MOSCOW)
        closing = datetime.combine(day, channel.closes, MOSCOW)
        if is_working_day(day) and day.weekday() in channel.weekdays and local < closing:
            return max(opening, local).astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError("the calendar has no working days")


def expected_answer(
    channel: SupportChannel, now: datetime, is_working_day: IsWorkingDay
) -> datetime:
    """When a request made on ``channel`` at ``now`` can expect its answer (UTC).

    Staffed now: at once (plus ``answer_within``). Otherwise the request waits for the
    next opening on a working day; an answer that would fall outside the hours comes at
    the opening after it. A form is answered by the ticket's due time.
    """
    if channel.opens is None or channel.closes is None:
        return answer_due(now, channel.answer_working_days or 1, is_working_day)
    start = now if is_open(channel, now, is_working_day) else None
    if start is None:
        start = _next_opening(channel, now, is_working_day)
    if channel.answer_within is None:
        return start.astimezone(UTC)
    due = start + channel.answer_within
    if is_open(channel, due, is_working_day):
        return due.astimezone(UTC)
    return _next_opening(channel, due, is_working_day)
