"""Reminders of certificates about to expire and of answers about to be due (docs/notifications.md).

Each reminder is queued once, ever (its ``dedup_key``), on the Moscow day a threshold is
reached; an information request also gets one on the last working day before its
deadline. ``NotificationService`` carries these use cases (``cabinet.notifications``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.authority.actors import Actor
from accredkit.domain.certificates.certificate import CertificateStatus
from accredkit.domain.correspondence.outbox import (
    MessageStatus,
    due_threshold,
)
from accredkit.domain.correspondence.outbox_events import ReminderQueued
from accredkit.domain.moscow import moscow_date
from accredkit.errors import Conflict
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.correspondence.queueing import queue
from accredkit.services.correspondence.reminders import (
    CertificateReminder,
    Contact,
    ContactLookup,
    DeadlineReminder,
    ReminderReport,
)
from accredkit.services.journal.table import happened
from accredkit.services.schema import APPLICATIONS, CERTIFICATES, OUTBOX

__all__ = ["LAST_WORKING_DAY", "Reminding"]

LAST_WORKING_DAY = 0
"""The "threshold" of the reminder on the last working day before an information deadline."""


class Reminding:
    """The reminder use cases of ``NotificationService``, on its storage and contacts."""

    storage: Storage
    clock: Clock
    authority: Authority
    contacts: ContactLookup | None
    calendar: WorkingCalendar | None
    expiry_thresholds: tuple[int, ...]
    deadline_thresholds: tuple[int, ...]

    def _admit(self, actor: Actor, action: str) -> Actor:
        return self.authority.admit_in(self.storage, actor, action)

    def remind(
        self,
        actor: Actor,
        now: datetime | None = None,
        *,
        certificates: Iterable[CertificateReminder] | None = None,
        deadlines: Iterable[DeadlineReminder] | None = None,
    ) -> ReminderReport:
        """Queue the reminders due today (Moscow date); each is queued once, ever.

        Args:
            now: the time of the run (the clock's by default).
            certificates: certificates to consider; ``None`` reads every valid
                certificate from storage and finds holders through ``contacts``.
            deadlines: information requests whose answer deadline approaches; ``None``
                reads every application waiting for information from storage.
        """
        self._admit(actor, "notifications.remind")
        moment = now or self.clock.now()
        today = moscow_date(moment)
        subjects = self._stored_certificates() if certificates is None else certificates
        waiting = self._stored_deadlines() if deadlines is None else deadlines
        queued: list[str] = []
        due: list[tuple[CertificateReminder | DeadlineReminder, tuple[int, ...]]] = [
            *((c, self.expiry_thresholds) for c in subjects),
            *((d, self.deadline_thresholds) for d in waiting),
        ]
        for item, thresholds in due:
            days = (item.due_on - today).days
            threshold = due_threshold(days, thresholds)
            if isinstance(item, DeadlineReminder) and self._is_last_working_day(item, today):
                threshold = LAST_WORKING_DAY  # its own reminder, once
            if threshold is not None:
                template, params, key = item.reminder(days, threshold)
                subject = (
                    ("certificate", item.certificate_id)
                    if isinstance(item, CertificateReminder)
                    else ("application", item.application_id)
                )
                queued += self._queue_once(
                    to=item.contact,
                    template=template,
                    params=params,
                    dedup_key=key,
                    now=moment,
                    subject=subject,
                    threshold=threshold,
                )
        return ReminderReport(tuple(queued))

    def _queue_once(
        self,
        *,
        to: Contact,
        template: str,
        params: Mapping[str, object],
        dedup_key: str,
        now: datetime,
        subject: tuple[str, str],
        threshold: int,
    ) -> list[str]:
        try:
            with self.storage.unit_of_work() as uow:
                messages = queue(
                    uow, to=to, template=template, params=params, now=now, dedup_key=dedup_key
                )
                if messages:
                    ids = tuple(sorted(m.id for m in messages))
                    reminded = ReminderQueued(*subject, template, threshold, ids, now)
                    happened(uow, reminded)
                uow.commit()
        except Conflict:  # a concurrent run queued the same reminder first
            return []
        return [m.id for m in messages]

    def _is_last_working_day(self, item: DeadlineReminder, today: date) -> bool:
        """Whether ``today`` is the last working day up to the deadline day."""
        if self.calendar is None or today > item.deadline:
            return False
        last = item.deadline
        while not self.calendar.is_working_day(last) and last > today:
            last -= timedelta(days=1)
        return last == today

    def deadline_reminded(self, uow: UnitOfWork, application: Application) -> bool:
        """Whether a reminder of ``application``'s information deadline has been sent.

        ``ReviewService.expire_overdue`` withdraws no application without one.
        """
        request = application.info_request
        if request is None:
            return False
        item = DeadlineReminder(application.id, "", moscow_date(request.deadline), Contact())
        keys = [item.reminder(0, t)[2] for t in (*self.deadline_thresholds, LAST_WORKING_DAY)]
        repo = uow.repository(OUTBOX)
        return any(
            message.status is MessageStatus.SENT
            for key in keys
            for message in repo.query({"dedup_key": key})
        )

    def _stored_deadlines(self) -> list[DeadlineReminder]:
        if self.contacts is None:
            return []
        with self.storage.unit_of_work() as uow:
            waiting = uow.repository(APPLICATIONS).query({"status": ApplicationStatus.NEEDS_INFO})
        found = []
        for application in waiting:
            request = application.info_request
            contact = self.contacts(application.applicant_id)
            if request is not None and contact is not None:
                name = application.id[:8].upper()  # as decisions.short_number shows it
                deadline = moscow_date(request.deadline)
                found.append(DeadlineReminder(application.id, name, deadline, contact))
        return found

    def _stored_certificates(self) -> list[CertificateReminder]:
        if self.contacts is None:
            return []
        with self.storage.unit_of_work() as uow:
            valid = uow.repository(CERTIFICATES).query(
                {"status": CertificateStatus.VALID}, order_by="valid_until"
            )
        found = []
        for cert in valid:
            contact = self.contacts(cert.holder_account_id) if cert.holder_account_id else None
            if contact is not None:
                found.append(CertificateReminder(cert.id, cert.number, cert.valid_until, contact))
        return found
