"""What the accrediting body's staff did that is journaled: enrolment, roles, reads.

A staff member's read of personal data is an event too (docs/journal.md): the journal
names who read which subject through which use case.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.events import DomainEvent

__all__ = ["PersonalDataRead", "StaffEnrolled", "StaffRoleGranted", "StaffRoleRevoked"]


@attrs.frozen
class StaffEnrolled(DomainEvent):
    """A staff account was created (``first`` for the first administrator)."""

    account_id: str
    roles: tuple[str, ...]
    first: bool
    at: datetime


@attrs.frozen
class StaffRoleGranted(DomainEvent):
    """An administrator gave a staff role."""

    account_id: str
    role: str
    at: datetime


@attrs.frozen
class StaffRoleRevoked(DomainEvent):
    """An administrator took a staff role away."""

    account_id: str
    role: str
    at: datetime


@attrs.frozen
class PersonalDataRead(DomainEvent):
    """A staff member read personal data of ``subject_type``/``subject_id``."""

    subject_type: str
    subject_id: str
    use_case: str
    at: datetime
