"""What happened to an application, in the past tense, for handlers and the journal.

Every event names the application, the actor and role, the time and the reason; the
event class says which move it was. Events carry ids only, never personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

import attrs

from accredkit.domain.lifecycle import ApplicationStatus, Role, Trigger

__all__ = [
    "EVENT_FOR_TRIGGER",
    "ApplicationAccepted",
    "ApplicationApproved",
    "ApplicationEvent",
    "ApplicationRejected",
    "ApplicationSentForApproval",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "InformationProvided",
    "InformationRequested",
]


@attrs.frozen
class ApplicationEvent:
    """Common shape: which application moved, how, by whom, when and why."""

    application_id: str
    actor: str
    role: Role
    at: datetime
    trigger: Trigger
    from_status: ApplicationStatus
    to_status: ApplicationStatus
    reason: str | None = None


@attrs.frozen
class ApplicationSubmitted(ApplicationEvent):
    """The applicant sent the application (подано)."""


@attrs.frozen
class ApplicationAccepted(ApplicationEvent):
    """The body took the application into processing (в обработке)."""


@attrs.frozen
class InformationRequested(ApplicationEvent):
    """The body asked for more material by a deadline (требуются сведения)."""

    question: str = ""
    deadline: datetime | None = None


@attrs.frozen
class InformationProvided(ApplicationEvent):
    """The applicant answered a request for information."""


@attrs.frozen
class ApplicationSentForApproval(ApplicationEvent):
    """A reviewer passed the application to the commission (на согласовании)."""


@attrs.frozen
class ApplicationApproved(ApplicationEvent):
    """The commission accredited the applicant (одобрено); a certificate follows."""


@attrs.frozen
class ApplicationRejected(ApplicationEvent):
    """The application was refused, with reasons (отклонено)."""


@attrs.frozen
class ApplicationWithdrawn(ApplicationEvent):
    """The applicant withdrew, or the system did when the deadline passed (отозвано)."""


EVENT_FOR_TRIGGER: Final[Mapping[Trigger, type[ApplicationEvent]]] = {
    Trigger.SUBMIT: ApplicationSubmitted,
    Trigger.ACCEPT: ApplicationAccepted,
    Trigger.REQUEST_INFO: InformationRequested,
    Trigger.ANSWER: InformationProvided,
    Trigger.SEND_FOR_APPROVAL: ApplicationSentForApproval,
    Trigger.APPROVE: ApplicationApproved,
    Trigger.REJECT: ApplicationRejected,
    Trigger.WITHDRAW: ApplicationWithdrawn,
    Trigger.EXPIRE_INFO: ApplicationWithdrawn,
}
"""Which event each trigger records."""
