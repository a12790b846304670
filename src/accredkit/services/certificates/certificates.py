"""Certificates: issued inside the approval's unit of work, then shown, revoked, exported.

``issue`` is called by the approval use case so the certificate commits with the
decision or not at all; ``CertificateService`` serves everything afterwards. The PDF
is made on export from the stored signed record, never stored (docs/certificates.md).
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, date, datetime, time
from typing import Any

from accredkit.domain.applications.catalogue import CatalogueRegistry
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.certificates.certificate import (
    CERTIFICATE_KIND,
    Certificate,
    CertificateIssued,
    CertificateRevoked,
    CertificateStatus,
    certificate_number,
    certificate_payload,
    parse_certificate_number,
)
from accredkit.domain.certificates.public_check import CheckWindow, PublicStatus, public_answer
from accredkit.domain.certificates.sheets import DEVELOPMENT_CHECK_URL
from accredkit.domain.certificates.signed import export_envelope
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.moscow import moscow_date
from accredkit.errors import ConfigurationError, NotFound, ValidationError, Violation
from accredkit.ports.clock import Clock
from accredkit.ports.official_documents import OfficialDocuments
from accredkit.ports.randomness import RandomSource
from accredkit.ports.signer import Signer
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.certificates.sealing import export_record, seal
from accredkit.services.certificates.sheets import certificate_sheet
from accredkit.services.correspondence.queueing import notify_account
from accredkit.services.correspondence.reminders import ContactInUnit
from accredkit.services.journal.table import happened
from accredkit.services.numbering import by_number, next_number
from accredkit.services.schema import CERTIFICATES
from accredkit.services.screening import screened

__all__ = [
    "CERTIFICATES",
    "REVOCATION_LIST_KIND",
    "CertificateService",
    "issue",
    "no_documents",
]

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
    at: datetime | None = None,
) -> Certificate:
    """Number, sign and stage a new certificate in the caller's unit of work.

    Args:
        uow: the approval's unit of work (the certificate commits with the decision).
        signer: the issuer's key.
        ids: where the certificate's id comes from.
        valid_until: the last day it is valid, from the terms of the application
            (``Application.valid_until``); there is no default term here.
        previous_certificate_id: the certificate a ``repeat`` accreditation follows.
        at: the moment of the approval, journaled as ``certificate.issued`` (by
            default the start of ``issued_on``, UTC).

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
    moment = at or datetime.combine(issued_on, time(), UTC)
    happened(uow, CertificateIssued(stored.id, stored.number, application_id, moment))
    return stored


def no_documents() -> OfficialDocuments:
    """Refuses PDFs where the cabinet was built without an ``OfficialDocuments`` adapter."""
    raise ConfigurationError(
        "this cabinet has no PDF documents adapter",
        message_ru="Выдача документов PDF не настроена.",
        code="config.documents",
    )


@screened
class CertificateService:
    """Certificates after issue: look-up, status, revocation, export, revocation list.

    A certificate is seen by its holder (or their organisation) and by the body
    (``docs/authority.md``); the revocation list and the public check are public.
    """

    def __init__(
        self,
        storage: Storage,
        signer: Signer,
        clock: Clock,
        authority: Authority,
        *,
        documents: OfficialDocuments | None = None,
        catalogues: CatalogueRegistry | None = None,
        public_check_url: str = DEVELOPMENT_CHECK_URL,
        check_window: CheckWindow | None = None,
        contacts: ContactInUnit | None = None,
    ) -> None:
        self.contacts = contacts
        self.storage = storage
        self.signer = signer
        self.clock = clock
        self.authority = authority
        self.documents = documents
        self.catalogues = catalogues or CatalogueRegistry()
        self.public_check_url = public_check_url
        self.check_window = check_window or CheckWindow()
        self._window_lock = threading.Lock()

    def show(self, actor: Actor, id: str) -> Certificate:
        """The certificate ``id``.

        Raises:
            NotFound: no such certificate, or one out of the actor's reach.
        """
        with self.storage.unit_of_work() as uow:
            return self._reach(uow, actor, "certificates.show", id)

    def by_number(self, actor: Actor, number: str) -> Certificate:
        """The certificate with the typed ``number`` (dashes, Latin ``AK`` accepted).

        Raises:
            ValidationError: the number is malformed or its check digit is wrong.
            NotFound: no certificate has this number (or it is out of reach).
        """
        canonical = parse_certificate_number(number)
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, "certificates.by_number")
        found = by_number(self.storage, CERTIFICATES, canonical, "Свидетельство")
        missing = NotFound(
            f"no certificate {canonical}",
            message_ru="Свидетельство не найдено.",
            code="certificate.not_found",
            value=canonical,
        )
        self.authority.reach(admitted, "certificates.by_number", _subject(found), missing)
        return found

    def of_holder(self, actor: Actor, account_id: str) -> list[Certificate]:
        """Every certificate of an account, newest first (the holder's own, or the body's)."""
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, "certificates.of_holder")
            holder = Subject("account", account_id, account_id)
            missing = NotFound(
                "no such holder",
                message_ru="Не найдено.",
                code="account.not_found",
                value=account_id,
            )
            self.authority.reach(admitted, "certificates.of_holder", holder, missing)
            return uow.repository(CERTIFICATES).query(
                {"holder_account_id": account_id}, order_by="issued_on", descending=True
            )

    def status(self, actor: Actor, id: str, on: date | None = None) -> CertificateStatus:
        """Valid, revoked or expired as of ``on`` (today, in Moscow, by default)."""
        with self.storage.unit_of_work() as uow:
            found = self._reach(uow, actor, "certificates.status", id)
        return found.status_on(on or moscow_date(self.clock.now()))

    def revoke(self, actor: Actor, id: str, reason: str) -> Certificate:
        """Revoke a certificate; the revocation is dated by the clock.

        Args:
            actor: the officer revoking it (approver or operator).
            id: the certificate.
            reason: why (shown to the holder and put in the revocation list).

        Raises:
            PermissionDenied: the actor may not revoke certificates.
            NotFound: no such certificate.
            ValidationError: no reason, or already revoked.
            Conflict: someone changed it at the same time.
        """
        with self.storage.unit_of_work() as uow:
            officer, _ = self._admit(uow, actor, "certificates.revoke", id)
            repo = uow.repository(CERTIFICATES)
            now = self.clock.now()
            revoked = repo.update(repo.get(id).revoke(reason, now, officer.id))
            digest = hashlib.sha256(reason.encode("utf-8")).hexdigest()
            revocation = CertificateRevoked(
                revoked.id, revoked.number, officer.id, revoked.application_id, digest, now
            )
            happened(uow, revocation, actor=officer)
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

    def export(self, actor: Actor, id: str) -> bytes:
        """The certificate as a self-contained signed JSON file (offline-verifiable)."""
        with self.storage.unit_of_work() as uow:
            found = self._reach(uow, actor, "certificates.export", id)
        return export_record(CERTIFICATE_KIND, found)

    def _reach(self, uow: UnitOfWork, actor: Actor, action: str, id: str) -> Certificate:
        return self._admit(uow, actor, action, id)[1]

    def _admit(
        self, uow: UnitOfWork, actor: Actor, action: str, id: str
    ) -> tuple[Actor, Certificate]:
        admitted = self.authority.admit(uow, actor, action)
        found = uow.repository(CERTIFICATES).find(id)
        missing = NotFound(
            f"certificate {id!r} not found",
            message_ru="Свидетельство не найдено.",
            code="certificate.not_found",
            value=id,
        )
        self.authority.reach(admitted, action, None if found is None else _subject(found), missing)
        assert found is not None
        return admitted, found

    def pdf(self, actor: Actor, id: str) -> bytes:
        """The certificate as a signed PDF (PAdES) with its public-check QR code.

        Made now from the stored signed record, so it shows today's status and carries
        the same number and record digest as ``export(id)``.

        Raises:
            NotFound: no such certificate, or out of the actor's reach.
            PermissionDenied: staff whose role may not read it.
            ConfigurationError: no PDF adapter, no font, or a signer without certificate.
        """
        documents = self.documents or no_documents()
        with self.storage.unit_of_work() as uow:
            certificate = self._reach(uow, actor, "certificates.pdf", id)
            sheet = certificate_sheet(
                uow,
                CERTIFICATES,
                certificate,
                self.catalogues,
                base_url=self.public_check_url,
                today=moscow_date(self.clock.now()),
            )
        return documents.certificate_pdf(sheet)

    def public_status(
        self, number: str, proof: str | None = None, *, client: str = "public"
    ) -> PublicStatus:
        """What the public registry says about ``number``: valid, revoked, expired or unknown.

        Needs no session. Only public fields come back (name, masked СНИЛС or ОГРН,
        type, specialty, dates, issuer); a ``proof`` (the ``s`` of the QR code's
        address) that does not match the signature answers ``unknown``.

        Args:
            number: the certificate number as typed (dashes, Latin ``AK`` accepted).
            proof: the signature excerpt from the check address, when there is one.
            client: whom to throttle (the host passes the caller's address).

        Raises:
            ValidationError: the number is malformed or its check digit is wrong.
            RateLimited: ``certificate.check_throttled``: too many checks by ``client``.
        """
        now = self.clock.now()
        with self._window_lock:
            self.check_window.admit(client, now)
        canonical = parse_certificate_number(number)
        with self.storage.unit_of_work() as uow:
            found = uow.repository(CERTIFICATES).query({"number": canonical}, limit=1)
        return public_answer(canonical, found[0] if found else None, moscow_date(now), proof)

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


def _subject(certificate: Certificate) -> Subject:
    return Subject(
        "certificate",
        certificate.id,
        certificate.holder_account_id,
        None if certificate.holder_ogrn is None else str(certificate.holder_ogrn),
    )


def _revocation_entry(certificate: Certificate) -> dict[str, Any]:
    revocation = certificate.revocation
    return {
        "id": certificate.id,
        "number": certificate.number,
        "revoked_at": None if revocation is None else revocation.at.isoformat(),
        "reason": None if revocation is None else revocation.reason,
    }
