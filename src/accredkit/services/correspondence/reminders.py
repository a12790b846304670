"""Who is told, and what reminders are due: contacts and reminder subjects.

``NotificationService.remind`` takes these; a host builds them from its accounts,
certificates and information requests (or lets the service read certificates itself).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import attrs

from accredkit.domain.contacts import Email, Phone

if TYPE_CHECKING:
    from accredkit.ports.storage import UnitOfWork

__all__ = [
    "CertificateReminder",
    "Contact",
    "ContactInUnit",
    "ContactLookup",
    "DeadlineReminder",
    "ReminderReport",
]


@attrs.frozen
class Contact:
    """Where and in which language a person hears from the cabinet."""

    phone: Phone | None = None
    email: Email | None = None
    language: str = "ru"

    def addresses(self) -> list[Phone | Email]:
        """Every channel this contact can be reached on (SMS first)."""
        return [a for a in (self.phone, self.email) if a is not None]


ContactLookup = Callable[[str], Contact | None]
"""Finds an account's contact by account id (wired by the host to the accounts)."""

ContactInUnit = Callable[["UnitOfWork", str], Contact | None]
"""Finds an account's confirmed contact inside the caller's unit of work."""


@attrs.frozen
class CertificateReminder:
    """A certificate whose holder may need an expiry reminder."""

    certificate_id: str
    number: str
    valid_until: date
    contact: Contact

    @property
    def due_on(self) -> date:
        """The day the reminders count down to."""
        return self.valid_until

    def reminder(self, days: int, threshold: int) -> tuple[str, dict[str, object], str]:
        """Template, parameters and dedup key of the ``threshold``-day reminder."""
        params = {"number": self.number, "valid_until": self.valid_until, "days": days}
        return (
            "certificate.expiring",
            params,
            f"certificate-expiry:{self.certificate_id}:{threshold}",
        )


@attrs.frozen
class DeadlineReminder:
    """An information request whose answer deadline approaches."""

    application_id: str
    application: str  # what the applicant calls it (number or title)
    deadline: date
    contact: Contact

    @property
    def due_on(self) -> date:
        """The day the reminders count down to."""
        return self.deadline

    def reminder(self, days: int, threshold: int) -> tuple[str, dict[str, object], str]:
        """Template, parameters and dedup key of the ``threshold``-day reminder."""
        params = {"application": self.application, "deadline": self.deadline, "days": days}
        key = f"info-deadline:{self.application_id}:{self.deadline.isoformat()}:{threshold}"
        return "application.info_deadline", params, key


@attrs.frozen
class ReminderReport:
    """Reminder messages queued by one run (ids); the rest were queued before."""

    queued: tuple[str, ...] = ()
