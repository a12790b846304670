"""What happened around an account that its aggregate does not record itself.

Sign-in steps, sessions, codes sent, recovery, subject requests and erasure: the
services raise these, and the journal table maps each to its entry (docs/journal.md).
Ids, codes and counts only.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.events import DomainEvent

__all__ = [
    "AccountDepersonalised",
    "ConsentWithdrawal",
    "ContactCodeSent",
    "LoginStepPending",
    "PasskeyEnrolmentBegun",
    "PasskeyLoginBegun",
    "PasskeyRefused",
    "RecoveryRequested",
    "RecoveryVerified",
    "RegistrationAttempted",
    "SessionEnded",
    "SessionsEnded",
    "SubjectReportAnswered",
    "SubjectReportRequested",
    "TotpEnrolmentBegun",
]


@attrs.frozen
class RegistrationAttempted(DomainEvent):
    """Someone tried to register with an identity an account already holds."""

    account_id: str
    at: datetime


@attrs.frozen
class ContactCodeSent(DomainEvent):
    """A confirmation code was queued for the phone or e-mail."""

    account_id: str
    contact: str
    at: datetime


@attrs.frozen
class LoginStepPending(DomainEvent):
    """The password checked out; another factor is still needed."""

    account_id: str
    stage: str
    factor_used: str
    at: datetime


@attrs.frozen
class SessionEnded(DomainEvent):
    """One session ended (logout, or ended by its owner)."""

    account_id: str
    session_id: str
    reason: str
    at: datetime


@attrs.frozen
class SessionsEnded(DomainEvent):
    """Every other session of the account was ended."""

    account_id: str
    count: int
    reason: str
    at: datetime


@attrs.frozen
class TotpEnrolmentBegun(DomainEvent):
    """An authenticator app enrolment started."""

    account_id: str
    enrolment_id: str
    at: datetime


@attrs.frozen
class RecoveryRequested(DomainEvent):
    """A recovery code was sent for the account."""

    account_id: str
    at: datetime


@attrs.frozen
class RecoveryVerified(DomainEvent):
    """The recovery proof checked out; a recovery session was opened.

    ``second_proof``: what besides the code to the phone proved the holder (a
    ``FactorUsed`` value: ``totp``, ``recovery_code``; ``none`` where the phone is the
    account's only factor).
    """

    account_id: str
    at: datetime
    second_proof: str = "none"


@attrs.frozen
class ConsentWithdrawal(DomainEvent):
    """The person withdrew consent to processing."""

    account_id: str
    at: datetime


@attrs.frozen
class SubjectReportRequested(DomainEvent):
    """The person asked what is held about them (152-ФЗ, ст. 14)."""

    account_id: str
    request_id: str
    at: datetime


@attrs.frozen
class SubjectReportAnswered(DomainEvent):
    """An operator answered the person's pending requests."""

    account_id: str
    requests: int
    at: datetime


@attrs.frozen
class AccountDepersonalised(DomainEvent):
    """The account's personal data was erased; the act of erasure names the files."""

    account_id: str
    act_id: str
    files: int
    at: datetime


@attrs.frozen
class PasskeyEnrolmentBegun(DomainEvent):
    """A passkey enrolment started: its challenge is waiting for the browser's answer."""

    account_id: str
    enrolment_id: str
    at: datetime


@attrs.frozen
class PasskeyLoginBegun(DomainEvent):
    """A sign-in asked the account's passkeys for an assertion."""

    account_id: str
    challenge_id: str
    at: datetime


@attrs.frozen
class PasskeyRefused(DomainEvent):
    """A passkey's answer at sign-in did not check out (``reason``: the error's code)."""

    account_id: str
    reason: str
    at: datetime
