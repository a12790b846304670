"""A small test PKI: a CA and personal certificates with a СНИЛС, built with cryptography.

For tests of the e-signature port (ours and third-party adapters'): every knob a
check looks at — validity dates, key usage, basic constraints, the СНИЛС attribute,
the key algorithm — can be set per certificate.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import NameOID

from accredkit.adapters.crypto.x509_issuer import key_usage
from accredkit.adapters.esignature.qualified_certificate import OGRN_OID
from accredkit.adapters.esignature.x509 import SNILS_OID

__all__ = ["SNILS_OID", "TestCa", "UserCertificate"]

KeyKind = Literal["ed25519", "p256", "p384"]
PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey


def _new_key(kind: KeyKind) -> PrivateKey:
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1() if kind == "p256" else ec.SECP384R1())


@attrs.frozen
class UserCertificate:
    """A personal certificate and its private key."""

    certificate: x509.Certificate
    key: PrivateKey

    @property
    def pem(self) -> bytes:
        """The certificate in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` the way the verifier expects (ECDSA with SHA-256, or Ed25519)."""
        if isinstance(self.key, ed25519.Ed25519PrivateKey):
            return self.key.sign(data)
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


class TestCa:
    """A self-signed ECDSA P-256 certification authority (""Тестовый УЦ"")."""

    __test__ = False  # not a pytest test class

    def __init__(self, name: str = "Тестовый УЦ", *, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - timedelta(days=365))
            .not_valid_after(self.now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(key_usage(digital_signature=False, cert_sign=True), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )

    @property
    def pem(self) -> bytes:
        """The CA certificate in PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def issue(
        self,
        snils: str | None = "11223344595",
        *,
        key_kind: KeyKind = "ed25519",
        common_name: str = "Иванов Иван Иванович",
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        digital_signature: bool | None = True,
        ca: bool = False,
        snils_as_serial_number: bool = False,
        ogrn: str | None = None,
    ) -> UserCertificate:
        """A personal certificate signed by this CA.

        Args:
            snils: the СНИЛС digits for OID 1.2.643.100.3 (None: no such attribute).
            key_kind: the user's key algorithm.
            common_name: the holder's name.
            not_before: start of validity (default: a day before ``now``).
            not_after: end of validity (default: a year after ``now``).
            digital_signature: the key-usage bit; None leaves out key usage altogether.
            ca: mark the certificate as a CA (which a personal one must not be).
            snils_as_serial_number: put the СНИЛС into ``serialNumber`` instead.
            ogrn: the organisation's ОГРН for OID 1.2.643.100.1 (an employee's
                certificate, as an organisation's head signs with).
        """
        key = _new_key(key_kind)
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
        if snils is not None and snils_as_serial_number:
            attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, snils))
        elif snils is not None:
            attributes.append(x509.NameAttribute(SNILS_OID, snils))
        if ogrn is not None:
            attributes.append(x509.NameAttribute(OGRN_OID, ogrn))
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or self.now - timedelta(days=1))
            .not_valid_after(not_after or self.now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        if digital_signature is not None:
            builder = builder.add_extension(
                key_usage(digital_signature=digital_signature, cert_sign=ca), critical=True
            )
        return UserCertificate(builder.sign(self.key, hashes.SHA256()), key)
