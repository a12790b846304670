"""The accrediting body's use cases: the queue, processing, information requests, decisions.

Decisions follow the lifecycle table: a reviewer prepares and sends for approval, the
commission (approver) decides, and the four-eyes guard keeps those two people apart.
What a decision causes (certificates, acts, notifications) is named by its lifecycle row
and carried out by the consequence table, inside the decision's unit of work
(``services/applications/consequences.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs

from accredkit.domain.applications.application import NO_INPUT, Application, TransitionInput
from accredkit.domain.applications.lifecycle import ApplicationStatus, Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.errors import ValidationError, Violation
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.consequences import Consequences
from accredkit.services.applications.moves import fire_visible, move
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS
from accredkit.services.screening import screened

__all__ = ["QUEUE_STATUSES", "QueueItem", "ReviewService"]

QUEUE_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.PROCESSING,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.NEEDS_INFO,
)

DeadlineRule = Callable[[datetime, int], datetime]
"""Given a start and a number of working days: the deadline (working-calendar aware)."""


@attrs.frozen
class QueueItem:
    """One application waiting for the body, with how long it has waited."""

    application: Application
    waiting: timedelta


@screened
@attrs.define
class ReviewService:
    """What reviewers, the commission and operators do with submitted applications."""

    storage: Storage
    clock: Clock
    deadline_after: DeadlineRule
    authority: Authority
    consequences: Consequences = attrs.field(factory=Consequences)
    info_days: int = 10
    reminded: Callable[[UnitOfWork, Application], bool] | None = None
    """Whether the information-deadline reminder went out; ``expire_overdue`` waits for it."""

    def queue(
        self,
        actor: Actor,
        status: ApplicationStatus | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QueueItem]:
        """Applications waiting for the body, oldest submission first.

        Raises:
            PermissionDenied: the actor is not staff (``permission.role``).
        """
        now = self.clock.now()
        statuses = QUEUE_STATUSES if status is None else (ApplicationStatus(status),)
        with self.storage.unit_of_work() as uow:
            actor = self.authority.admit(uow, actor, "reviews.queue")
            repo = uow.repository(APPLICATIONS)
            found: list[Application] = []
            for one in statuses:
                found += repo.query({"status": one}, order_by="submitted_at", limit=offset + limit)
        found.sort(key=lambda a: (a.submitted_at or a.created_at, a.id))
        page = found[offset : offset + limit]
        return [QueueItem(a, now - (a.submitted_at or a.created_at)) for a in page]

    def take(self, actor: Actor, application_id: str) -> Application:
        """Accept a submitted application into processing (в обработке)."""
        return self._fire(actor, application_id, "reviews.take", Trigger.ACCEPT)

    def request_info(
        self,
        actor: Actor,
        application_id: str,
        question: str,
        *,
        deadline: datetime | None = None,
        working_days: int | None = None,
    ) -> Application:
        """Ask the applicant for more material, with a response deadline.

        The deadline is ``deadline`` if given, else ``working_days`` (default ``info_days``)
        working days from now on the production calendar.
        """
        with self.storage.unit_of_work() as uow:
            self.authority.admit(uow, actor, "reviews.request_info")
        if deadline is None:
            days = self.info_days if working_days is None else working_days
            if days < 1:
                raise ValidationError.of(
                    [
                        Violation(
                            "application.deadline_too_short",
                            "deadline",
                            "Срок ответа — не менее одного рабочего дня.",
                            "Allow at least one working day to answer.",
                        )
                    ],
                    value=days,
                )
            deadline = self.deadline_after(self.clock.now(), days)
        return self._fire(
            actor,
            application_id,
            "reviews.request_info",
            Trigger.REQUEST_INFO,
            context=TransitionInput(question=question, deadline=deadline),
            reason=question,
        )

    def send_for_approval(
        self, actor: Actor, application_id: str, reason: str | None = None
    ) -> Application:
        """Hand the prepared case to the commission (на согласование)."""
        return self._fire(
            actor, application_id, "reviews.send_for_approval", Trigger.SEND_FOR_APPROVAL,
            reason=reason,
        )  # fmt: skip

    def approve(self, actor: Actor, application_id: str, reason: str | None = None) -> Application:
        """Decide to accredit; certificate and act are issued in the same unit of work."""
        return self._fire(actor, application_id, "reviews.approve", Trigger.APPROVE, reason=reason)

    def reject(self, actor: Actor, application_id: str, reason: str) -> Application:
        """Decide not to accredit; the reason is required and goes into the act."""
        return self._fire(actor, application_id, "reviews.reject", Trigger.REJECT, reason=reason)

    def expire_overdue(self, actor: Actor) -> list[Application]:
        """Withdraw every application whose information deadline has passed (``SYSTEM``).

        With ``reminded`` wired, an application whose deadline reminder has not been
        sent is left waiting (the next run, after ``remind`` and ``dispatch``, takes it).
        """
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            actor = self.authority.admit(uow, actor, "reviews.expire_overdue")
            waiting = uow.repository(APPLICATIONS).query({"status": ApplicationStatus.NEEDS_INFO})
        overdue = [
            a for a in waiting if a.info_request is not None and a.info_request.deadline < now
        ]
        expired = []
        for application in overdue:
            with self.storage.unit_of_work() as uow:
                current = uow.repository(APPLICATIONS).get(application.id)
                if self.reminded is not None and not self.reminded(uow, current):
                    continue  # never withdrawn without a reminder having been sent
                stored, _ = move(
                    uow,
                    current,
                    Trigger.EXPIRE_INFO,
                    actor=actor,
                    at=now,
                    consequences=self.consequences,
                    reason="information deadline passed",
                )
                uow.commit()
            expired.append(stored)
        return expired

    def _fire(
        self,
        actor: Actor,
        application_id: str,
        action: str,
        trigger: Trigger,
        *,
        reason: str | None = None,
        context: TransitionInput = NO_INPUT,
    ) -> Application:
        return fire_visible(
            self.storage,
            self.authority,
            self.clock.now(),
            actor,
            action,
            application_id,
            trigger,
            consequences=self.consequences,
            reason=reason,
            context=lambda uow, application: context,
        )
