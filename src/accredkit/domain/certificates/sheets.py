"""What an official document shows a person: the certificate's and the act's sheets.

A sheet is plain display data, built from the signed record by the use case and laid
out by a template (``accredkit.adapters.official_documents.pdf_templates``), so the
layout never decides what is said and the use case never decides where it goes
(docs/certificates.md).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date, datetime

import attrs

from accredkit.domain.certificates.acts import Decision
from accredkit.domain.certificates.certificate import CertificateStatus
from accredkit.domain.certificates.signed import Seal, signed_sha256
from accredkit.domain.identifiers import Snils
from accredkit.domain.masks import mask_name, mask_text

__all__ = [
    "DEVELOPMENT_CHECK_URL",
    "PROOF_BYTES",
    "ActSheet",
    "CertificateSheet",
    "check_url",
    "mask_snils",
    "record_digest",
    "signature_proof",
]

DEVELOPMENT_CHECK_URL = "http://127.0.0.1:8000/certificates/check"
"""The public check's address in a development home; a deployment sets ``public_check_url``."""

PROOF_BYTES = 12
"""How much of the signature the QR code carries: 96 bits no forger can guess."""


def mask_snils(snils: Snils) -> str:
    """СНИЛС as the public registry shows it: the first six digits hidden."""
    return "***-***-" + str(snils)[8:]


def record_digest(kind: str, payload: dict[str, object], seal: Seal) -> str:
    """SHA-256 (hex) of the signed bytes of a record: the same for its JSON and its PDF."""
    return signed_sha256(kind, payload, seal.algorithm, seal.key_id)


def signature_proof(seal: Seal) -> str:
    """``PROOF_BYTES`` of the record's signature, base64url without padding.

    Taken from the SHA-256 of the signature rather than its first bytes: an ECDSA
    signature begins with fixed DER framing, its hash is uniform. Only the issuer's
    key makes the signature, so nobody can compute the proof of a number they forged.
    """
    digest = hashlib.sha256(seal.signature).digest()[:PROOF_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_url(base: str, number: str, proof: str) -> str:
    """The public check's address for ``number`` with the signature proof.

    The number goes in its Latin form (``AK-…``) and the proof is base64url, so the
    address needs no escaping and the QR code stays short.
    """
    latin = "AK" + number[2:] if number.startswith("АК") else number
    return f"{base.rstrip('/')}/{latin}?s={proof}"


@attrs.frozen
class CertificateSheet:
    """Everything the certificate's page says, already chosen for the public."""

    number: str
    holder_name: str = attrs.field(repr=mask_name)
    holder_id_label: str  # «СНИЛС» or «ОГРН»
    holder_id: str  # masked СНИЛС or the ОГРН
    accreditation_type: str
    accreditation_title: str
    specialty: str | None
    issued_on: date
    valid_until: date
    issuer_name: str
    legal_basis: tuple[str, ...]
    status: CertificateStatus
    check_url: str
    record_digest: str
    previous_number: str | None = None


@attrs.frozen
class ActSheet:
    """Everything an act of decision says: what was decided, why, by whom, when."""

    act_id: str
    decision: Decision
    application_number: str
    applicant_name: str = attrs.field(repr=mask_name)
    accreditation_title: str
    reasons: tuple[str, ...] = attrs.field(repr=mask_text)
    participants: tuple[tuple[str, str], ...]  # (role in Russian, account id)
    decided_at: datetime
    issuer_name: str
    legal_basis: tuple[str, ...]
    record_digest: str
    deadline: date | None = None
    certificate_number: str | None = None
