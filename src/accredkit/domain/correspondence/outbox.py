"""The transactional outbox: messages written with the change they announce, sent later.

A use case queues an :class:`OutboxMessage` inside its own unit of work, so the message
exists exactly when the state change does. A dispatcher then sends it after commit:

```
# status    event                       next status   note
pending     claim (due, not leased)     sending       attempts + 1, lease until now + lease
sending     gateway accepted            sent          secret text scrubbed
sending     gateway refused/unreachable pending       next try after an exponential back-off
sending     … on the last attempt       failed        dead: an operator may requeue it
sending     lease ran out (crash)       failed        outcome unknown — never resent alone
failed      requeue (operator)          pending       attempts start again
```

The claim is committed before the gateway is called, so two dispatchers cannot both send
one message; a dispatcher that dies between the claim and the answer leaves the message
``sending``, and it is *not* sent again automatically (at most once: a reminder twice is
worse than a reminder an operator resends by hand).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import attrs

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.copies import replaced
from accredkit.domain.masks import mask_text

__all__ = [
    "EXPIRY_THRESHOLDS",
    "INFO_DEADLINE_THRESHOLDS",
    "Channel",
    "DeliveryPolicy",
    "MessageStatus",
    "OutboxMessage",
    "due_threshold",
    "message_id",
]

EXPIRY_THRESHOLDS = (90, 30, 7)
INFO_DEADLINE_THRESHOLDS = (3, 1)
UNKNOWN_OUTCOME = "outbox.outcome_unknown"
SCRUBBED = "[скрыто / hidden]"


class Channel(enum.StrEnum):
    """How a message travels."""

    SMS = "sms"
    EMAIL = "email"


class MessageStatus(enum.StrEnum):
    """Where a message is in its delivery (see the table in the module docstring)."""

    PENDING = "pending"  # ждёт отправки
    SENDING = "sending"  # взято отправителем
    SENT = "sent"  # отправлено
    FAILED = "failed"  # не доставлено (окончательно)


@attrs.frozen
class DeliveryPolicy:
    """Retry rules: exponential back-off from ``first_delay`` by ``factor``, capped."""

    first_delay: timedelta = timedelta(minutes=1)
    factor: int = 2
    max_delay: timedelta = timedelta(hours=1)
    max_attempts: int = 8
    lease: timedelta = timedelta(minutes=5)
    batch_size: int = 100
    commit_every: int = 100
    """How many claims (and then outcomes) one unit of work commits (docs/notifications.md)."""

    def __attrs_post_init__(self) -> None:
        if min(self.max_attempts, self.factor, self.batch_size, self.commit_every) < 1:
            raise ValueError("max_attempts, factor, batch_size and commit_every must be at least 1")
        if self.first_delay <= timedelta(0) or self.max_delay < self.first_delay:
            raise ValueError("delays must be positive and max_delay >= first_delay")
        if self.lease <= timedelta(0):
            raise ValueError("lease must be positive")

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt (1-based), never above the cap."""
        exponent = max(attempts - 1, 0)
        # Compare in whole seconds before multiplying, so huge exponents never overflow.
        cap = self.max_delay.total_seconds()
        seconds = self.first_delay.total_seconds()
        for _ in range(exponent):
            seconds *= self.factor
            if seconds >= cap:
                return self.max_delay
        return timedelta(seconds=seconds)


def message_id(dedup_key: str, channel: Channel) -> str:
    """The id of the message deduplicated by ``dedup_key`` on ``channel`` (32 hex digits).

    Deriving the id from the key makes the storage's primary key enforce "queued once",
    even when two units of work race to queue the same reminder.
    """
    return hashlib.sha256(f"{dedup_key}\x00{channel.value}".encode()).hexdigest()[:32]


def due_threshold(days_left: int, thresholds: Iterable[int] = EXPIRY_THRESHOLDS) -> int | None:
    """The reminder due when ``days_left`` remain: the smallest threshold not yet passed.

    A reminder run that was missed for a while sends only the most recent reminder
    (25 days left → the 30-day one), never a stale "90 days" one; nothing once expired.
    """
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def _aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class OutboxMessage:
    """One message to one recipient, with its delivery state."""

    id: str
    channel: Channel
    recipient: str = attrs.field(repr=mask_text)  # canonical Phone (E.164) or Email text
    language: str
    template: str
    params: tuple[tuple[str, str], ...] = attrs.field(repr=mask_text)
    subject: str | None = attrs.field(repr=mask_text)
    body: str = attrs.field(repr=mask_text)
    created_at: datetime = attrs.field(validator=_aware)
    next_attempt_at: datetime = attrs.field(validator=_aware)
    version: int = 0
    status: MessageStatus = MessageStatus.PENDING
    attempts: int = 0
    last_error: str | None = attrs.field(default=None, repr=mask_text)
    dedup_key: str | None = None
    secret: bool = False
    sent_at: datetime | None = attrs.field(default=None, validator=_aware)

    @property
    def address(self) -> Phone | Email:
        """The recipient as an identifier of its channel."""
        if self.channel is Channel.SMS:
            return Phone.parse(self.recipient)
        return Email.parse(self.recipient)

    def due(self, now: datetime) -> bool:
        """Whether a dispatcher may claim this message at ``now``."""
        return self.status is MessageStatus.PENDING and self.next_attempt_at <= now

    def claim(self, now: datetime, policy: DeliveryPolicy) -> OutboxMessage:
        """Taken by a dispatcher: one more attempt, leased until ``now + lease``."""
        if not self.due(now):
            raise ValueError(f"message {self.id} is not due ({self.status})")
        return replaced(
            self,
            status=MessageStatus.SENDING,
            attempts=self.attempts + 1,
            next_attempt_at=now + policy.lease,
        )

    def delivered(self, now: datetime) -> OutboxMessage:
        """The gateway accepted it; one-time codes are scrubbed from the stored copy."""
        scrub = {"body": SCRUBBED, "params": ()} if self.secret else {}
        return replaced(
            self,
            status=MessageStatus.SENT,
            sent_at=now,
            last_error=None,
            next_attempt_at=now,
            **scrub,
        )

    def attempt_failed(self, now: datetime, error: str, policy: DeliveryPolicy) -> OutboxMessage:
        """The gateway refused: retry after the back-off, or give up after the last attempt."""
        if self.attempts >= policy.max_attempts:
            return replaced(
                self, status=MessageStatus.FAILED, last_error=error, next_attempt_at=now
            )
        return replaced(
            self,
            status=MessageStatus.PENDING,
            last_error=error,
            next_attempt_at=now + policy.delay(self.attempts),
        )

    def lease_expired(self, now: datetime) -> bool:
        """Whether a claim was left unanswered past its lease (the dispatcher stopped)."""
        return self.status is MessageStatus.SENDING and self.next_attempt_at <= now

    def outcome_unknown(self, now: datetime) -> OutboxMessage:
        """Give up on a claim whose result is unknown; an operator decides to resend."""
        return replaced(
            self, status=MessageStatus.FAILED, last_error=UNKNOWN_OUTCOME, next_attempt_at=now
        )

    def requeue(self, now: datetime) -> OutboxMessage:
        """An operator sends a failed message again, with a fresh count of attempts."""
        if self.status is not MessageStatus.FAILED:
            raise ValueError(f"only failed messages are requeued, not {self.status}")
        return replaced(
            self, status=MessageStatus.PENDING, attempts=0, next_attempt_at=now, last_error=None
        )
