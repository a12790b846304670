"""What the accounts use cases are configured with and store: settings, dependencies,
collections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from datetime import timedelta

import attrs

from accredkit.domain.accounts.login_policy import LoginPolicy
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.domain.accounts.passkeys import RelyingParty
from accredkit.domain.accounts.passwords import PasswordPolicy
from accredkit.domain.accounts.recovery_policy import RecoveryPolicy
from accredkit.domain.accounts.retention import RetentionPolicy
from accredkit.domain.accounts.second_factor_policy import SecondFactorPolicy
from accredkit.domain.accounts.sessions import SessionPolicy
from accredkit.domain.documents.rules import DocumentPolicy
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
from accredkit.ports.storage import Storage
from accredkit.ports.totp import TotpVerifier

__all__ = [
    "DEFAULT_CONSENT_TEXT",
    "AccountDependencies",
    "AccountSettings",
    "ConsentDocument",
]


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
    recovery: RecoveryPolicy = attrs.field(factory=RecoveryPolicy)
    second_factor: SecondFactorPolicy = attrs.field(factory=SecondFactorPolicy)
    relying_party: RelyingParty | None = None
    """Who passkeys are made for (``settings.passkeys``); None: passkeys are off."""

    # The lifetimes by their older names, read-only (each lives in its policy now).

    @property
    def pending_login_lifetime(self) -> timedelta:
        """``login.pending_lifetime``."""
        return self.login.pending_lifetime

    @property
    def enrolment_lifetime(self) -> timedelta:
        """``second_factor.totp_enrolment``."""
        return self.second_factor.totp_enrolment

    @property
    def passkey_challenge_lifetime(self) -> timedelta:
        """``second_factor.passkey_challenge``."""
        return self.second_factor.passkey_challenge

    @property
    def recovery_lifetime(self) -> timedelta:
        """``recovery.request_lifetime``."""
        return self.recovery.request_lifetime

    @property
    def recovery_ticket_lifetime(self) -> timedelta:
        """``recovery.ticket_lifetime``."""
        return self.recovery.ticket_lifetime

    @property
    def recovery_password_tries(self) -> int:
        """``recovery.password_tries``."""
        return self.recovery.password_tries


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
