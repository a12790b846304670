"""What happened to an application, in the past tense, for handlers and the journal.

Every event names the application and carries the history entry of its move (actor,
role, time, from, to, trigger, reason); the event class says which move it was. Events
carry ids only, never personal data. They are frozen without slots: plain-dict instances
are quicker to build, and every move builds one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final

import attrs

from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.domain.events import DomainEvent
from accredkit.domain.masks import mask_text

__all__ = [
    "EVENT_FOR_TRIGGER",
    "ApplicationAccepted",
    "ApplicationApproved",
    "ApplicationCreated",
    "ApplicationEvent",
    "ApplicationRejected",
    "ApplicationSentForApproval",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "DocumentAttached",
    "DocumentDetached",
    "HistoryEntry",
    "InformationProvided",
    "InformationRequested",
]


@attrs.frozen(slots=False)
class HistoryEntry:
    """One move: who (actor, role), when, from which status to which, by what, and why."""

    at: datetime
    actor: str
    role: Role
    trigger: Trigger
    from_status: ApplicationStatus
    to_status: ApplicationStatus
    reason: str | None = attrs.field(default=None, repr=mask_text)


@attrs.frozen(slots=False)
class ApplicationEvent(DomainEvent):
    """Common shape: which application moved, and the history entry of the move.

    The entry's fields are readable on the event itself (``event.actor``, ``event.at``…).
    """

    application_id: str
    entry: HistoryEntry

    @property
    def actor(self) -> str:
        """Who made the move."""
        return self.entry.actor

    @property
    def role(self) -> Role:
        """In which role."""
        return self.entry.role

    @property
    def at(self) -> datetime:
        """When (UTC-aware)."""
        return self.entry.at

    @property
    def trigger(self) -> Trigger:
        """What was done."""
        return self.entry.trigger

    @property
    def from_status(self) -> ApplicationStatus:
        """The status before the move."""
        return self.entry.from_status

    @property
    def to_status(self) -> ApplicationStatus:
        """The status after the move."""
        return self.entry.to_status

    @property
    def reason(self) -> str | None:
        """Why, if a reason was given."""
        return self.entry.reason


@attrs.frozen(slots=False)
class ApplicationSubmitted(ApplicationEvent):
    """The applicant sent the application (подано)."""


@attrs.frozen(slots=False)
class ApplicationAccepted(ApplicationEvent):
    """The body took the application into processing (в обработке)."""


@attrs.frozen(slots=False)
class InformationRequested(ApplicationEvent):
    """The body asked for more material by a deadline (требуются сведения)."""

    question: str = attrs.field(default="", repr=mask_text)
    deadline: datetime | None = None


@attrs.frozen(slots=False)
class InformationProvided(ApplicationEvent):
    """The applicant answered a request for information."""


@attrs.frozen(slots=False)
class ApplicationSentForApproval(ApplicationEvent):
    """A reviewer passed the application to the commission (на согласовании)."""


@attrs.frozen(slots=False)
class ApplicationApproved(ApplicationEvent):
    """The commission accredited the applicant (одобрено); a certificate follows.

    The move's unit of work fills in the certificate it issued, so the event (and its
    journal entry) names it.
    """

    certificate_id: str | None = None
    certificate_number: str | None = None


@attrs.frozen(slots=False)
class ApplicationRejected(ApplicationEvent):
    """The application was refused, with reasons (отклонено)."""


@attrs.frozen(slots=False)
class ApplicationWithdrawn(ApplicationEvent):
    """The applicant withdrew, or the system did when the deadline passed (отозвано)."""


@attrs.frozen(slots=False)
class ApplicationCreated(DomainEvent):
    """A draft was started for an accreditation type of a catalogue."""

    application_id: str
    catalogue: str
    type_code: str
    at: datetime


@attrs.frozen(slots=False)
class DocumentAttached(DomainEvent):
    """A checked document was attached (its hashes and size only)."""

    application_id: str
    kind: str
    sha256: str
    original_sha256: str
    size: int
    at: datetime


@attrs.frozen(slots=False)
class DocumentDetached(DomainEvent):
    """A document was removed from a draft."""

    application_id: str
    sha256: str
    at: datetime


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
