"""What the accounts use cases are configured with and store: settings, dependencies,
collections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from datetime import timedelta

import attrs

from accredkit.domain.documents import DocumentPolicy
from accredkit.domain.esignature import SignatureChallenge
from accredkit.domain.login_policy import LoginPolicy
from accredkit.domain.login_records import (
    IdentityClaim,
    LoginThrottle,
    PendingLogin,
    RecoveryRequest,
    TotpEnrolment,
)
from accredkit.domain.otp import OneTimeCode, OtpPolicy
from accredkit.domain.passkeys import Passkey, PasskeyChallenge, RelyingParty
from accredkit.domain.passwords import PasswordPolicy
from accredkit.domain.retention import RetentionPolicy
from accredkit.domain.sessions import SessionPolicy
from accredkit.ports.blobs import BlobStore
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.passkeys import PasskeyCeremonies
from accredkit.ports.passwords import PasswordHasher
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.sealing import SecretSealer
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Collection, Storage
from accredkit.ports.totp import TotpVerifier
from accredkit.services.collections import ACCOUNTS
from accredkit.services.session_check import SESSIONS

__all__ = [
    "ACCOUNTS",
    "CHALLENGES",
    "CLAIMS",
    "CODES",
    "DEFAULT_CONSENT_TEXT",
    "ENROLMENTS",
    "PASSKEYS",
    "PASSKEY_CHALLENGES",
    "PENDING_LOGINS",
    "RECOVERIES",
    "SESSIONS",
    "THROTTLES",
    "AccountDependencies",
    "AccountSettings",
    "ConsentDocument",
]

# A claim's id is the identifier itself (``snils:…``): stored as a keyed hash.
CLAIMS = Collection(
    "account_claims", IdentityClaim, indexes=("account_id",), personal=("id",), blind=("id",)
)
CODES = Collection(
    "one_time_codes",
    OneTimeCode,
    indexes=("target", "purpose", "request_id", "account_id", "created_at"),
    personal=("target",),
    blind=("target",),
)
PENDING_LOGINS = Collection("pending_logins", PendingLogin, indexes=("account_id",))
CHALLENGES = Collection("signature_challenges", SignatureChallenge, indexes=("account_id",))
ENROLMENTS = Collection("totp_enrolments", TotpEnrolment, indexes=("account_id",))
# The label is what the user typed («Телефон Ивана»): kept as personal data.
PASSKEYS = Collection(
    "passkeys",
    Passkey,
    indexes=("account_id", "credential_id", "removed", "created_at"),
    personal=("label",),
)
PASSKEY_CHALLENGES = Collection(
    "passkey_challenges",
    PasskeyChallenge,
    indexes=("account_id", "created_at"),
    personal=("label",),
)
THROTTLES = Collection("login_throttles", LoginThrottle)
RECOVERIES = Collection("recovery_requests", RecoveryRequest, indexes=("ticket_hash", "account_id"))

DEFAULT_CONSENT_TEXT = (
    "Я даю согласие на обработку моих персональных данных в соответствии с Федеральным "
    "законом от 27.07.2006 № 152-ФЗ «О персональных данных» в целях аккредитации "
    "специалиста."
)


@attrs.frozen
class ConsentDocument:
    """The consent text in force (152-ФЗ) and its version; accounts record its hash."""

    version: str
    text: str

    @property
    def sha256(self) -> str:
        """The SHA-256 of the UTF-8 text, as recorded in each consent."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@attrs.frozen
class AccountSettings:
    """Every configurable rule of the accounts use cases.

    ``bootstrap`` builds it from the ``settings.*`` policy tables (docs/configuration.md,
    "Policies") unless a host hands one in.
    """

    password: PasswordPolicy = attrs.field(factory=PasswordPolicy)
    otp: OtpPolicy = attrs.field(factory=OtpPolicy)
    sessions: SessionPolicy = attrs.field(factory=SessionPolicy)
    login: LoginPolicy = attrs.field(factory=LoginPolicy)
    consent: ConsentDocument = attrs.field(
        factory=lambda: ConsentDocument("2026-01", DEFAULT_CONSENT_TEXT)
    )
    retention: RetentionPolicy = attrs.field(factory=RetentionPolicy)
    pending_login_lifetime: timedelta = timedelta(minutes=5)
    enrolment_lifetime: timedelta = timedelta(minutes=10)
    relying_party: RelyingParty | None = None
    """Who passkeys are made for (``settings.passkeys``); None: passkeys are off."""
    passkey_challenge_lifetime: timedelta = timedelta(minutes=5)
    recovery_lifetime: timedelta = timedelta(minutes=15)
    """How long a recovery request takes codes (each code still lives five minutes)."""
    recovery_ticket_lifetime: timedelta = timedelta(minutes=10)
    """How long a verified recovery ticket may set the new password."""
    recovery_password_tries: int = attrs.field(default=10, validator=attrs.validators.ge(1))
    """New passwords a ticket may have refused before it is spent."""


@attrs.frozen
class AccountDependencies:
    """The ports and keys the accounts use cases run on (wired by ``bootstrap``)."""

    storage: Storage
    clock: Clock
    random: RandomSource
    sms: SmsSender
    email: EmailSender
    registry: Registry
    hasher: PasswordHasher
    totp: TotpVerifier
    sealer: SecretSealer
    signatures: SignatureVerifier
    secret_key: bytes = attrs.field(repr=False)
    calendar: WorkingCalendar | None = None  # subject requests count working days
    blobs: BlobStore | None = None  # identity documents; depersonalisation deletes them
    inspector: DocumentInspector | None = None  # checks identity documents like any other
    documents: DocumentPolicy = attrs.field(factory=DocumentPolicy)
    blocklist: Container[str] = attrs.field(factory=frozenset, repr=False)
    passkeys: PasskeyCeremonies | None = None  # WebAuthn, with settings.relying_party
    settings: AccountSettings = attrs.field(factory=AccountSettings)
