"""Support tickets: open, list, answer, close; due in 2 working days on the calendar."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

import attrs

from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.correspondence.support import (
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
from accredkit.domain.correspondence.support_events import (
    TicketAnswered,
    TicketClosed,
    TicketFollowedUp,
    TicketOpened,
)
from accredkit.errors import NotFound, ValidationError, Violation
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.correspondence.queueing import notify_account
from accredkit.services.correspondence.reminders import ContactInUnit
from accredkit.services.journal.table import happened
from accredkit.services.numbering import by_number, next_number
from accredkit.services.schema import TICKETS, TicketQuery
from accredkit.services.screening import screened

__all__ = ["ANSWER_WORKING_DAYS", "SupportService"]

ANSWER_WORKING_DAYS = 2
_EVENTS: dict[str, type[TicketAnswered | TicketFollowedUp | TicketClosed]] = {
    "answer": TicketAnswered,
    "follow_up": TicketFollowedUp,
    "close": TicketClosed,
}


@screened
class SupportService:
    """The support desk.

    Args:
        storage: where tickets live.
        calendar: the production calendar (answer due dates count working days).
        clock: the time.
        ids: ticket ids.
        authority: who may open, read and answer tickets (``docs/authority.md``).
        channels: contact channels and their hours (configuration).
        answer_days: working days support has to answer.
    """

    def __init__(
        self,
        storage: Storage,
        calendar: WorkingCalendar,
        clock: Clock,
        ids: RandomSource,
        authority: Authority,
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
        self.authority = authority
        self.channels = tuple(channels)
        self.answer_days = answer_days

    def open(self, actor: Actor, category: TicketCategory | str, subject: str, text: str) -> Ticket:
        """Open a ticket with its first message; it gets a number and a due time.

        Raises:
            ValidationError: an unknown category, or an empty subject or text.
        """
        with self.storage.unit_of_work() as uow:
            opener = self.authority.admit(uow, actor, "support.open")
        account_id = opener.id
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
            happened(
                uow,
                TicketOpened(ticket.id, ticket.number, str(ticket.category.value), now),
                actor=attrs.evolve(opener, roles=frozenset({Role.APPLICANT})),
            )
            uow.commit()
        return ticket

    def show(self, actor: Actor, id: str) -> Ticket:
        """The ticket ``id`` (``NotFound`` if none, or not the actor's)."""
        with self.storage.unit_of_work() as uow:
            return self._reach(uow, actor, "support.show", id)[1]

    def by_number(self, actor: Actor, number: str) -> Ticket:
        """The ticket a user quotes by number (``ТП-000123``)."""
        canonical = number.strip().upper().replace("TP", "ТП")
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, "support.by_number")
        found = by_number(self.storage, TICKETS, canonical, "Обращение")
        self.authority.reach(admitted, "support.by_number", _subject(found), _missing(canonical))
        return found

    def list(
        self,
        actor: Actor,
        *,
        account_id: str | None = None,
        status: TicketStatus | str | None = None,
    ) -> builtins.list[Ticket]:
        """Tickets, oldest due first: an applicant's own; support's of any account.

        Raises:
            NotFound: an applicant asked for another account's tickets.
        """
        where: TicketQuery = {}
        if status is not None:
            where["status"] = TicketStatus(status)
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, "support.list")
            if account_id is not None or not admitted.holds(Role.SUPPORT, Role.OPERATOR):
                owner = admitted.id if account_id is None else account_id
                subject = Subject("account", owner, owner)
                self.authority.reach(admitted, "support.list", subject, _missing(owner))
                where["account_id"] = owner
            return uow.repository(TICKETS).query(where, order_by="answer_due")

    def overdue(self, actor: Actor, now: datetime | None = None) -> builtins.list[Ticket]:
        """Open tickets past their answer due time (support, operators, the system)."""
        moment = now or self.clock.now()
        with self.storage.unit_of_work() as uow:
            self.authority.admit(uow, actor, "support.overdue")
            open_tickets = uow.repository(TICKETS).query(
                {"status": TicketStatus.OPEN}, order_by="answer_due"
            )
        return [t for t in open_tickets if t.overdue(moment)]

    def _reach(
        self, uow: UnitOfWork, actor: Actor, action: str, id: str
    ) -> tuple[Actor, Ticket, Role]:
        admitted = self.authority.admit(uow, actor, action)
        ticket = uow.repository(TICKETS).find(id)
        subject = None if ticket is None else _subject(ticket)
        role = self.authority.reach(admitted, action, subject, _missing(id))
        assert ticket is not None
        return admitted, ticket, role

    def _change(self, actor: Actor, id: str, change: str, text: str = "") -> Ticket:
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            author, ticket, role = self._reach(uow, actor, f"support.{change}", id)
            repo = uow.repository(TICKETS)
            if change == "answer":
                changed = ticket.answer(author.id, text, now)
            elif change == "follow_up":
                changed = ticket.follow_up(author.id, text, now)
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
            happened(
                uow,
                _EVENTS[change](id, stored.number, str(stored.status.value), now),
                actor=attrs.evolve(author, roles=frozenset({role})),
            )
            uow.commit()
        return stored

    def answer(self, actor: Actor, id: str, text: str) -> Ticket:
        """Support answers the ticket."""
        return self._change(actor, id, "answer", text)

    def follow_up(self, actor: Actor, id: str, text: str) -> Ticket:
        """The user adds a message; the ticket is open again."""
        return self._change(actor, id, "follow_up", text)

    def close(self, actor: Actor, id: str) -> Ticket:
        """Close the ticket (its author, or support)."""
        return self._change(actor, id, "close")

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


def _subject(ticket: Ticket) -> Subject:
    return Subject("ticket", ticket.id, ticket.account_id)


def _missing(id: str) -> NotFound:
    return NotFound(
        f"ticket {id!r} not found",
        message_ru="Обращение не найдено.",
        code="ticket.not_found",
        value=id,
    )
