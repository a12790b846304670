"""Sealing and exporting signed records through the ``Signer`` port (certificates, acts).

One code path signs every kind of record, so a certificate, an act and a revocation
list are checked by the same verifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from accredkit.domain.certificates.signed import Seal, export_envelope, signed_bytes
from accredkit.ports.signer import Signer

__all__ = ["SignedRecord", "export_record", "seal"]


class SignedRecord(Protocol):
    """A record with a payload and the seal over it."""

    @property
    def seal(self) -> Seal: ...

    def payload(self) -> dict[str, Any]: ...


def seal(signer: Signer, kind: str, payload: Mapping[str, Any]) -> Seal:
    """Sign ``payload`` as a record of ``kind``; the seal keeps the key and certificate."""
    signature = signer.sign(signed_bytes(kind, payload, signer.algorithm, signer.key_id))
    certificate = signer.certificate_pem()
    return Seal(
        algorithm=signer.algorithm,
        key_id=signer.key_id,
        signature=signature,
        public_key_pem=signer.public_key_pem().decode("ascii"),
        certificate_pem=None if certificate is None else certificate.decode("ascii"),
    )


def export_record(kind: str, record: SignedRecord) -> bytes:
    """The self-contained file of a sealed record (see ``accredkit.verify_certificate``)."""
    return export_envelope(kind, record.payload(), record.seal)
