"""accredkit's own signing keys (Ed25519 or ECDSA P-256) via cryptography.

Tree heads, certificates and acts are signed with these; anyone with the public key
checks them offline with ``verify_signature``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from accredkit._atomic_files import write_atomically
from accredkit.errors import ConfigurationError

if TYPE_CHECKING:
    from cryptography import x509

__all__ = ["KeySigner", "PrivateKey", "key_id_of", "verify_signature"]

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey

KEY_FILE = "key.pem"
CERT_FILE = "cert.pem"


def key_id_of(public_key_pem: bytes) -> str:
    """A short stable name for a public key: SHA-256 of its DER form, 16 hex digits."""
    key = serialization.load_pem_public_key(public_key_pem)
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()[:16]


def verify_signature(public_key_pem: bytes, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` over ``data`` checks with the PEM public key."""
    try:
        key = serialization.load_pem_public_key(public_key_pem)
    except (ValueError, TypeError):
        return False
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


class KeySigner:
    """Signs with a private key held in memory; optionally carries its X.509 certificate."""

    def __init__(self, private_key: PrivateKey, certificate: x509.Certificate | None = None):
        if isinstance(private_key, ed25519.Ed25519PrivateKey):
            self.algorithm = "ed25519"
        elif isinstance(private_key, ec.EllipticCurvePrivateKey) and isinstance(
            private_key.curve, ec.SECP256R1
        ):
            self.algorithm = "ecdsa-p256-sha256"
        else:
            raise ConfigurationError(
                "signing key must be Ed25519 or ECDSA P-256", code="config.signer_key"
            )
        self._key = private_key
        self._certificate = certificate
        self._certificate_file: bytes | None = None  # parsed when first asked for
        self.key_id = key_id_of(self.public_key_pem())

    @classmethod
    def generate(cls, algorithm: str = "ed25519") -> KeySigner:
        """A fresh key (development and tests)."""
        if algorithm == "ed25519":
            return cls(ed25519.Ed25519PrivateKey.generate())
        if algorithm in ("ecdsa-p256", "ecdsa-p256-sha256", "p256"):
            return cls(ec.generate_private_key(ec.SECP256R1()))
        raise ConfigurationError(f"unknown signing algorithm {algorithm!r}", code="config.signer")

    @classmethod
    def from_directory(cls, directory: str | Path) -> KeySigner:
        """Load ``key.pem`` (and ``cert.pem`` if present) from ``directory``."""
        root = Path(directory)
        try:
            pem = (root / KEY_FILE).read_bytes()
        except OSError as error:
            raise ConfigurationError(
                f"signer: cannot read {root / KEY_FILE}: {error.strerror}",
                code="config.signer_key",
                value=str(root),
            ) from error
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
            raise ConfigurationError("signer key must be Ed25519 or ECDSA P-256")
        signer = cls(key)
        cert_path = root / CERT_FILE
        if cert_path.exists():
            # Read now, parsed on first use: X.509 parsing is most of a one-shot
            # command's key loading, and few commands sign a PDF (docs/benchmarks.md).
            signer._certificate_file = cert_path.read_bytes()
        return signer

    def _carried(self) -> x509.Certificate | None:
        if self._certificate is None and self._certificate_file is not None:
            from cryptography import x509

            self._certificate = x509.load_pem_x509_certificate(self._certificate_file)
            self._certificate_file = None
        return self._certificate

    def save(self, directory: str | Path) -> None:
        """Write the key and certificate to ``directory`` (files 0600, folder 0700)."""
        root = Path(directory)
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_atomically(root / KEY_FILE, [pem])  # 0600 in a 0700 folder
        carried = self._carried()
        if carried is not None:
            certificate = carried.public_bytes(serialization.Encoding.PEM)
            write_atomically(root / CERT_FILE, [certificate])

    def sign(self, data: bytes) -> bytes:
        """A detached signature over ``data``."""
        if isinstance(self._key, ed25519.Ed25519PrivateKey):
            return self._key.sign(data)
        return self._key.sign(data, ec.ECDSA(hashes.SHA256()))

    def public_key_pem(self) -> bytes:
        """The public key, PEM SubjectPublicKeyInfo."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def certificate_pem(self) -> bytes | None:
        """The X.509 certificate of this key, if it has one."""
        carried = self._carried()
        if carried is None:
            return None
        return carried.public_bytes(serialization.Encoding.PEM)

    @property
    def private_key(self) -> PrivateKey:
        """The key itself, for issuing certificates within accredkit's adapters."""
        return self._key
