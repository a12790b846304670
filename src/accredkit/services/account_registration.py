"""Use cases from registration to «Учетная запись подтверждена», and the operator's part."""

from __future__ import annotations

from typing import Literal

import attrs

from accredkit.domain.access import Requirement, access_requirements
from accredkit.domain.accounts import Account
from accredkit.domain.actors import Actor
from accredkit.domain.lifecycle import Role
from accredkit.domain.moscow import moscow_date
from accredkit.domain.otp import OtpPurpose
from accredkit.domain.registration import RegistrationForm, validate_registration
from accredkit.domain.sessions import SessionEnd
from accredkit.errors import ValidationError, Violation
from accredkit.ports.storage import UnitOfWork
from accredkit.services._account_base import AccountsBase, validation
from accredkit.services.account_settings import ACCOUNTS, SESSIONS

__all__ = ["Contact", "Registered", "RegistrationUseCases"]

Contact = Literal["phone", "email"]


@attrs.frozen
class Registered:
    """A new account and the requests its two confirmation codes belong to."""

    account_id: str
    phone_request_id: str
    email_request_id: str


class RegistrationUseCases(AccountsBase):
    """Register, confirm contacts, consent, documents, registry link, block."""

    def register(self, form: RegistrationForm) -> Registered:
        """Create an account and send codes to confirm its phone and e-mail.

        Args:
            form: the registration form as typed.

        Returns:
            The account id and the request ids of the two codes.

        Raises:
            ValidationError: every problem with the form, including identifiers that
                another account already holds.
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
            held: list[Violation] = []
            for kind, value in (
                ("snils", registration.snils),
                ("phone", registration.phone),
                ("email", registration.email),
                ("inn", registration.inn),
            ):
                if value is not None:
                    taken = self._claim(uow, kind, value, account_id)
                    held += [taken] if taken else []
            if held:
                raise ValidationError.of(held)
            account, events = Account.register(
                account_id,
                registration,
                password_hash=password_hash,
                consent=self._consent(now),
                now=now,
            )
            account = uow.repository(ACCOUNTS).add(account)
            self._record(uow, events)
            self._send_code(
                uow, purpose=OtpPurpose.CONFIRM_PHONE, target=account.phone,
                request_id=phone_request, account=account, now=now,
            )  # fmt: skip
            self._send_code(
                uow, purpose=OtpPurpose.CONFIRM_EMAIL, target=account.email,
                request_id=email_request, account=account, now=now,
            )  # fmt: skip
            uow.commit()
        return Registered(account_id, phone_request, email_request)

    def get(self, account_id: str) -> Account:
        """The account ``account_id`` (``NotFound`` if there is none)."""
        with self._uow() as uow:
            return uow.repository(ACCOUNTS).get(account_id)

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
            self._journal(uow, "account.contact_code_sent", account.id, now, contact=contact)
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
            account = accounts.get(account_id)
            record = self._latest_code(uow, request_id, purpose)
            target = str(account.phone if contact == "phone" else account.email)
            if record is None or record.account_id != account_id or record.target != target:
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

    def record_consent(self, account_id: str) -> Account:
        """Record consent to the personal-data terms now in force."""
        now = self._now()
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            account, events = accounts.get(account_id).record_consent(self._consent(now), now)
            account = accounts.update(account)
            self._record(uow, events)
            uow.commit()
        return account

    def accept_identity_documents(self, account_id: str, actor: Actor | None = None) -> Account:
        """The operator accepted the identity documents.

        Raises:
            PermissionDenied: ``actor`` is not an operator.
        """
        _operator(actor)
        now = self._now()
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            account, events = accounts.get(account_id).accept_identity_documents(now)
            account = accounts.update(account)
            self._record(uow, events, actor)
            uow.commit()
        return account

    def link_registry(self, account_id: str) -> Account:
        """Find the account's СНИЛС in the register and link it if name and birth date match.

        Raises:
            ValidationError: ``registry.not_found`` or the mismatches found.
            PortUnavailable: the register did not answer.
        """
        now = self._now()
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            account = accounts.get(account_id)
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

    def block(self, account_id: str, reason: str, actor: Actor | None = None) -> Account:
        """Block the account (operator), end all its sessions and tell the user why.

        Raises:
            PermissionDenied: ``actor`` is not an operator.
            ValidationError: ``block.reason_required``.
        """
        _operator(actor)
        now = self._now()
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            account, events = accounts.get(account_id).block(reason, now)
            account = accounts.update(account)
            sessions = uow.repository(SESSIONS)
            for session in self._active_sessions(uow, account_id):
                sessions.update(session.end(SessionEnd.BLOCKED, now))
            self._record(uow, events, actor)
            self._notify(uow, account, "blocked", now, reason=account.block_reason or "")
            uow.commit()
        return account

    def unblock(self, account_id: str, actor: Actor | None = None) -> Account:
        """Lift an operator's block.

        Raises:
            PermissionDenied: ``actor`` is not an operator.
        """
        _operator(actor)
        now = self._now()
        with self._uow() as uow:
            accounts = uow.repository(ACCOUNTS)
            before = accounts.get(account_id)
            account, events = before.unblock(now)
            if events:
                account = accounts.update(account)
                self._record(uow, events, actor)
                self._notify(uow, account, "unblocked", now)
                uow.commit()
        return account

    def unmet_requirements(self, uow: UnitOfWork, account_id: str) -> frozenset[str]:
        """The codes of the unmet access requirements, read in the caller's unit of work.

        Fits ``accredkit.services.applications.RequirementsCheck``: submitting an
        application checks the applicant's account in the same transaction.
        """
        account = uow.repository(ACCOUNTS).find(account_id)
        if account is None:
            return frozenset({"access.not_verified"})
        found = access_requirements(account, consent_version=self.settings.consent.version)
        return frozenset(r.code for r in found)

    def requirements(self, account_id: str) -> tuple[Requirement, ...]:
        """What the account still lacks for the cabinet (empty: full access)."""
        account = self.get(account_id)
        return access_requirements(account, consent_version=self.settings.consent.version)


def _operator(actor: Actor | None) -> None:
    """Operator actions: a host passing an actor must pass an operator (or the system)."""
    if actor is not None:
        actor.require(Role.OPERATOR, Role.SYSTEM)
