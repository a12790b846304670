"""What happened to a support ticket (обращение): ids, numbers and statuses only."""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.events import DomainEvent

__all__ = ["TicketAnswered", "TicketClosed", "TicketFollowedUp", "TicketOpened"]


@attrs.frozen
class TicketOpened(DomainEvent):
    """An applicant opened a ticket."""

    ticket_id: str
    number: str
    category: str
    at: datetime


@attrs.frozen
class TicketAnswered(DomainEvent):
    """Support answered."""

    ticket_id: str
    number: str
    status: str
    at: datetime


@attrs.frozen
class TicketFollowedUp(DomainEvent):
    """The applicant wrote again."""

    ticket_id: str
    number: str
    status: str
    at: datetime


@attrs.frozen
class TicketClosed(DomainEvent):
    """The ticket was closed."""

    ticket_id: str
    number: str
    status: str
    at: datetime
