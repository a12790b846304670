"""What happened to an application, in the past tense, for handlers and the journal.

Every event names the application and carries the history entry of its move (actor,
role, time, from, to, trigger, reason); the event class says which move it was, and the
lifecycle row of the move names its class (``lifecycle.py``). Events
carry ids only, never personal data. They are frozen without slots: plain-dict instances
are quicker to build, and every move builds one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

import attrs

from accredkit.domain.applications.lifecycle_changes import MoveFacts
from accredkit.domain.applications.lifecycle_terms import ApplicationStatus, Role, Trigger
from accredkit.domain.events import DomainEvent
from accredkit.domain.masks import mask_text

__all__ = [
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

    @classmethod
    def of_move(cls, application_id: str, entry: HistoryEntry, move: MoveFacts) -> Self:
        """The event a row raises for one move (a subclass adds what its move was given)."""
        return cls(application_id, entry)

    def naming(self, caused: DomainEvent) -> Self:
        """This event once a handler of its move raised ``caused`` (by default: unchanged)."""
        return self

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

    @classmethod
    def of_move(cls, application_id: str, entry: HistoryEntry, move: MoveFacts) -> Self:
        """The request, with the question and the deadline the body gave."""
        return cls(application_id, entry, move.question or "", move.deadline)


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

    def naming(self, caused: DomainEvent) -> Self:
        """The approval naming the certificate its move issued (``CertificateIssued``)."""
        # Imported here: reading an application never loads the certificates' classes.
        from accredkit.domain.certificates.certificate import CertificateIssued

        if not isinstance(caused, CertificateIssued):
            return self
        return attrs.evolve(
            self, certificate_id=caused.certificate_id, certificate_number=caused.number
        )


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
