"""Use cases from registration to «Учетная запись подтверждена», and the operator's part."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Literal

import attrs

from accredkit.domain.accounts.access import Requirement, access_requirements
from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.activity_events import ContactCodeSent, RegistrationAttempted
from accredkit.domain.accounts.login_records import claim_id
from accredkit.domain.accounts.otp import OtpOutcome, OtpPurpose
from accredkit.domain.accounts.registration import RegistrationForm, validate_registration
from accredkit.domain.accounts.sessions import SessionEnd
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.moscow import moscow_date
from accredkit.errors import RateLimited
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._base import validation
from accredkit.services.accounts._password_gate import PasswordGate
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, CLAIMS, SESSIONS

__all__ = ["Contact", "Registered", "RegistrationUseCases"]

Contact = Literal["phone", "email"]


@attrs.frozen
class Registered:
    """A new account and the requests its two confirmation codes belong to."""

    account_id: str
    phone_request_id: str
    email_request_id: str


class RegistrationUseCases(PasswordGate):
    """Register, confirm contacts, consent, documents, registry link, block."""

    def register(self, form: RegistrationForm) -> Registered:
        """Create an account and send codes to confirm its phone and e-mail.

        Args:
            form: the registration form as typed.

        Returns:
            The account id and the request ids of the two codes.

        A СНИЛС, phone, e-mail or ИНН that another account holds gets the same answer
        as a fresh registration: the form's own contacts get their codes, the existing
        owner is told by message that someone tried, and no account is created (the
        returned id then names none; its codes confirm nothing).

        Raises:
            ValidationError: every problem with the form itself.
            PortUnavailable: a code could not be sent (nothing is stored then).
        """
        now = self._now()
        registration = validate_registration(
            form,
            today=moscow_date(now),
            password_policy=self.settings.password,
            blocklist=self.deps.blocklist,
        )
        password_hash = self.deps.hasher.hash(registration.password)
        account_id = self.deps.random.new_id()
        phone_request, email_request = self.deps.random.new_id(), self.deps.random.new_id()
        with self._uow() as uow:
            identifiers = [
                (kind, value)
                for kind, value in (
                    ("snils", registration.snils),
                    ("phone", registration.phone),
                    ("email", registration.email),
                    ("inn", registration.inn),
                )
                if value is not None
            ]
            holders = {kind: self._holder(uow, kind, value) for kind, value in identifiers}
            account, events = Account.register(
                account_id,
                registration,
                password_hash=password_hash,
                consent=self._consent(now),
                now=now,
            )
            if any(holders.values()):
                self._duplicate(uow, account, holders, phone_request, email_request, now)
                return Registered(account_id, phone_request, email_request)
            for kind, value in identifiers:
                self._claim(uow, kind, value, account_id)
            account = uow.repository(ACCOUNTS).add(account)
            self._record(uow, events)
            self._send_quietly(uow, OtpPurpose.CONFIRM_PHONE, account, phone_request, now)
            self._send_quietly(uow, OtpPurpose.CONFIRM_EMAIL, account, email_request, now)
            uow.commit()
        return Registered(account_id, phone_request, email_request)

    def _holder(self, uow: UnitOfWork, kind: str, value: object) -> str | None:
        """The account that already holds ``value``, if any."""
        found = uow.repository(CLAIMS).find(claim_id(kind, value))
        return found.account_id if found is not None else None

    def _duplicate(
        self,
        uow: UnitOfWork,
        would_be: Account,
        holders: dict[str, str | None],
        phone_request: str,
        email_request: str,
        now: datetime,
    ) -> None:
        """A registration with details another account holds: answered as a fresh one.

        The codes go to the form's own phone and e-mail where no one else holds them
        (as for a fresh registration), each existing owner is told someone tried, and
        nothing becomes an account (docs/security.md, "Registration").
        """
        if holders.get("phone") is None:
            self._send_quietly(uow, OtpPurpose.CONFIRM_PHONE, would_be, phone_request, now)
        if holders.get("email") is None:
            self._send_quietly(uow, OtpPurpose.CONFIRM_EMAIL, would_be, email_request, now)
        accounts = uow.repository(ACCOUNTS)
        for owner_id in sorted({h for h in holders.values() if h is not None}):
            owner = accounts.get(owner_id)
            self._notify(uow, owner, "registration_attempt", now)
            happened(uow, RegistrationAttempted(owner_id, now))
        uow.commit()

    def _send_quietly(
        self, uow: UnitOfWork, purpose: OtpPurpose, account: Account, request: str, now: datetime
    ) -> None:
        """Send a confirmation code; a cool-down or cap is not reported (it would tell
        that the address got a code a moment ago, i.e. that no one else holds it).
        ``send_contact_code`` asks again."""
        target = account.phone if purpose is OtpPurpose.CONFIRM_PHONE else account.email
        with contextlib.suppress(RateLimited):
            self._send_code(
                uow, purpose=purpose, target=target, request_id=request, account=account, now=now
            )

    def get(self, actor: Actor, account_id: str) -> Account:
        """The account ``account_id``: its holder's own, or for the operator and support.

        A staff member's read is journaled (``personal_data.read``).

        Raises:
            NotFound: ``account.not_found`` — none, or not the actor's to see.
        """
        action = "accounts.get"
        with self._uow() as uow:
            admitted, account, role = self._reach_account(uow, actor, action, account_id)
            subject = Subject("account", account.id, account.id)
            if self.authority.note_read(uow, admitted, action, role, subject, self._now()):
                uow.commit()
            return account

    def send_contact_code(self, account_id: str, contact: Contact) -> str:
        """Send a new confirmation code to the account's phone or e-mail.

        Returns:
            The request id the code belongs to.

        Raises:
            RateLimited: the cool-down or the hourly cap.
            PortUnavailable: the message could not be sent.
        """
        now = self._now()
        request_id = self.deps.random.new_id()
        with self._uow() as uow:
            account = uow.repository(ACCOUNTS).get(account_id)
            if contact == "phone":
                self._send_code(
                    uow, purpose=OtpPurpose.CONFIRM_PHONE, target=account.phone,
                    request_id=request_id, account=account, now=now,
                )  # fmt: skip
            else:
                self._send_code(
                    uow, purpose=OtpPurpose.CONFIRM_EMAIL, target=account.email,
                    request_id=request_id, account=account, now=now,
                )  # fmt: skip
            happened(uow, ContactCodeSent(account.id, contact, now))
            uow.commit()
        return request_id

    def confirm_contact(
        self, account_id: str, contact: Contact, request_id: str, code: str
    ) -> Account:
        """Confirm the phone or e-mail with the code sent for ``request_id``.

        Raises:
            AuthenticationFailed: ``otp.wrong``, ``otp.expired``, ``otp.used`` or
                ``otp.exhausted``.
        """
        now = self._now()
        purpose = OtpPurpose.CONFIRM_PHONE if contact == "phone" else OtpPurpose.CONFIRM_EMAIL
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            found = accounts.find(account_id)
            record = self._latest_code(uow, request_id, purpose)
            if found is None or record is None or record.account_id != account_id:
                raise self._code_refused(OtpOutcome.WRONG)
            account = found
            target = str(account.phone if contact == "phone" else account.email)
            if record.target != target:
                raise self._failed()
            result = self._try_code(
                uow, record, code, purpose=purpose, request_id=request_id, now=now
            )
            if result.accepted:
                confirm = account.confirm_phone if contact == "phone" else account.confirm_email
                account, events = confirm(now)
                account = accounts.update(account)
                self._record(uow, events)
            uow.commit()
        if not result.accepted:
            raise self._code_refused(result.outcome)
        return account

    def record_consent(self, actor: Actor, account_id: str) -> Account:
        """Record the holder's consent to the personal-data terms now in force."""
        now = self._now()
        with self._uow() as uow:
            _, found, _ = self._reach_account(uow, actor, "accounts.record_consent", account_id)
            accounts = uow.repository(ACCOUNTS)
            account, events = found.record_consent(self._consent(now), now)
            account = accounts.update(account)
            self._record(uow, events)
            uow.commit()
        return account

    def accept_identity_documents(self, actor: Actor, account_id: str) -> Account:
        """The operator accepted the identity documents the holder uploaded.

        Raises:
            PermissionDenied: ``actor`` is not an operator (or acts on their own account).
            ValidationError: ``identity_documents.missing`` — not every kind is uploaded
                (``accounts.submit_identity_document``); nothing changes then.
        """
        now = self._now()
        with self._uow() as uow:
            action = "accounts.accept_identity_documents"
            actor, found, _ = self._reach_account(uow, actor, action, account_id)
            accounts = uow.repository(ACCOUNTS)
            account, events = found.accept_identity_documents(now)
            account = accounts.update(account)
            self._record(uow, events, actor)
            uow.commit()
        return account

    def link_registry(self, actor: Actor, account_id: str) -> Account:
        """Find the account's СНИЛС in the register and link it if name and birth date match.

        Raises:
            ValidationError: ``registry.not_found`` or the mismatches found.
            PortUnavailable: the register did not answer.
        """
        now = self._now()
        with self._uow() as uow:
            _, account, _ = self._reach_account(uow, actor, "accounts.link_registry", account_id)
            accounts = uow.repository(ACCOUNTS)
            record = self.deps.registry.worker(account.snils)
            if record is None:
                raise validation(
                    "registry.not_found",
                    "snils",
                    "В регистре медицинских работников нет записи с вашим СНИЛС. "
                    "Обратитесь в отдел кадров работодателя.",
                    "The register of medical workers has no entry for your SNILS. "
                    "Ask your employer's HR department.",
                )
            account, events = account.link_registry(
                snils=record.snils,
                full_name=record.full_name,
                birth_date=record.birth_date,
                now=now,
            )
            account = accounts.update(account)
            self._record(uow, events)
            uow.commit()
        return account

    def block(self, actor: Actor, account_id: str, reason: str) -> Account:
        """Block the account (operator), end all its sessions and tell the user why.

        Raises:
            PermissionDenied: ``actor`` is not an operator (or blocks their own account).
            ValidationError: ``block.reason_required``.
        """
        now = self._now()
        with self._uow() as uow:
            actor, found, _ = self._reach_account(uow, actor, "accounts.block", account_id)
            accounts = uow.repository(ACCOUNTS)
            account, events = found.block(reason, now)
            account = accounts.update(account)
            sessions = uow.repository(SESSIONS)
            for session in self._active_sessions(uow, account_id):
                sessions.update(session.end(SessionEnd.BLOCKED, now))
            self._record(uow, events, actor)
            self._notify(uow, account, "blocked", now, reason=account.block_reason or "")
            uow.commit()
        return account

    def unblock(self, actor: Actor, account_id: str) -> Account:
        """Lift an operator's block, or the sign-in lock after too many failures (the
        throttles of every identifier of the account lift too).

        Raises:
            PermissionDenied: ``actor`` is not an operator.
        """
        now = self._now()
        with self._uow() as uow:
            actor, before, _ = self._reach_account(uow, actor, "accounts.unblock", account_id)
            accounts = uow.repository(ACCOUNTS)
            account, events = before.unblock(now)
            if events:
                self._clear_identifiers(uow, account)
                account = accounts.update(account)
                self._record(uow, events, actor)
                self._notify(uow, account, "unblocked", now)
                uow.commit()
        return account

    def unmet_requirements(self, uow: UnitOfWork, account_id: str) -> frozenset[str]:
        """The codes of the unmet access requirements, read in the caller's unit of work.

        Fits ``accredkit.services.applications.applications.RequirementsCheck``: submitting an
        application checks the applicant's account in the same transaction.
        """
        account = uow.repository(ACCOUNTS).find(account_id)
        if account is None:
            return frozenset({"access.not_verified"})
        found = access_requirements(account, consent_version=self.settings.consent.version)
        return frozenset(r.code for r in found)

    def requirements(self, actor: Actor, account_id: str) -> tuple[Requirement, ...]:
        """What the account still lacks for the cabinet (empty: full access)."""
        with self._uow() as uow:
            _, account, _ = self._reach_account(uow, actor, "accounts.requirements", account_id)
        return access_requirements(account, consent_version=self.settings.consent.version)
