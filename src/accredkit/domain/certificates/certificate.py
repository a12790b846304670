"""Electronic accreditation certificates (свидетельство об аккредитации специалиста).

A certificate is a signed record: its payload (number, holder, type, specialty,
validity, issuer, the application and any previous certificate) is sealed at issue and
never changes. Revocation is a later fact kept beside it; expiry is computed from
``valid_until`` as of a given day.

Numbers look like ``АК-2026-000123-4``: the year, a per-year sequence and a Damm check
digit over both, so a mistyped or swapped digit is caught before any lookup.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any

import attrs

from accredkit.domain.certificates.signed import Seal
from accredkit.domain.events import DomainEvent
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.masks import mask_name, mask_text
from accredkit.domain.numbering import damm_digit, damm_valid
from accredkit.errors import ValidationError, Violation

__all__ = [
    "CERTIFICATE_KIND",
    "Certificate",
    "CertificateIssued",
    "CertificateRevoked",
    "CertificateStatus",
    "Revocation",
    "certificate_number",
    "certificate_payload",
    "parse_certificate_number",
    "years_later",
]

CERTIFICATE_KIND = "certificate"
_PREFIX = "АК"
_NUMBER = re.compile(r"(?:АК|AK)-(\d{4})-(\d{6,})-(\d)\Z")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "−": "-", " ": "-"})


class CertificateStatus(enum.StrEnum):
    """What a certificate is worth on a given day."""

    VALID = "valid"  # действует
    REVOKED = "revoked"  # аннулировано
    EXPIRED = "expired"  # срок действия истёк


@attrs.frozen
class Revocation:
    """Why, when and by whom a certificate was revoked."""

    reason: str = attrs.field(repr=mask_text)
    at: datetime
    actor_id: str


def certificate_number(year: int, sequence: int) -> str:
    """The number of the ``sequence``-th certificate issued in ``year``."""
    if not 2000 <= year <= 9999 or sequence < 1:
        raise ValueError("year must have four digits and sequence start at 1")
    digits = f"{year}{sequence:06d}"
    return f"{_PREFIX}-{year}-{sequence:06d}-{damm_digit(digits)}"


def _bad_number(code: str, text: str, ru: str, en: str) -> ValidationError:
    return ValidationError.of([Violation(code, "number", ru, en)], value=text)


def parse_certificate_number(text: str) -> str:
    """The canonical form of a typed certificate number.

    Accepts Latin ``AK`` (a keyboard-layout slip), lower case, spaces and any dash.

    Raises:
        ValidationError: ``certificate.number_format`` or ``certificate.number_check``.
    """
    cleaned = text.strip().upper().translate(_DASHES)
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise _bad_number(
            "certificate.number_format",
            text,
            "Номер свидетельства должен иметь вид АК-ГГГГ-НННННН-К.",
            "a certificate number looks like АК-YYYY-NNNNNN-C",
        )
    year, sequence, check = match.groups()
    if not damm_valid(year + sequence + check):
        raise _bad_number(
            "certificate.number_check",
            text,
            "В номере свидетельства ошибка: не сходится контрольная цифра.",
            "the certificate number's check digit does not match; look for a typo",
        )
    return f"{_PREFIX}-{year}-{sequence}-{check}"


def _holder_identity(instance: Certificate, attribute: attrs.Attribute[Any], value: object) -> None:
    if (instance.holder_snils is None) == (instance.holder_ogrn is None):
        raise ValueError("a certificate names its holder by СНИЛС or by ОГРН, exactly one")


@attrs.frozen
class Certificate:
    """One issued certificate; ``seal`` covers ``payload()``."""

    id: str
    number: str
    holder_name: str = attrs.field(repr=mask_name)
    holder_snils: Snils | None
    holder_ogrn: Ogrn | None = attrs.field(validator=_holder_identity)
    accreditation_type: str
    accreditation_title: str
    specialty: str | None
    issued_on: date
    valid_until: date
    issuer_name: str
    application_id: str
    seal: Seal
    holder_account_id: str | None = None
    previous_certificate_id: str | None = None
    version: int = 0
    status: CertificateStatus = CertificateStatus.VALID
    revocation: Revocation | None = None

    def payload(self) -> dict[str, Any]:
        """What the seal signs: every field a reader of the certificate relies on."""
        return certificate_payload(
            id=self.id,
            number=self.number,
            holder_name=self.holder_name,
            holder_snils=self.holder_snils,
            holder_ogrn=self.holder_ogrn,
            accreditation_type=self.accreditation_type,
            accreditation_title=self.accreditation_title,
            specialty=self.specialty,
            issued_on=self.issued_on,
            valid_until=self.valid_until,
            issuer_name=self.issuer_name,
            application_id=self.application_id,
            previous_certificate_id=self.previous_certificate_id,
        )

    def status_on(self, day: date) -> CertificateStatus:
        """Revoked, expired (after ``valid_until``) or valid, as of ``day``."""
        if self.status is CertificateStatus.REVOKED:
            return CertificateStatus.REVOKED
        if day > self.valid_until:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    def revoke(self, reason: str, at: datetime, actor_id: str) -> Certificate:
        """The certificate revoked for ``reason``.

        Raises:
            ValidationError: no reason given, or already revoked.
        """
        if not reason.strip():
            raise ValidationError.of(
                [
                    Violation(
                        "certificate.revocation_reason",
                        "reason",
                        "Укажите причину аннулирования.",
                        "a revocation needs a reason",
                    )
                ]
            )
        if self.status is CertificateStatus.REVOKED:
            raise ValidationError.of(
                [
                    Violation(
                        "certificate.already_revoked",
                        "id",
                        "Свидетельство уже аннулировано.",
                        "the certificate is already revoked",
                    )
                ],
                value=self.id,
            )
        return attrs.evolve(
            self,
            status=CertificateStatus.REVOKED,
            revocation=Revocation(reason.strip(), at, actor_id),
        )


def certificate_payload(
    *,
    id: str,
    number: str,
    holder_name: str,
    holder_snils: Snils | None,
    holder_ogrn: Ogrn | None,
    accreditation_type: str,
    accreditation_title: str,
    specialty: str | None,
    issued_on: date,
    valid_until: date,
    issuer_name: str,
    application_id: str,
    previous_certificate_id: str | None,
) -> dict[str, Any]:
    """The signed content of a certificate, in plain JSON values."""
    return {
        "id": id,
        "number": number,
        "holder": {
            "name": holder_name,
            "snils": None if holder_snils is None else str(holder_snils),
            "ogrn": None if holder_ogrn is None else str(holder_ogrn),
        },
        "accreditation": {
            "type": accreditation_type,
            "title": accreditation_title,
            "specialty": specialty,
        },
        "issued_on": issued_on.isoformat(),
        "valid_until": valid_until.isoformat(),
        "issuer": issuer_name,
        "application_id": application_id,
        "previous_certificate_id": previous_certificate_id,
    }


def years_later(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@attrs.frozen
class CertificateIssued(DomainEvent):
    """Event: a certificate was issued on an approved application."""

    certificate_id: str
    number: str
    application_id: str
    at: datetime


@attrs.frozen
class CertificateRevoked(DomainEvent):
    """Event: a certificate was revoked (the reason by its SHA-256 only)."""

    certificate_id: str
    number: str
    actor_id: str
    application_id: str
    reason_sha256: str
    at: datetime
