"""A ready cabinet for tests that need accounts: frozen clock, recording senders, a test CA.

Other suites (applications, reviews…) need verified, signed-in users; this harness
makes one in a line and reads the codes out of the recorded SMS and e-mail.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.password_hasher import Argon2idHasher, Argon2Parameters
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.crypto.totp import TotpAuthenticator
from accredkit.adapters.esignature.x509 import X509SignatureVerifier
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.registry.memory_registry import MemoryRegistry
from accredkit.bootstrap._accounts_wiring import AccountAdapters
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.domain.accounts.access import Requirement, access_requirements
from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.identity_documents import IdentityDocumentKind
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.identifiers import Snils
from accredkit.domain.registry import WorkerRecord
from accredkit.ports.passwords import PasswordHasher
from accredkit.services.accounts.accounts import (
    ACCOUNTS,
    Accounts,
    AccountSettings,
    LoginStep,
    Registered,
)
from accredkit.services.accounts.staff import StaffService
from accredkit.services.correspondence.notifications import DispatchReport, NotificationService
from accredkit.testing import documents
from tests.support.certificates import TestCa, UserCertificate
from tests.support.seats import seat, sign_in

__all__ = ["CHEAP_ARGON2", "AccountsHarness", "default_form"]

CHEAP_ARGON2 = Argon2Parameters(memory_kib=64, iterations=1, lanes=1)
"""Real Argon2id at a toy cost, for suites that hash thousands of times."""


@functools.cache
def _identity_file() -> bytes:
    """One valid PDF every harness account uploads for each identity document."""
    return documents.text_pdf(lines=10, seed=15)


_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


def default_form(**changes: Any) -> RegistrationForm:
    """A valid registration form (Иванов Иван Иванович), with ``changes`` applied."""
    form = RegistrationForm(
        last_name="Иванов",
        first_name="Иван",
        middle_name="Иванович",
        birth_date="07.03.1985",
        snils="112-233-445 95",
        phone="+7 916 123-45-67",
        email="ivan.ivanov@example.org",
        password="сосна у реки шумит",
        consent_given=True,
    )
    return attrs.evolve(form, **changes)


class AccountsHarness:
    """A cabinet in memory (or on ``config``'s storage) wired for account tests.

    The recording senders, the register, the test CA's verifier and the cheap hasher
    go in through ``bootstrap``'s arguments: ``cabinet.accounts`` is ``accounts``.

    Args:
        config: cabinet configuration (default: everything in memory).
        hasher: the password hasher (default: Argon2id at ``CHEAP_ARGON2``).
        settings: account policies.
        at: where the frozen clock starts.
        configured_signatures: verify e-signatures as ``config`` says (its trusted CAs
            and CRL files, every registered verifier) instead of with the test CA's
            raw-signature verifier; ``signers`` then says how each account signs.
        ca: the test CA the harness's people get certificates from (default: a new
            one); a test that trusts it in ``config`` as well verifies as configured.
        plugins: plugin objects for ``bootstrap(plugins=...)``.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *,
        hasher: PasswordHasher | None = None,
        settings: AccountSettings | None = None,
        at: datetime | None = None,
        seed: int = 2026,
        configured_signatures: bool = False,
        ca: TestCa | None = None,
        plugins: Iterable[object] = (),
    ) -> None:
        self.clock = FrozenClock(at)
        self.sms = MemorySms()
        self.email = MemoryEmail()
        self.registry = MemoryRegistry()
        self.ca = ca or TestCa(now=self.clock.now())
        adapters = AccountAdapters(
            hasher=hasher or Argon2idHasher(CHEAP_ARGON2),
            signatures=None if configured_signatures else X509SignatureVerifier([self.ca.pem]),
            settings=settings,
        )
        self.cabinet: Cabinet = bootstrap(
            config,
            clock=self.clock,
            random=SeededRandom(seed),
            sms=self.sms,
            email=self.email,
            registry=self.registry,
            accounts=adapters,
            plugins=plugins,
        )
        self.accounts: Accounts = self.cabinet.accounts
        self.staff = StaffService(
            self.cabinet.storage, self.clock, self.cabinet.authority, self.register
        )
        self.totp = TotpAuthenticator()
        self.certificates: dict[str, UserCertificate] = {}
        self.signers: dict[str, Callable[[bytes], tuple[bytes, bytes]]] = {}
        """Per account: challenge → (signature, certificate), e.g. an OpenSSL CMS signer."""
        self.totp_secrets: dict[str, str] = {}
        self._operator: Actor | None = None

    def deliver(self) -> DispatchReport:
        """Send what the outbox holds (security notices), as the host's scheduler would."""
        service = NotificationService(
            self.cabinet.storage, self.sms, self.email, self.clock, authority=self.cabinet.authority
        )
        return service.dispatch(SYSTEM)

    def close(self) -> None:
        """Close the cabinet's storage."""
        self.cabinet.close()

    def last_code(self, to: str) -> str:
        """The six digits of the newest SMS or e-mail sent to ``to``."""
        for message in reversed([*self.sms.sent, *self.email.sent]):
            if message.to == to:
                match = _CODE.search(message.text)
                if match:
                    return match.group(1)
        raise LookupError(f"no code was sent to {to}")

    def account(self, account_id: str) -> Account:
        """The stored account, read past the use cases (what a test inspects)."""
        with self.cabinet.storage.unit_of_work() as uow:
            return uow.repository(ACCOUNTS).get(account_id)

    def requirements(self, account_id: str) -> tuple[Requirement, ...]:
        """What the stored account still lacks (the rule itself, without an actor)."""
        version = self.accounts.settings.consent.version
        return access_requirements(self.account(account_id), consent_version=version)

    def operator(self) -> Actor:
        """An operator of the body, in a session opened now (``tests.support.seats``)."""
        now = self.clock.now()
        if self._operator is None:
            self._operator = seat(self.cabinet.storage, "harness-operator", Role.OPERATOR, at=now)
        else:
            self._operator = sign_in(self.cabinet.storage, self._operator, at=now)
        return self._operator

    def register(self, form: RegistrationForm | None = None) -> Registered:
        """Register ``form``, put the person in the register, give them a certificate."""
        form = form or default_form()
        registered = self.accounts.register(form)
        account = self.account(registered.account_id)
        self.registry.add(WorkerRecord(account.snils, str(account.full_name), account.birth_date))
        self.certificates[registered.account_id] = self.ca.issue(account.snils.digits)
        return registered

    def verify(self, registered: Registered) -> None:
        """Confirm both contacts, upload and accept the identity documents and link the
        register (as ``SYSTEM``)."""
        account = self.account(registered.account_id)
        self.accounts.confirm_contact(
            account.id, "phone", registered.phone_request_id, self.last_code(str(account.phone))
        )
        self.accounts.confirm_contact(
            account.id, "email", registered.email_request_id, self.last_code(str(account.email))
        )
        self.submit_identity_documents(account.id)
        self.accounts.accept_identity_documents(SYSTEM, account.id)
        self.accounts.link_registry(SYSTEM, account.id)

    def submit_identity_documents(self, account_id: str) -> Account:
        """Upload a passport scan, a proof of status and the consent (as ``SYSTEM``)."""
        account = self.account(account_id)
        for kind in IdentityDocumentKind:
            account = self.accounts.submit_identity_document(
                SYSTEM, account_id, kind.value, f"{kind.value}.pdf", _identity_file()
            )
        return account

    def sign(self, account_id: str, challenge: bytes) -> tuple[bytes, bytes]:
        """The user's signature over ``challenge`` and their certificate (PEM)."""
        if account_id in self.signers:
            return self.signers[account_id](challenge)
        user = self.certificates[account_id]
        return user.sign(challenge), user.pem

    def totp_code(self, account_id: str, at: datetime | None = None) -> str:
        """What the user's authenticator app shows now (or at ``at``)."""
        return self.totp.code_at(self.totp_secrets[account_id], at or self.clock.now())

    def enrol_totp(self, token: str, account_id: str) -> tuple[str, ...]:
        """Enrol TOTP for the signed-in user; returns their recovery codes."""
        started = self.accounts.begin_totp_enrolment(token)
        self.totp_secrets[account_id] = started.secret
        return self.accounts.finish_totp_enrolment(
            token, started.enrolment_id, self.totp_code(account_id)
        )

    def complete(self, account_id: str, step: LoginStep, code: str | None = None) -> LoginStep:
        """Take a login through its remaining steps (second factor ``code``, e-signature)."""
        if step.stage is LoginStage.SECOND_FACTOR:
            assert step.pending_id is not None
            step = self.accounts.second_factor(step.pending_id, code or "")
        if step.stage is LoginStage.ESIGNATURE:
            assert step.pending_id is not None
            assert step.challenge is not None
            signature, pem = self.sign(account_id, step.challenge)
            step = self.accounts.confirm_esignature(step.pending_id, signature, pem)
        return step

    def snils_of(self, account_id: str) -> Snils:
        """The account's СНИЛС."""
        return self.account(account_id).snils
