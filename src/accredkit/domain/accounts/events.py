"""What happened to an account, in the past tense (published after commit).

Events carry the account id and the moment, never personal data itself: they feed
the audit journal, which holds ids and hashes only (docs/journal.md).
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.events import DomainEvent
from accredkit.domain.masks import mask_text

__all__ = [
    "AccountBlocked",
    "AccountEvent",
    "AccountLockedOut",
    "AccountRegistered",
    "AccountUnblocked",
    "AccountVerified",
    "ConsentRecorded",
    "ContactChanged",
    "ContactConfirmed",
    "ESignatureConfirmed",
    "IdentityDocumentSubmitted",
    "IdentityDocumentsAccepted",
    "IdentityDocumentsReturned",
    "LoginFailed",
    "LoginSucceeded",
    "PasskeyEnrolled",
    "PasskeyRemoved",
    "PasswordChanged",
    "PersonalDataChanged",
    "RecoveryCodeUsed",
    "RecoveryCodesIssued",
    "RegistryLinked",
    "SecondFactorChanged",
]


@attrs.frozen
class AccountRegistered(DomainEvent):
    """A new account was created (статус «зарегистрирована»)."""

    account_id: str
    at: datetime


@attrs.frozen
class ContactConfirmed(DomainEvent):
    """The phone (``contact="phone"``) or e-mail (``"email"``) was proved by a code."""

    account_id: str
    contact: str
    at: datetime


@attrs.frozen
class ContactChanged(DomainEvent):
    """The phone or e-mail was replaced; the new one still needs confirming."""

    account_id: str
    contact: str
    at: datetime


@attrs.frozen
class ConsentRecorded(DomainEvent):
    """Consent to personal-data processing was given for one version of the text."""

    account_id: str
    document_version: str
    text_sha256: str
    at: datetime


@attrs.frozen
class IdentityDocumentSubmitted(DomainEvent):
    """The holder uploaded an identity document (a checked file; its clean copy's digest)."""

    account_id: str
    kind: str
    sha256: str
    at: datetime


@attrs.frozen
class IdentityDocumentsAccepted(DomainEvent):
    """The operator accepted the identity documents."""

    account_id: str
    at: datetime


@attrs.frozen
class IdentityDocumentsReturned(DomainEvent):
    """The operator returned the identity documents; the reason is shown to the holder."""

    account_id: str
    reason: str = attrs.field(repr=mask_text)
    at: datetime


@attrs.frozen
class RegistryLinked(DomainEvent):
    """The account was matched to a registry record by СНИЛС, name and birth date."""

    account_id: str
    at: datetime


@attrs.frozen
class PersonalDataChanged(DomainEvent):
    """Name, birth date or ИНН changed; the registry link must be checked again."""

    account_id: str
    at: datetime


@attrs.frozen
class AccountVerified(DomainEvent):
    """Every verification condition holds («Учетная запись подтверждена»)."""

    account_id: str
    at: datetime


@attrs.frozen
class AccountBlocked(DomainEvent):
    """The operator blocked the account."""

    account_id: str
    reason: str = attrs.field(repr=mask_text)
    at: datetime


@attrs.frozen
class AccountUnblocked(DomainEvent):
    """The operator lifted a block."""

    account_id: str
    at: datetime


@attrs.frozen
class PasswordChanged(DomainEvent):
    """A new password was set (by the user or through recovery)."""

    account_id: str
    at: datetime
    via_recovery: bool = False


@attrs.frozen
class SecondFactorChanged(DomainEvent):
    """The second factor was enrolled, switched or removed (``factor``: none/totp/sms)."""

    account_id: str
    factor: str
    at: datetime


@attrs.frozen
class RecoveryCodesIssued(DomainEvent):
    """A new set of recovery codes replaced the old one."""

    account_id: str
    count: int
    at: datetime


@attrs.frozen
class RecoveryCodeUsed(DomainEvent):
    """A recovery code was spent."""

    account_id: str
    remaining: int
    at: datetime


@attrs.frozen
class LoginSucceeded(DomainEvent):
    """Password and (where enrolled) second factor checked out."""

    account_id: str
    factor: str
    at: datetime


@attrs.frozen
class LoginFailed(DomainEvent):
    """A wrong password or code; ``failures`` counts consecutive ones."""

    account_id: str
    failures: int
    at: datetime


@attrs.frozen
class AccountLockedOut(DomainEvent):
    """Too many consecutive failures: sign-in is locked until recovery or the operator."""

    account_id: str
    failures: int
    at: datetime


@attrs.frozen
class ESignatureConfirmed(DomainEvent):
    """The user signed the login challenge with their qualified e-signature."""

    account_id: str
    certificate_sha256: str
    at: datetime


@attrs.frozen
class PasskeyEnrolled(DomainEvent):
    """A passkey was added to the account (its id, never the key itself)."""

    account_id: str
    passkey_id: str
    at: datetime


@attrs.frozen
class PasskeyRemoved(DomainEvent):
    """A passkey was removed from the account."""

    account_id: str
    passkey_id: str
    at: datetime


AccountEvent = (
    AccountRegistered
    | ContactConfirmed
    | ContactChanged
    | ConsentRecorded
    | IdentityDocumentSubmitted
    | IdentityDocumentsAccepted
    | IdentityDocumentsReturned
    | RegistryLinked
    | PersonalDataChanged
    | AccountVerified
    | AccountBlocked
    | AccountUnblocked
    | PasswordChanged
    | SecondFactorChanged
    | RecoveryCodesIssued
    | RecoveryCodeUsed
    | LoginSucceeded
    | LoginFailed
    | AccountLockedOut
    | ESignatureConfirmed
    | PasskeyEnrolled
    | PasskeyRemoved
)
