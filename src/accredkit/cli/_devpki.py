"""A DEVELOPMENT certification authority for users' e-signatures, kept in the home.

The cabinet asks for an e-signature on the first login (docs/security.md); a real user has a
qualified certificate from an accredited CA. On one machine there is none, so ``init``
makes this CA (its key stays in the home, mode 0600) and the cabinet trusts it;
``account dev-certificate`` issues a personal certificate with the user's СНИЛС.
Every name says "DEVELOPMENT — NOT FOR PRODUCTION".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from accredkit.adapters.crypto.x509_issuer import DEVELOPMENT_MARK, key_usage
from accredkit.adapters.esignature.x509 import SNILS_OID
from accredkit.cli._context import write_private
from accredkit.errors import ConfigurationError

CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"


def _pem(key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def make_user_ca(directory: Path) -> Path:
    """Create the development user CA in ``directory``; return its certificate's path."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, "accredkit development user CA"),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(digital_signature=False, cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_private(directory / CA_KEY, _pem(key))
    write_private(directory / CA_CERT, certificate.public_bytes(serialization.Encoding.PEM))
    return directory / CA_CERT


@attrs.frozen
class UserKeys:
    """Where a development personal certificate and its key were written."""

    certificate: Path
    key: Path


def issue_user_certificate(
    ca_directory: Path, target: Path, snils_digits: str, common_name: str
) -> UserKeys:
    """Issue a personal Ed25519 certificate with ``snils_digits``; write it to ``target``.

    Raises:
        ConfigurationError: the home has no development user CA.
    """
    try:
        ca_key = serialization.load_pem_private_key((ca_directory / CA_KEY).read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate((ca_directory / CA_CERT).read_bytes())
    except (OSError, ValueError) as error:
        raise ConfigurationError(
            f"no development user CA in {ca_directory}: {error}",
            message_ru=f"В {ca_directory} нет учебного УЦ пользователей.",
            code="config.dev_ca",
            hint_ru="Создайте кабинет заново: accredkit init.",
            hint_en="Create the home again: accredkit init.",
        ) from error
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise ConfigurationError("the development user CA key is not ECDSA", code="config.dev_ca")
    key = ed25519.Ed25519PrivateKey.generate()
    now = datetime.now(UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_MARK),
            x509.NameAttribute(SNILS_OID, snils_digits),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(digital_signature=True, cert_sign=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    keys = UserKeys(target / "cert.pem", target / "key.pem")
    write_private(keys.certificate, certificate.public_bytes(serialization.Encoding.PEM))
    write_private(keys.key, _pem(key))
    return keys


def sign_challenge(keys: UserKeys, challenge: bytes) -> tuple[bytes, bytes]:
    """The signature over ``challenge`` with the key in ``keys``, and the certificate PEM.

    Raises:
        ConfigurationError: the files are missing or hold no Ed25519/ECDSA key.
    """
    try:
        key = serialization.load_pem_private_key(keys.key.read_bytes(), None)
        pem = keys.certificate.read_bytes()
    except (OSError, ValueError) as error:
        raise ConfigurationError(
            f"cannot read the e-signature key or certificate: {error}",
            message_ru="Не удалось прочитать ключ или сертификат электронной подписи.",
            code="esignature.key_missing",
            hint_ru="Укажите --certificate и --key или выпустите учебный: "
            "accredkit account dev-certificate.",
            hint_en="Give --certificate and --key, or issue a development one: "
            "accredkit account dev-certificate.",
        ) from error
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(challenge), pem
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(challenge, ec.ECDSA(hashes.SHA256())), pem
    raise ConfigurationError(
        "the e-signature key is neither Ed25519 nor ECDSA", code="esignature.key"
    )
