"""Outcomes of the outbox (docs/notifications.md): the message by id, never its address.

One class per outcome of a delivery attempt; all share ``OutboxOutcome``'s fields.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.events import DomainEvent

__all__ = [
    "NotificationFailed",
    "NotificationOutcomeUnknown",
    "NotificationRequeued",
    "NotificationRetryScheduled",
    "NotificationSent",
    "OutboxOutcome",
    "ReminderQueued",
]


@attrs.frozen
class OutboxOutcome(DomainEvent):
    """Common shape: which message, on which channel, from which template, how often tried."""

    message_id: str
    channel: str
    template: str
    attempts: int
    at: datetime


@attrs.frozen
class NotificationSent(OutboxOutcome):
    """The gateway accepted the message."""


@attrs.frozen
class NotificationRetryScheduled(OutboxOutcome):
    """The gateway was unavailable; another attempt is due later."""


@attrs.frozen
class NotificationFailed(OutboxOutcome):
    """No further attempt: the address was refused or attempts ran out."""


@attrs.frozen
class NotificationOutcomeUnknown(OutboxOutcome):
    """The gateway's answer is unknown; an operator decides (never resent alone)."""


@attrs.frozen
class NotificationRequeued(OutboxOutcome):
    """An operator sent a failed message again."""


@attrs.frozen
class ReminderQueued(DomainEvent):
    """A deadline reminder was queued (once per subject, template and threshold)."""

    subject_type: str
    subject_id: str
    template: str
    threshold_days: int
    message_ids: tuple[str, ...]
    at: datetime
