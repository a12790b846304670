"""Certificates: issued inside the approval's unit of work, then shown, revoked, exported.

``issue`` is called by the approval use case so the certificate commits with the
decision or not at all; ``CertificateService`` serves everything afterwards.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from accredkit.domain.certificates import (
    CERTIFICATE_KIND,
    Certificate,
    CertificateIssued,
    CertificateRevoked,
    CertificateStatus,
    certificate_number,
    certificate_payload,
    parse_certificate_number,
)
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.moscow import moscow_date
from accredkit.domain.signed import export_envelope
from accredkit.errors import ValidationError, Violation
from accredkit.ports.clock import Clock
from accredkit.ports.randomness import RandomSource
from accredkit.ports.signer import Signer
from accredkit.ports.storage import Collection, Storage, UnitOfWork
from accredkit.services import audit
from accredkit.services.numbering import by_number, next_number
from accredkit.services.reminders import ContactInUnit
from accredkit.services.screening import screened
from accredkit.services.sealing import export_record, seal

__all__ = [
    "CERTIFICATES",
    "REVOCATION_LIST_KIND",
    "CertificateService",
    "issue",
]

CERTIFICATES = Collection(
    "certificates",
    Certificate,
    indexes=(
        "number",
        "status",
        "valid_until",
        "issued_on",
        "holder_account_id",
        "holder_snils",
        "holder_ogrn",
        "application_id",
    ),
)
REVOCATION_LIST_KIND = "revocation-list"


def _refuse(code: str, field: str, ru: str, en: str) -> ValidationError:
    return ValidationError.of([Violation(f"certificate.{code}", field, ru, en)])


def issue(
    uow: UnitOfWork,
    signer: Signer,
    ids: RandomSource,
    *,
    holder_name: str,
    accreditation_type: str,
    accreditation_title: str,
    issued_on: date,
    valid_until: date,
    issuer_name: str,
    application_id: str,
    holder_snils: Snils | None = None,
    holder_ogrn: Ogrn | None = None,
    holder_account_id: str | None = None,
    specialty: str | None = None,
    previous_certificate_id: str | None = None,
) -> Certificate:
    """Number, sign and stage a new certificate in the caller's unit of work.

    Args:
        uow: the approval's unit of work (the certificate commits with the decision).
        signer: the issuer's key.
        ids: where the certificate's id comes from.
        valid_until: the last day it is valid, from the terms of the application
            (``Application.valid_until``); there is no default term here.
        previous_certificate_id: the certificate a ``repeat`` accreditation follows.

    Returns:
        The staged certificate (version 1).

    Raises:
        ValidationError: no holder identity or both, a blank name, or an empty term.
        NotFound: ``previous_certificate_id`` names no certificate.
    """
    repo = uow.repository(CERTIFICATES)
    if (holder_snils is None) == (holder_ogrn is None):
        raise _refuse(
            "holder_identity",
            "holder",
            "Укажите владельца по СНИЛС (специалист) или по ОГРН (организация).",
            "name the holder by СНИЛС (a person) or by ОГРН (an organisation), not both",
        )
    if not holder_name.strip():
        raise _refuse("holder_name", "holder_name", "Укажите ФИО.", "the holder needs a name")
    until = valid_until
    if until < issued_on:
        raise _refuse(
            "term",
            "valid_until",
            "Срок действия заканчивается раньше даты выдачи.",
            "valid_until is before issued_on",
        )
    if previous_certificate_id is not None:
        repo.get(previous_certificate_id)
    number = certificate_number(issued_on.year, next_number(uow, f"certificate:{issued_on.year}"))
    fields: dict[str, Any] = {
        "id": ids.new_id(),
        "number": number,
        "holder_name": holder_name.strip(),
        "holder_snils": holder_snils,
        "holder_ogrn": holder_ogrn,
        "accreditation_type": accreditation_type,
        "accreditation_title": accreditation_title,
        "specialty": specialty,
        "issued_on": issued_on,
        "valid_until": until,
        "issuer_name": issuer_name,
        "application_id": application_id,
        "previous_certificate_id": previous_certificate_id,
    }
    sealed = seal(signer, CERTIFICATE_KIND, certificate_payload(**fields))
    stored = repo.add(Certificate(**fields, seal=sealed, holder_account_id=holder_account_id))
    uow.record(CertificateIssued(stored.id, stored.number, application_id))
    return stored


@screened
class CertificateService:
    """Certificates after issue: look-up, status, revocation, export, revocation list."""

    def __init__(
        self,
        storage: Storage,
        signer: Signer,
        clock: Clock,
        contacts: ContactInUnit | None = None,
    ) -> None:
        self.contacts = contacts
        self.storage = storage
        self.signer = signer
        self.clock = clock

    def show(self, id: str) -> Certificate:
        """The certificate ``id``.

        Raises:
            NotFound: no such certificate.
        """
        with self.storage.unit_of_work() as uow:
            return uow.repository(CERTIFICATES).get(id)

    def by_number(self, number: str) -> Certificate:
        """The certificate with the typed ``number`` (dashes, Latin ``AK`` accepted).

        Raises:
            ValidationError: the number is malformed or its check digit is wrong.
            NotFound: no certificate has this number.
        """
        canonical = parse_certificate_number(number)
        return by_number(self.storage, CERTIFICATES, canonical, "Свидетельство")

    def of_holder(self, account_id: str) -> list[Certificate]:
        """Every certificate of an account, newest first."""
        with self.storage.unit_of_work() as uow:
            return uow.repository(CERTIFICATES).query(
                {"holder_account_id": account_id}, order_by="issued_on", descending=True
            )

    def status(self, id: str, on: date | None = None) -> CertificateStatus:
        """Valid, revoked or expired as of ``on`` (today, UTC, by default)."""
        return self.show(id).status_on(on or moscow_date(self.clock.now()))

    def revoke(self, id: str, reason: str, actor: str) -> Certificate:
        """Revoke a certificate; the revocation is dated by the clock.

        Args:
            id: the certificate.
            reason: why (shown to the holder and put in the revocation list).
            actor: the id of the officer revoking it (permission is the caller's check).

        Raises:
            NotFound: no such certificate.
            ValidationError: no reason, or already revoked.
            Conflict: someone changed it at the same time.
        """
        with self.storage.unit_of_work() as uow:
            repo = uow.repository(CERTIFICATES)
            now = self.clock.now()
            revoked = repo.update(repo.get(id).revoke(reason, now, actor))
            uow.record(CertificateRevoked(revoked.id, revoked.number, actor))
            audit.record(
                uow,
                at=now,
                actor=actor,
                role="operator",
                action="certificate.revoked",
                subject_type="certificate",
                subject_id=revoked.id,
                number=revoked.number,
                reason_sha256=hashlib.sha256(reason.encode("utf-8")).hexdigest(),
            )
            from accredkit.services.notifications import notify_account  # it imports this module

            notify_account(
                uow,
                self.contacts,
                revoked.holder_account_id,
                template="certificate.revoked",
                params={"number": revoked.number},
                now=now,
                dedup_key=f"certificate-revoked:{revoked.id}",
            )
            uow.commit()
        return revoked

    def export(self, id: str) -> bytes:
        """The certificate as a self-contained signed JSON file (offline-verifiable)."""
        return export_record(CERTIFICATE_KIND, self.show(id))

    def revocation_list(self) -> bytes:
        """A signed list of every revoked certificate, as of now, for offline checks."""
        with self.storage.unit_of_work() as uow:
            revoked = uow.repository(CERTIFICATES).query(
                {"status": CertificateStatus.REVOKED}, order_by="number"
            )
        payload = {
            "issued_at": self.clock.now().isoformat(),
            "revoked": [_revocation_entry(c) for c in revoked],
        }
        return export_envelope(
            REVOCATION_LIST_KIND, payload, seal(self.signer, REVOCATION_LIST_KIND, payload)
        )


def _revocation_entry(certificate: Certificate) -> dict[str, Any]:
    revocation = certificate.revocation
    return {
        "id": certificate.id,
        "number": certificate.number,
        "revoked_at": None if revocation is None else revocation.at.isoformat(),
        "reason": None if revocation is None else revocation.reason,
    }
