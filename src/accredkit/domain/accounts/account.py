"""The account aggregate (учетная запись): who the user is and how they prove it.

Status goes ``registered`` → ``verified`` once the phone and e-mail are confirmed,
the identity documents uploaded and accepted (``identity_documents``), consent recorded
and the registry link found by СНИЛС (name and birth date must match); the operator may
block it with a reason (docs/security.md). Every change returns the new account and the
events it caused. Secrets appear only as hashes or sealed bytes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import attrs

from accredkit.domain.accounts import credentials
from accredkit.domain.accounts.identity_documents import (
    IdentityDocument,
    StatusLabel,
    in_asked_order,
    require_complete,
    return_reason,
    status_label,
)
from accredkit.domain.accounts.parts import (
    REGISTRY_MISMATCHES,
    AccountStatus,
    ConsentRecord,
    RegistryLink,
    SecondFactor,
)
from accredkit.domain.accounts.passwords import PersonalData
from accredkit.domain.accounts.registration import Registration
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.masks import mask_date, mask_text
from accredkit.domain.on_first_use import ModuleOnFirstUse
from accredkit.domain.person import FullName, Language
from accredkit.domain.utc import require_utc
from accredkit.errors import ValidationError, Violation

if TYPE_CHECKING:
    from accredkit.domain.accounts import events as ev
else:  # made when the account changes, not when it is read (domain/on_first_use.py)
    ev = ModuleOnFirstUse("accredkit.domain.accounts.events")

__all__ = [
    "Account",
    "AccountStatus",
    "ConsentRecord",
    "RegistryLink",
    "SecondFactor",
    "Transition",
]

Transition = tuple["Account", tuple["ev.AccountEvent", ...]]


@attrs.frozen
class Account:
    """A medical worker's account ."""

    id: str
    version: int
    full_name: FullName
    birth_date: date = attrs.field(repr=mask_date)
    snils: Snils
    phone: Phone
    email: Email
    password_hash: str = attrs.field(repr=False)
    password_changed_at: datetime
    created_at: datetime
    inn: Inn | None = None
    language: Language = Language.RU
    status: AccountStatus = AccountStatus.REGISTERED
    block_reason: str | None = attrs.field(default=None, repr=mask_text)
    phone_confirmed: bool = False
    email_confirmed: bool = False
    consent: ConsentRecord | None = None
    identity_documents_accepted: bool = False
    identity_documents: tuple[IdentityDocument, ...] = ()
    identity_documents_returned: str | None = attrs.field(default=None, repr=mask_text)
    """The operator's reason for returning the identity documents, until new ones come."""
    registry_link: RegistryLink | None = None
    second_factor: SecondFactor = SecondFactor.NONE
    totp_secret_sealed: bytes | None = attrs.field(default=None, repr=False)
    totp_last_step: int | None = None
    recovery_code_hashes: tuple[str, ...] = attrs.field(default=(), repr=False)
    failed_logins: int = 0
    throttled_until: datetime | None = None
    locked: bool = False
    esignature_needed: bool = True

    @classmethod
    def register(
        cls,
        account_id: str,
        registration: Registration,
        *,
        password_hash: str,
        consent: ConsentRecord,
        now: datetime,
    ) -> Transition:
        """A new account from a validated registration form and the consent given with it."""
        require_utc(now, "now")
        account = cls(
            id=account_id,
            version=0,
            full_name=registration.full_name,
            birth_date=registration.birth_date,
            snils=registration.snils,
            phone=registration.phone,
            email=registration.email,
            inn=registration.inn,
            language=registration.language,
            password_hash=password_hash,
            password_changed_at=now,
            created_at=now,
            consent=consent,
        )
        return account, (
            ev.AccountRegistered(account_id, now),
            ev.ConsentRecorded(account_id, consent.document_version, consent.text_sha256, now),
        )

    def personal_data(self) -> PersonalData:
        """What a new password must not be built from."""
        return PersonalData(
            full_name=str(self.full_name),
            birth_date=self.birth_date,
            snils=str(self.snils),
            email=str(self.email),
            phone=str(self.phone),
            other=(self.inn.digits,) if self.inn else (),
        )

    # --- verification -------------------------------------------------------------

    @property
    def registry_link_current(self) -> bool:
        """Whether the registry link exists and still matches the name and birth date."""
        link = self.registry_link
        return (
            link is not None
            and self.full_name.matches(link.full_name)
            and link.birth_date == self.birth_date
        )

    @property
    def verification_complete(self) -> bool:
        """Every condition of «Учетная запись подтверждена» holds."""
        return (
            self.phone_confirmed
            and self.email_confirmed
            and self.identity_documents_accepted
            and self.consent is not None
            and self.registry_link_current
        )

    def _settle(self, changed: Account, now: datetime, *events: ev.AccountEvent) -> Transition:
        """Promote to verified (or back to registered) as the conditions now say."""
        if changed.status is AccountStatus.REGISTERED and changed.verification_complete:
            changed = attrs.evolve(changed, status=AccountStatus.VERIFIED)
            events = (*events, ev.AccountVerified(self.id, now))
        elif changed.status is AccountStatus.VERIFIED and not changed.verification_complete:
            changed = attrs.evolve(changed, status=AccountStatus.REGISTERED)
        return changed, events

    def confirm_phone(self, now: datetime) -> Transition:
        """The phone was proved by a code."""
        require_utc(now, "now")
        changed = attrs.evolve(self, phone_confirmed=True)
        return self._settle(changed, now, ev.ContactConfirmed(self.id, "phone", now))

    def confirm_email(self, now: datetime) -> Transition:
        """The e-mail address was proved by a code."""
        require_utc(now, "now")
        changed = attrs.evolve(self, email_confirmed=True)
        return self._settle(changed, now, ev.ContactConfirmed(self.id, "email", now))

    def record_consent(self, consent: ConsentRecord, now: datetime) -> Transition:
        """Consent given (again) for a version of the consent text."""
        require_utc(now, "now")
        changed = attrs.evolve(self, consent=consent)
        event = ev.ConsentRecorded(self.id, consent.document_version, consent.text_sha256, now)
        return self._settle(changed, now, event)

    def withdraw_consent(self, now: datetime) -> Transition:
        """Consent withdrawn (152-ФЗ, ст. 9, ч. 2): the account is no longer verified."""
        require_utc(now, "now")
        return self._settle(attrs.evolve(self, consent=None), now)

    @property
    def status_label(self) -> StatusLabel:
        """Where the account stands, as its holder reads it (docs/security.md)."""
        return status_label(
            blocked=self.status is AccountStatus.BLOCKED,
            verified=self.status is AccountStatus.VERIFIED,
            documents=self.identity_documents,
            accepted=self.identity_documents_accepted,
            returned_reason=self.identity_documents_returned,
        )

    def submit_identity_document(self, document: IdentityDocument, now: datetime) -> Transition:
        """A checked identity document, replacing one of its kind: the set awaits review
        again (an accepted set is accepted no more, a return is answered)."""
        require_utc(now, "now")
        kept = tuple(d for d in self.identity_documents if d.kind is not document.kind)
        changed = attrs.evolve(
            self,
            identity_documents=in_asked_order((*kept, document)),
            identity_documents_accepted=False,
            identity_documents_returned=None,
        )
        event = ev.IdentityDocumentSubmitted(self.id, document.kind.value, document.sha256, now)
        return self._settle(changed, now, event)

    def accept_identity_documents(self, now: datetime) -> Transition:
        """The operator accepted the identity documents.

        Raises:
            ValidationError: ``identity_documents.missing`` — not every kind is uploaded.
        """
        require_utc(now, "now")
        require_complete(self.identity_documents)
        changed = attrs.evolve(
            self, identity_documents_accepted=True, identity_documents_returned=None
        )
        return self._settle(changed, now, ev.IdentityDocumentsAccepted(self.id, now))

    def return_identity_documents(self, reason: str, now: datetime) -> Transition:
        """The operator returned the identity documents with a reason the holder sees.

        Raises:
            ValidationError: ``identity_documents.reason_required`` or
                ``identity_documents.none`` (nothing was uploaded).
        """
        require_utc(now, "now")
        reason = return_reason(reason, self.identity_documents)
        changed = attrs.evolve(
            self, identity_documents_accepted=False, identity_documents_returned=reason
        )
        event = ev.IdentityDocumentsReturned(self.id, reason, now)
        return self._settle(changed, now, event)

    def link_registry(
        self,
        *,
        snils: Snils,
        full_name: FullName | str,
        birth_date: date,
        now: datetime,
    ) -> Transition:
        """Link the registry record found by СНИЛС, if its name and birth date match.

        Raises:
            ValidationError: ``registry.snils_mismatch``, ``registry.name_mismatch``
                and/or ``registry.birth_date_mismatch``.
        """
        require_utc(now, "now")
        checks = {
            "registry.snils_mismatch": snils == self.snils,
            "registry.name_mismatch": self.full_name.matches(full_name),
            "registry.birth_date_mismatch": birth_date == self.birth_date,
        }
        found = [REGISTRY_MISMATCHES[code] for code, ok in checks.items() if not ok]
        if found:
            raise ValidationError.of(found)
        link = RegistryLink(str(full_name), birth_date, now)
        changed = attrs.evolve(self, registry_link=link)
        return self._settle(changed, now, ev.RegistryLinked(self.id, now))

    def update_personal_data(
        self,
        now: datetime,
        *,
        full_name: FullName | None = None,
        birth_date: date | None = None,
        inn: Inn | None = None,
    ) -> Transition:
        """New name, birth date or ИНН; a registry link that no longer matches stops counting."""
        require_utc(now, "now")
        changed = attrs.evolve(
            self,
            full_name=full_name or self.full_name,
            birth_date=birth_date or self.birth_date,
            inn=inn or self.inn,
        )
        return self._settle(changed, now, ev.PersonalDataChanged(self.id, now))

    def change_phone(self, phone: Phone, now: datetime) -> Transition:
        """A new phone, unconfirmed until its code comes back; SMS as a factor stops."""
        require_utc(now, "now")
        factor = SecondFactor.NONE if self.second_factor is SecondFactor.SMS else None
        changed = attrs.evolve(
            self,
            phone=phone,
            phone_confirmed=False,
            second_factor=factor or self.second_factor,
        )
        events: list[ev.AccountEvent] = [ev.ContactChanged(self.id, "phone", now)]
        if factor is not None:
            events.append(ev.SecondFactorChanged(self.id, factor.value, now))
        return self._settle(changed, now, *events)

    def change_email(self, email: Email, now: datetime) -> Transition:
        """A new e-mail address, unconfirmed until its code comes back."""
        require_utc(now, "now")
        changed = attrs.evolve(self, email=email, email_confirmed=False)
        return self._settle(changed, now, ev.ContactChanged(self.id, "email", now))

    # --- operator -----------------------------------------------------------------

    def block(self, reason: str, now: datetime) -> Transition:
        """Blocked by the operator; the reason is shown to the user.

        Raises:
            ValidationError: ``block.reason_required`` for an empty reason.
        """
        require_utc(now, "now")
        if not reason.strip():
            raise ValidationError.of(
                (
                    Violation(
                        "block.reason_required",
                        "reason",
                        "Укажите причину блокировки.",
                        "Give the reason for the block.",
                    ),
                )
            )
        changed = attrs.evolve(self, status=AccountStatus.BLOCKED, block_reason=reason.strip())
        return changed, (ev.AccountBlocked(self.id, reason.strip(), now),)

    def unblock(self, now: datetime) -> Transition:
        """The operator lifts a block and a sign-in lock: back to verified or registered
        as the conditions say, the failure count starting again."""
        require_utc(now, "now")
        if self.status is not AccountStatus.BLOCKED and not self.locked:
            return self, ()
        status = self.status
        if status is AccountStatus.BLOCKED:
            complete = self.verification_complete
            status = AccountStatus.VERIFIED if complete else AccountStatus.REGISTERED
        changed = attrs.evolve(
            self, status=status, block_reason=None, locked=False, failed_logins=0,
            throttled_until=None,
        )  # fmt: skip
        return changed, (ev.AccountUnblocked(self.id, now),)

    # --- login and credentials (domain/accounts/credentials.py) -----------------

    login_barrier = credentials.login_barrier
    record_login_failure = credentials.record_login_failure
    record_login_success = credentials.record_login_success
    confirm_esignature = credentials.confirm_esignature
    change_password = credentials.change_password
    rehash_password = credentials.rehash_password
    enrol_totp = credentials.enrol_totp
    use_sms_factor = credentials.use_sms_factor
    remove_second_factor = credentials.remove_second_factor
    use_passkey_factor = credentials.use_passkey_factor
    drop_passkey_factor = credentials.drop_passkey_factor
    use_totp_step = credentials.use_totp_step
    issue_recovery_codes = credentials.issue_recovery_codes
    use_recovery_code = credentials.use_recovery_code
