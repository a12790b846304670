"""Checking a sealed record's signature and issuer offline, against trusted keys or CAs.

Trust never comes from the file: the key embedded in it only tells a *tampered* file
(its signature does not check even with its own key) from one *signed by someone
else* (it checks, but the key is neither trusted nor certified by a trusted CA).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from os import PathLike
from pathlib import Path

import attrs
from cryptography import x509

from accredkit.adapters.crypto.keys import key_id_of, verify_signature
from accredkit.adapters.crypto.x509_issuer import issued_by, spki_der
from accredkit.domain.certificates.signed import Envelope
from accredkit.errors import ConfigurationError

__all__ = ["SealCheck", "TrustAnchors", "Trusted", "check_seal", "load_trusted"]

Trusted = bytes | str | PathLike[str] | Iterable[bytes | str | PathLike[str]]
_PEM = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)


@attrs.frozen
class TrustAnchors:
    """Public keys trusted directly (DER SPKI) and CA certificates trusted to certify."""

    keys: frozenset[bytes]
    cas: tuple[x509.Certificate, ...]


def _pem_blobs(item: bytes | str | PathLike[str]) -> bytes:
    if isinstance(item, bytes):
        return item
    if isinstance(item, str) and "-----BEGIN" in item:
        return item.encode("ascii")
    try:
        return Path(item).read_bytes()
    except OSError as error:
        raise ConfigurationError(
            f"trusted key or certificate {item!s} cannot be read: {error.strerror}",
            code="verify.trusted_unreadable",
            value=str(item),
        ) from error


def load_trusted(trusted: Trusted) -> TrustAnchors:
    """Read PEM public keys and certificates (files, text or bytes; several per file).

    A certificate's key is trusted directly; a CA certificate also certifies issuers.

    Raises:
        ConfigurationError: nothing usable was given, or a file cannot be read.
    """
    items = [trusted] if isinstance(trusted, bytes | str | PathLike) else list(trusted)
    keys: set[bytes] = set()
    cas: list[x509.Certificate] = []
    for item in items:
        for match in _PEM.finditer(_pem_blobs(item)):
            block, label = match.group(0), match.group(1)
            try:
                if label == b"CERTIFICATE":
                    cert = x509.load_pem_x509_certificate(block)
                    keys.add(spki_der(cert))
                    cas.append(cert)
                elif label == b"PUBLIC KEY":
                    keys.add(spki_der(block))
            except ValueError as error:
                raise ConfigurationError(
                    f"trusted PEM block is damaged: {error}", code="verify.trusted_invalid"
                ) from error
    if not keys:
        raise ConfigurationError(
            "no trusted public key or certificate was given",
            message_ru="Не задан доверенный ключ или сертификат.",
            code="verify.no_trust",
        )
    return TrustAnchors(frozenset(keys), tuple(cas))


@attrs.frozen
class SealCheck:
    """The result: ``problem`` is ``None``, ``"tampered"`` or ``"untrusted"``."""

    problem: str | None
    trusted_by: str | None = None  # "key" or "ca"


def check_seal(envelope: Envelope, anchors: TrustAnchors, signed_on: date) -> SealCheck:
    """Whether the signature holds and the signing key is trusted.

    Args:
        envelope: the record as read from the file.
        anchors: what the verifier trusts.
        signed_on: the day the record was signed; an issuer certificate must cover it.
    """
    seal = envelope.seal
    embedded = seal.public_key_pem.encode("ascii", "replace")
    try:
        embedded_der = spki_der(embedded)
        embedded_id = key_id_of(embedded)
    except (ValueError, TypeError):
        return SealCheck("tampered")
    if embedded_id != seal.key_id or not verify_signature(
        embedded, envelope.signed_bytes(), seal.signature
    ):
        return SealCheck("tampered")
    if embedded_der in anchors.keys:
        return SealCheck(None, "key")
    if seal.certificate_pem is None:
        return SealCheck("untrusted")
    try:
        certificate = x509.load_pem_x509_certificate(seal.certificate_pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return SealCheck("untrusted")
    if spki_der(certificate) != embedded_der:
        return SealCheck("untrusted")
    if any(issued_by(certificate, ca, signed_on) for ca in anchors.cas):
        return SealCheck(None, "ca")
    return SealCheck("untrusted")
