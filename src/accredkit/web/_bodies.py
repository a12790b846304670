"""Request bodies of the JSON API: small attrs classes the framework decodes and documents."""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

__all__ = [
    "AnswerBody",
    "ApplicationBody",
    "CodeBody",
    "ConfirmBody",
    "ContactBody",
    "ESignatureBody",
    "LoginBody",
    "PasswordBody",
    "PreviousCertificateBody",
    "QuestionBody",
    "ReasonBody",
    "RecoveryBody",
    "RecoveryCompleteBody",
    "RecoveryVerifyBody",
    "RegisterBody",
    "RequiredReasonBody",
    "RevokeBody",
    "TextBody",
    "TicketBody",
]

SessionMode = Literal["bearer", "cookie"]
"""How the session travels: the token in the answer, or a ``__Host-`` cookie."""


@attrs.frozen
class RegisterBody:
    """The registration form: name, birth date, СНИЛС, contacts, password, consent."""

    last_name: str = attrs.field(repr=False)
    first_name: str = attrs.field(repr=False)
    birth_date: str = attrs.field(repr=False)
    snils: str = attrs.field(repr=False)
    phone: str = attrs.field(repr=False)
    email: str = attrs.field(repr=False)
    password: str = attrs.field(repr=False)
    middle_name: str = attrs.field(default="", repr=False)
    inn: str = attrs.field(default="", repr=False)
    language: str = "ru"
    consent_given: bool = False


@attrs.frozen
class ConfirmBody:
    """A confirmation code sent to a contact, and the request it belongs to."""

    request_id: str
    code: str = attrs.field(repr=False)


@attrs.frozen
class LoginBody:
    """Step 1: login (СНИЛС, ИНН, e-mail or phone) and password."""

    login: str
    password: str = attrs.field(repr=False)
    session: SessionMode = "bearer"


@attrs.frozen
class CodeBody:
    """A one-time code: TOTP, SMS, a recovery code, or an enrolment's first code."""

    code: str = attrs.field(repr=False)
    session: SessionMode = "bearer"


@attrs.frozen
class ESignatureBody:
    """The signed login challenge (base64) and the signer's certificate (PEM)."""

    signature: str
    certificate_pem: str
    session: SessionMode = "bearer"


@attrs.frozen
class RecoveryBody:
    """Start password recovery for a login."""

    login: str


@attrs.frozen
class RecoveryVerifyBody:
    """Recovery's second step: the SMS code and, with TOTP or a passkey, the second
    proof (the TOTP or a recovery code; a recovery code with a passkey)."""

    code: str = attrs.field(repr=False)
    second_factor_code: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class RecoveryCompleteBody:
    """Recovery's last step: the verified ticket and the new password."""

    ticket: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)


@attrs.frozen
class PasswordBody:
    """Change the password of the signed-in account."""

    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)


@attrs.frozen
class ContactBody:
    """A new phone number or e-mail address."""

    value: str


@attrs.frozen
class PreviousCertificateBody:
    """The certificate a repeat accreditation renews."""

    number: str
    valid_until: date


@attrs.frozen
class ApplicationBody:
    """A new application: the type and what eligibility needs to know."""

    type_code: str
    catalogue: str | None = None
    applicant_kind: Literal["person", "organisation"] = "person"
    specialty: str | None = None
    experience_years: int = 0
    training_hours: int = 0
    cpd_hours: int = 0
    nmo_credits: int = 0
    organisation_ogrn: str | None = None
    licence_number: str | None = None
    requested_term_months: int | None = None
    previous_certificate: PreviousCertificateBody | None = None
    changed_requirements_reason: str | None = None


@attrs.frozen
class AnswerBody:
    """The applicant's answer to a request for information."""

    text: str = attrs.field(repr=False)


@attrs.frozen
class TextBody:
    """A message or a ticket follow-up."""

    text: str = attrs.field(repr=False)


@attrs.frozen
class ReasonBody:
    """An optional reason (withdraw, send for approval, approve)."""

    reason: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class RequiredReasonBody:
    """A reason that must be given (reject)."""

    reason: str = attrs.field(repr=False)


@attrs.frozen
class QuestionBody:
    """A request for information and the working days to answer it."""

    question: str = attrs.field(repr=False)
    working_days: int | None = None


@attrs.frozen
class RevokeBody:
    """Why a certificate is revoked."""

    reason: str = attrs.field(repr=False)


@attrs.frozen
class TicketBody:
    """A support ticket: category, subject and the first message."""

    category: str
    subject: str = attrs.field(repr=False)
    text: str = attrs.field(repr=False)
