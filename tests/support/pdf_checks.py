"""Checking signed PDFs the way their readers do: poppler's ``pdfsig``, pyHanko, zbar.

For tests of the official documents (ours and a host's): an NSS database trusting a
CA for ``pdfsig``, pyHanko's validator with the same CA, a QR decoder, and a throw-away
time-stamping authority for PAdES B-T. The tools come from Debian (``poppler-utils``,
``libnss3-tools``, ``zbar-tools``); ``make`` installs them when missing.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from accredkit.adapters.crypto.x509_issuer import key_usage, make_development_issuer

__all__ = [
    "NssTrust",
    "TimeStampingAuthority",
    "decode_qr",
    "make_development_issuer",
    "pyhanko_status",
    "tool",
]

_DER = serialization.Encoding.DER


def tool(name: str) -> str:
    """The path of a system tool, or a failure that says how to install it."""
    found = shutil.which(name)
    assert found, f"{name} is missing: run `make system-libs` (it installs it with apt)"
    return found


def _run(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """A system tool found by ``tool``, never a shell; output captured as text."""
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=check)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(_DER))


@attrs.frozen
class NssTrust:
    """An NSS database (``sql:`` directory) trusting one CA, for ``pdfsig -nssdir``."""

    directory: Path

    @classmethod
    def trusting(cls, ca_pem: Path, directory: Path) -> NssTrust:
        """A new database in ``directory`` whose one trusted CA is ``ca_pem``.

        The trust flags ``C,C,C`` make it a CA for TLS, e-mail and object signing:
        ``pdfsig`` checks signers as e-mail signers.
        """
        directory.mkdir(parents=True, exist_ok=True)
        certutil = tool("certutil")
        database = f"sql:{directory}"
        _run([certutil, "-N", "--empty-password", "-d", database])
        _run([certutil, "-A", "-n", "trusted-ca", "-t", "C,C,C", "-i", str(ca_pem), "-d", database])
        return cls(directory)

    def pdfsig(self, data: bytes, path: Path) -> str:
        """What ``pdfsig`` (a separate process) says about ``data``, written to ``path``."""
        path.write_bytes(data)
        done = _run([tool("pdfsig"), "-nssdir", f"sql:{self.directory}", str(path)], check=False)
        return done.stdout + done.stderr


def pyhanko_status(data: bytes, *trusted: Path | asn1_x509.Certificate) -> Any:
    """pyHanko's validation status of the one signature in ``data`` against ``trusted``."""
    roots = [
        root
        if isinstance(root, asn1_x509.Certificate)
        else _asn1(x509.load_pem_x509_certificate(root.read_bytes()))
        for root in trusted
    ]
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=roots))


def decode_qr(png: Path) -> str:
    """The text of the QR code in an image (``zbarimg --raw``)."""
    return _run([tool("zbarimg"), "--quiet", "--raw", str(png)]).stdout.strip()


@attrs.frozen
class TimeStampingAuthority:
    """A throw-away RFC 3161 authority: its root certificate and a pyHanko time-stamper."""

    root: asn1_x509.Certificate
    stamper: DummyTimeStamper

    @classmethod
    def make(cls, now: datetime) -> TimeStampingAuthority:
        """A root (ECDSA) and a TSA certificate (RSA: pyHanko's test stamper signs RSA only)."""
        ca_key = ec.generate_private_key(ec.SECP256R1())
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test TSA root")])
        start, end = now - timedelta(days=1), now + timedelta(days=3650)
        root = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(key_usage(digital_signature=False, cert_sign=True), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        stamping = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
        tsa = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test TSA")]))
            .issuer_name(name)
            .public_key(tsa_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(key_usage(digital_signature=True, cert_sign=False), critical=True)
            .add_extension(stamping, critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        key_der = tsa_key.private_bytes(
            _DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        stamper = DummyTimeStamper(
            tsa_cert=_asn1(tsa), tsa_key=asn1_keys.PrivateKeyInfo.load(key_der)
        )
        return cls(_asn1(root), stamper)
