"""Support tickets: open, list, answer, close; due in 2 working days on the calendar."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from accredkit.domain.support import (
    DEFAULT_CHANNELS,
    SupportChannel,
    Ticket,
    TicketCategory,
    TicketMessage,
    TicketStatus,
    answer_due,
    expected_answer,
    is_open,
    ticket_number,
)
from accredkit.errors import NotFound, ValidationError, Violation
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import Collection, Storage
from accredkit.services import audit
from accredkit.services.notifications import notify_account
from accredkit.services.numbering import by_number, next_number
from accredkit.services.reminders import ContactInUnit
from accredkit.services.screening import screened

__all__ = ["ANSWER_WORKING_DAYS", "TICKETS", "SupportService"]

TICKETS = Collection(
    "tickets",
    Ticket,
    indexes=("number", "account_id", "status", "category", "created_at", "answer_due"),
)
ANSWER_WORKING_DAYS = 2
_ACTIONS = {
    "answer": "ticket.answered",
    "follow_up": "ticket.followed_up",
    "close": "ticket.closed",
}


@screened
class SupportService:
    """The support desk.

    Args:
        storage: where tickets live.
        calendar: the production calendar (answer due dates count working days).
        clock: the time.
        ids: ticket ids.
        channels: contact channels and their hours (configuration).
        answer_days: working days support has to answer.
    """

    def __init__(
        self,
        storage: Storage,
        calendar: WorkingCalendar,
        clock: Clock,
        ids: RandomSource,
        *,
        channels: Sequence[SupportChannel] = DEFAULT_CHANNELS,
        answer_days: int = ANSWER_WORKING_DAYS,
        contacts: ContactInUnit | None = None,
    ) -> None:
        self.contacts = contacts
        self.storage = storage
        self.calendar = calendar
        self.clock = clock
        self.ids = ids
        self.channels = tuple(channels)
        self.answer_days = answer_days

    def open(
        self, account_id: str, category: TicketCategory | str, subject: str, text: str
    ) -> Ticket:
        """Open a ticket with its first message; it gets a number and a due time.

        Raises:
            ValidationError: an unknown category, or an empty subject or text.
        """
        found = []
        try:
            kind = TicketCategory(category)
        except ValueError:
            found.append(
                Violation(
                    "ticket.category",
                    "category",
                    "Выберите тему обращения из списка.",
                    f"unknown category {category!r}; one of {[c.value for c in TicketCategory]}",
                )
            )
        for field, value, ru in (("subject", subject, "тему"), ("text", text, "текст")):
            if not value.strip():
                found.append(
                    Violation("ticket.empty", field, f"Укажите {ru} обращения.", f"{field} empty")
                )
        if found:
            raise ValidationError.of(found)
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            number = ticket_number(next_number(uow, "ticket"))
            ticket = uow.repository(TICKETS).add(
                Ticket(
                    id=self.ids.new_id(),
                    number=number,
                    category=kind,
                    account_id=account_id,
                    subject=subject.strip(),
                    created_at=now,
                    answer_due=answer_due(now, self.answer_days, self.calendar.is_working_day),
                    messages=(TicketMessage(account_id, False, text.strip(), now),),
                )
            )
            audit.record(
                uow,
                at=now,
                actor=account_id,
                role="applicant",
                action="ticket.opened",
                subject_type="ticket",
                subject_id=ticket.id,
                number=ticket.number,
                category=str(ticket.category.value),
            )
            uow.commit()
        return ticket

    def show(self, id: str) -> Ticket:
        """The ticket ``id`` (``NotFound`` if none)."""
        with self.storage.unit_of_work() as uow:
            return uow.repository(TICKETS).get(id)

    def by_number(self, number: str) -> Ticket:
        """The ticket a user quotes by number (``ТП-000123``)."""
        canonical = number.strip().upper().replace("TP", "ТП")
        return by_number(self.storage, TICKETS, canonical, "Обращение")

    def list(
        self, *, account_id: str | None = None, status: TicketStatus | str | None = None
    ) -> list[Ticket]:
        """Tickets, oldest due first, of one account and/or in one status."""
        where: dict[str, object] = {}
        if account_id is not None:
            where["account_id"] = account_id
        if status is not None:
            where["status"] = TicketStatus(status)
        with self.storage.unit_of_work() as uow:
            return uow.repository(TICKETS).query(where, order_by="answer_due")

    def overdue(self, now: datetime | None = None) -> builtins.list[Ticket]:
        """Open tickets past their answer due time."""
        moment = now or self.clock.now()
        return [t for t in self.list(status=TicketStatus.OPEN) if t.overdue(moment)]

    def _change(self, id: str, change: str, author_id: str, text: str = "") -> Ticket:
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            repo = uow.repository(TICKETS)
            ticket = repo.get(id)
            if change == "answer":
                changed = ticket.answer(author_id, text, now)
            elif change == "follow_up":
                changed = ticket.follow_up(author_id, text, now)
            else:
                changed = ticket.close(now)
            stored = repo.update(changed)
            if change == "answer":  # the author hears of each answer, once
                notify_account(
                    uow,
                    self.contacts,
                    ticket.account_id,
                    template="ticket.answered",
                    params={"number": stored.number},
                    now=now,
                    dedup_key=f"ticket-answered:{stored.id}:{len(stored.messages)}",
                )
            by_user = author_id == ticket.account_id and change != "answer"
            audit.record(
                uow,
                at=now,
                actor=author_id,
                role="applicant" if by_user else "operator",
                action=_ACTIONS[change],
                subject_type="ticket",
                subject_id=id,
                number=stored.number,
                status=str(stored.status.value),
            )
            uow.commit()
        return stored

    def answer(self, id: str, author_id: str, text: str) -> Ticket:
        """Support answers the ticket."""
        return self._change(id, "answer", author_id, text)

    def follow_up(self, id: str, author_id: str, text: str) -> Ticket:
        """The user adds a message; the ticket is open again."""
        return self._change(id, "follow_up", author_id, text)

    def close(self, id: str, actor_id: str) -> Ticket:
        """Close the ticket."""
        return self._change(id, "close", actor_id)

    def is_open(self, channel: str, now: datetime | None = None) -> bool:
        """Whether the channel ``channel`` (``phone``, ``chat``, ``email``, ``form``) is
        staffed now (working-day hours on the production calendar).

        Raises:
            NotFound: no channel with that code.
        """
        return is_open(
            self._channel(channel), now or self.clock.now(), self.calendar.is_working_day
        )

    def expected_answer(self, channel: str, now: datetime | None = None) -> datetime:
        """When a request made on ``channel`` now can expect its answer (UTC).

        Raises:
            NotFound: no channel with that code.
        """
        return expected_answer(
            self._channel(channel), now or self.clock.now(), self.calendar.is_working_day
        )

    def _channel(self, code: str) -> SupportChannel:
        for candidate in self.channels:
            if candidate.code == code:
                return candidate
        raise NotFound(
            f"no support channel {code!r}",
            message_ru="Такого канала поддержки нет.",
            code="support.channel",
            value=code,
        )
