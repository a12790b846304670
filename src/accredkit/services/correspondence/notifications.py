"""Notifications through a transactional outbox: queued with the change, sent after commit.

Other use cases call ``queue`` (``queueing.py``) inside their own unit of work; the host schedules
:meth:`NotificationService.dispatch` (send what is due) and
:meth:`NotificationService.remind` (queue certificate-expiry and answer-deadline
reminders, ``reminding.py``). Delivery is **at most once**: see
``accredkit.domain.correspondence.outbox``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from accredkit.domain.authority.actors import Actor
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.correspondence.outbox import (
    EXPIRY_THRESHOLDS,
    INFO_DEADLINE_THRESHOLDS,
    DeliveryPolicy,
    MessageStatus,
    OutboxMessage,
)
from accredkit.domain.correspondence.outbox_events import (
    NotificationFailed,
    NotificationOutcomeUnknown,
    NotificationRequeued,
    NotificationRetryScheduled,
    NotificationSent,
    OutboxOutcome,
)
from accredkit.errors import AccredkitError, Conflict, PortUnavailable, ValidationError, Violation
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Storage
from accredkit.services.authority import Authority
from accredkit.services.correspondence.reminders import (
    CertificateReminder,
    Contact,
    ContactLookup,
    DeadlineReminder,
    ReminderReport,
)
from accredkit.services.correspondence.reminding import Reminding
from accredkit.services.journal.table import happened
from accredkit.services.schema import OUTBOX, OutboxMessageQuery
from accredkit.services.screening import screened

__all__ = [
    "CertificateReminder",
    "Contact",
    "ContactLookup",
    "DeadlineReminder",
    "DispatchReport",
    "NotificationService",
    "ReminderReport",
]


_OUTCOMES: dict[MessageStatus, type[OutboxOutcome]] = {
    MessageStatus.SENT: NotificationSent,
    MessageStatus.PENDING: NotificationRetryScheduled,
    MessageStatus.FAILED: NotificationFailed,
}


def _outcome(kind: type[OutboxOutcome], message: OutboxMessage, at: datetime) -> OutboxOutcome:
    """A delivery step's event: the message by id, channel and template, never the address."""
    return kind(message.id, str(message.channel), message.template, message.attempts, at)


@attrs.frozen
class DispatchReport:
    """What one dispatch run did, by message id."""

    sent: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    lost_race: tuple[str, ...] = ()
    outcome_unknown: tuple[str, ...] = ()


@screened
class NotificationService(Reminding):
    """Sends the outbox and queues reminders; what a host's scheduler calls.

    Args:
        storage: where the outbox lives (the same storage as every use case).
        sms: the SMS port.
        email: the e-mail port.
        clock: the time, when a caller does not give one.
        policy: back-off and attempt limits.
        authority: who may run the outbox (the operator, the host's ``SYSTEM``).
        contacts: finds a certificate holder's (or an applicant's) contact by account
            id, so ``remind`` can read certificates and information requests itself.
        calendar: working days; with it, an information request is also reminded once
            on the last working day before its deadline.
    """

    def __init__(
        self,
        storage: Storage,
        sms: SmsSender,
        email: EmailSender,
        clock: Clock,
        policy: DeliveryPolicy | None = None,
        *,
        authority: Authority,
        contacts: ContactLookup | None = None,
        expiry_thresholds: tuple[int, ...] = EXPIRY_THRESHOLDS,
        deadline_thresholds: tuple[int, ...] = INFO_DEADLINE_THRESHOLDS,
        calendar: WorkingCalendar | None = None,
    ) -> None:
        self.storage = storage
        self.sms = sms
        self.email = email
        self.clock = clock
        self.policy = policy or DeliveryPolicy()
        self.authority = authority
        self.contacts = contacts
        self.expiry_thresholds = expiry_thresholds
        self.deadline_thresholds = deadline_thresholds
        self.calendar = calendar

    # ------------------------------------------------------------------ dispatch

    def dispatch(
        self, actor: Actor, now: datetime | None = None, *, only: Iterable[str] | None = None
    ) -> DispatchReport:
        """Send every due message (or only the ids in ``only``), each in its own claim.

        A message is claimed in a committed unit of work before the gateway is called;
        a dispatcher that loses the claim race skips it. ``PortUnavailable`` puts it back
        with an exponential back-off until the policy's last attempt; any other error
        fails it for good. Claims left by a dispatcher that stopped midway are failed
        as "outcome unknown" rather than sent twice.
        """
        self._admit(actor, "notifications.dispatch")
        moment = now or self.clock.now()
        unknown = self._abandon_stale_claims(moment)
        candidates = self._due(moment, only)
        sent: list[str] = []
        retrying: list[str] = []
        failed: list[str] = []
        lost: list[str] = []
        step = self.policy.commit_every
        for start in range(0, len(candidates), step):
            batch = candidates[start : start + step]
            claimed = self._claim_batch(batch, moment)
            taken = {m.id for m in claimed}
            lost.extend(m.id for m in batch if m.id not in taken)
            outcomes = [self._send(message, moment) for message in claimed]
            settled = self._settle_batch(outcomes, moment)
            for outcome in outcomes:
                if outcome.id not in settled:
                    lost.append(outcome.id)
                elif outcome.status is MessageStatus.SENT:
                    sent.append(outcome.id)
                elif outcome.status is MessageStatus.PENDING:
                    retrying.append(outcome.id)
                else:
                    failed.append(outcome.id)
        return DispatchReport(
            tuple(sent), tuple(retrying), tuple(failed), tuple(lost), tuple(unknown)
        )

    def _claim_batch(self, batch: list[OutboxMessage], now: datetime) -> list[OutboxMessage]:
        """Claim ``batch`` in one commit; if another dispatcher took one, claim one by one."""
        try:
            with self.storage.unit_of_work() as uow:
                repo = uow.repository(OUTBOX)
                claimed = [repo.update(m.claim(now, self.policy)) for m in batch if m.due(now)]
                uow.commit()
        except Conflict:
            return [m for m in (self._claim(c.id, now) for c in batch) if m is not None]
        return claimed

    def _settle_batch(self, outcomes: list[OutboxMessage], now: datetime) -> set[str]:
        """Store and journal ``outcomes`` in one commit (one by one after a ``Conflict``).

        Returns:
            The ids whose outcome was stored (a lost lease loses the others).
        """
        if not outcomes:
            return set()
        try:
            with self.storage.unit_of_work() as uow:
                repo = uow.repository(OUTBOX)
                for outcome in outcomes:
                    settled = repo.update(outcome)
                    kind = _OUTCOMES.get(outcome.status, NotificationOutcomeUnknown)
                    happened(uow, _outcome(kind, settled, now))
                uow.commit()
        except Conflict:  # some lease ran out and another dispatcher abandoned it
            return {o.id for o in outcomes if self._settle(o, now)}
        return {o.id for o in outcomes}

    def _due(self, now: datetime, only: Iterable[str] | None) -> list[OutboxMessage]:
        with self.storage.unit_of_work() as uow:
            repo = uow.repository(OUTBOX)
            if only is not None:
                found = [repo.find(id_) for id_ in only]
                return [m for m in found if m is not None and m.due(now)]
            pending = repo.query(
                {"status": MessageStatus.PENDING},
                order_by="next_attempt_at",
                limit=self.policy.batch_size,
            )
        return [m for m in pending if m.due(now)]

    def _abandon_stale_claims(self, now: datetime) -> list[str]:
        with self.storage.unit_of_work() as uow:
            claimed = uow.repository(OUTBOX).query(
                {"status": MessageStatus.SENDING},
                order_by="next_attempt_at",
                limit=self.policy.batch_size,
            )
        abandoned = []
        for message in claimed:
            if not message.lease_expired(now):
                break
            try:
                with self.storage.unit_of_work() as uow:
                    unknown = uow.repository(OUTBOX).update(message.outcome_unknown(now))
                    happened(uow, _outcome(NotificationOutcomeUnknown, unknown, now))
                    uow.commit()
            except Conflict:
                continue
            abandoned.append(message.id)
        return abandoned

    def _claim(self, id_: str, now: datetime) -> OutboxMessage | None:
        try:
            with self.storage.unit_of_work() as uow:
                repo = uow.repository(OUTBOX)
                current = repo.get(id_)
                if not current.due(now):
                    return None
                claimed = repo.update(current.claim(now, self.policy))
                uow.commit()
        except Conflict:
            return None
        return claimed

    def _send(self, message: OutboxMessage, now: datetime) -> OutboxMessage:
        try:
            address = message.address
            if isinstance(address, Phone):
                self.sms.send(address, message.body)
            else:
                self.email.send(address, message.subject or "", message.body)
        except PortUnavailable as error:
            return message.attempt_failed(now, error.code, self.policy)
        except AccredkitError as error:  # a bad address: retrying cannot help
            return attrs.evolve(
                message.attempt_failed(now, error.code, self.policy),
                status=MessageStatus.FAILED,
            )
        except Exception as error:  # the gateway's state is unknown: never resend alone
            return attrs.evolve(
                message.outcome_unknown(now), last_error=f"{type(error).__name__}: {error}"
            )
        return message.delivered(now)

    def _settle(self, outcome: OutboxMessage, now: datetime) -> bool:
        kind = _OUTCOMES.get(outcome.status, NotificationOutcomeUnknown)
        try:
            with self.storage.unit_of_work() as uow:
                settled = uow.repository(OUTBOX).update(outcome)
                happened(uow, _outcome(kind, settled, now))
                uow.commit()
        except Conflict:  # our lease ran out and another dispatcher abandoned it
            return False
        return True

    # ------------------------------------------------------------------ listing

    def outbox(
        self,
        actor: Actor,
        *,
        status: MessageStatus | str | None = None,
        recipient: Phone | Email | str | None = None,
        dedup_key: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[OutboxMessage]:
        """Messages, newest first, filtered by status, recipient or dedup key."""
        where: OutboxMessageQuery = {}
        if status is not None:
            where["status"] = MessageStatus(status)
        if recipient is not None:
            where["recipient"] = str(recipient)
        if dedup_key is not None:
            where["dedup_key"] = dedup_key
        with self.storage.unit_of_work() as uow:
            self.authority.admit(uow, actor, "notifications.outbox")
            return uow.repository(OUTBOX).query(
                where, order_by="created_at", descending=True, limit=limit, offset=offset
            )

    def requeue(self, actor: Actor, id: str, now: datetime | None = None) -> OutboxMessage:
        """Send a failed message again (an operator's decision after checking the gateway).

        Args:
            actor: the operator who decided it (journaled).
            id: the failed message.
            now: when (the clock's time by default).

        Raises:
            NotFound: no such message.
            ValidationError: the message has not failed.
        """
        moment = now or self.clock.now()
        with self.storage.unit_of_work() as uow:
            actor = self.authority.admit(uow, actor, "notifications.requeue")
            repo = uow.repository(OUTBOX)
            message = repo.get(id)
            if message.status is not MessageStatus.FAILED:
                raise ValidationError.of(
                    [
                        Violation(
                            "notification.not_failed",
                            "status",
                            "Повторно отправить можно только недоставленное сообщение.",
                            "only a failed message can be requeued",
                        )
                    ],
                    value=id,
                )
            again = repo.update(message.requeue(moment))
            happened(uow, _outcome(NotificationRequeued, again, moment), actor=actor)
            uow.commit()
        return again
