"""X.509 for the issuer's key: a development CA, and checking an issuer certificate.

``make_development_issuer(directory)`` writes what the ``x509:directory`` signer loads
(``key.pem``, ``cert.pem``) plus the CA certificate a verifier trusts (``ca.pem``).
Every name says "DEVELOPMENT — NOT FOR PRODUCTION": a real deployment gets its issuer
certificate from its own CA. The CA's private key is not kept.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from accredkit._atomic_files import write_atomically
from accredkit.adapters.crypto.keys import CERT_FILE, KEY_FILE, KeySigner, PrivateKey
from accredkit.errors import ConfigurationError

__all__ = [
    "CA_FILE",
    "DEVELOPMENT_MARK",
    "DevelopmentIssuer",
    "issued_by",
    "key_usage",
    "make_development_issuer",
    "spki_der",
]

CA_FILE = "ca.pem"
DEVELOPMENT_MARK = "DEVELOPMENT — NOT FOR PRODUCTION"


@attrs.frozen
class DevelopmentIssuer:
    """Where the development issuer was written, and its key id."""

    directory: Path
    ca_certificate: Path
    certificate: Path
    key_id: str


def _new_key(algorithm: str) -> PrivateKey:
    if algorithm == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm in ("ecdsa-p256", "ecdsa-p256-sha256", "p256"):
        return ec.generate_private_key(ec.SECP256R1())
    raise ConfigurationError(f"unknown signing algorithm {algorithm!r}", code="config.signer")


def _hash_for(key: PrivateKey) -> hashes.SHA256 | None:
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "RU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_MARK),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEVELOPMENT_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_development_issuer(
    directory: str | Path,
    *,
    algorithm: str = "ed25519",
    issuer_name: str = "accredkit development issuer",
    now: datetime | None = None,
    years: int = 10,
    overwrite: bool = False,
) -> DevelopmentIssuer:
    """Create a development CA and an issuer key certified by it, in ``directory``.

    Args:
        directory: where ``key.pem`` (0600), ``cert.pem`` and ``ca.pem`` are written.
        algorithm: ``ed25519`` or ``ecdsa-p256`` (both keys use it).
        issuer_name: the issuer certificate's common name.
        now: the start of validity (tests); the system time by default.
        years: how long both certificates are valid.
        overwrite: replace an existing ``key.pem`` (refused by default).

    Raises:
        ConfigurationError: a key already exists there, or the algorithm is unknown.
    """
    root = Path(directory)
    if (root / KEY_FILE).exists() and not overwrite:
        raise ConfigurationError(
            f"{root / KEY_FILE} already exists; refusing to replace a signing key",
            message_ru=f"Ключ {root / KEY_FILE} уже существует; замена запрещена.",
            code="config.signer_exists",
            value=str(root),
        )
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    end = start + timedelta(days=365 * years)
    ca_key, issuer_key = _new_key(algorithm), _new_key(algorithm)
    ca_name = _name("accredkit development CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(digital_signature=False, cert_sign=True), critical=True)
        .sign(ca_key, _hash_for(ca_key))
    )
    issuer_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(issuer_name))
        .issuer_name(ca_name)
        .public_key(issuer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(digital_signature=True, cert_sign=False), critical=True)
        .sign(ca_key, _hash_for(ca_key))
    )
    signer = KeySigner(issuer_key, issuer_cert)
    signer.save(root)
    write_atomically(root / CA_FILE, [ca_cert.public_bytes(serialization.Encoding.PEM)])
    return DevelopmentIssuer(root, root / CA_FILE, root / CERT_FILE, signer.key_id)


def key_usage(*, digital_signature: bool, cert_sign: bool) -> x509.KeyUsage:
    """The key-usage extension: signing documents (with non-repudiation) and/or certificates."""
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=digital_signature,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def spki_der(key: x509.Certificate | bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a certificate's key or of a PEM public key."""
    public = (
        key.public_key()
        if isinstance(key, x509.Certificate)
        else serialization.load_pem_public_key(key)
    )
    return public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def issued_by(certificate: x509.Certificate, ca: x509.Certificate, on: date) -> bool:
    """Whether ``ca`` (a CA certificate) signed ``certificate`` and both covered ``on``."""
    try:
        constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca:
        return False
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return all(
        c.not_valid_before_utc.date() <= on <= c.not_valid_after_utc.date()
        for c in (certificate, ca)
    )
