"""What a deployment trusts for e-signatures: CA certificates and the CRL files it keeps fresh.

The deployment lists its trusted CAs (``settings.esignature_trusted_ca``), optional
intermediates (``settings.esignature_intermediate_ca``) and the CRL files it downloads
on its own schedule (``settings.esignature_crl``). A CRL file is read again whenever it
changes on disk, so a refreshed list counts from the next verification without a
restart (``docs/esignature.md``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from cryptography import x509

from accredkit.errors import ConfigurationError

__all__ = ["CrlFiles", "EsignatureTrust", "load_certificates"]


def load_certificates(blob: bytes) -> list[x509.Certificate]:
    """Every certificate in ``blob``: one DER certificate or any number of PEM ones.

    Raises:
        ValueError: nothing in ``blob`` is a certificate.
    """
    if b"-----BEGIN" in blob:
        return x509.load_pem_x509_certificates(blob)
    return [x509.load_der_x509_certificate(blob)]


def _load_crl(blob: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN" in blob:
        return x509.load_pem_x509_crl(blob)
    return x509.load_der_x509_crl(blob)


@attrs.define
class CrlFiles:
    """CRL files on disk, parsed once per change (modification time and size)."""

    paths: tuple[Path, ...]
    _seen: dict[Path, tuple[int, int, x509.CertificateRevocationList]] = attrs.field(
        factory=dict, init=False
    )
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def current(self) -> list[x509.CertificateRevocationList]:
        """The lists as the files hold them now; an unreadable file is skipped.

        A file that cannot be read or parsed counts as missing, so the verifier refuses
        with ``esignature.crl_missing`` rather than accepting without revocation data.
        """
        lists = []
        with self._lock:
            for path in self.paths:
                try:
                    stat = path.stat()
                    known = self._seen.get(path)
                    if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
                        parsed = _load_crl(path.read_bytes())
                        self._seen[path] = (stat.st_mtime_ns, stat.st_size, parsed)
                    lists.append(self._seen[path][2])
                except (OSError, ValueError):
                    self._seen.pop(path, None)
        return lists


@attrs.frozen
class EsignatureTrust:
    """Trusted roots, intermediates offered for path building, and the CRL files."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: CrlFiles = attrs.field(factory=lambda: CrlFiles(()))

    @classmethod
    def from_files(
        cls,
        roots: Iterable[Path],
        intermediates: Iterable[Path] = (),
        crls: Iterable[Path] = (),
    ) -> EsignatureTrust:
        """Read the certificate files now; the CRL files at each verification.

        Raises:
            ConfigurationError: ``config.esignature`` — a file is unreadable, holds no
                certificate, or no root is given.
        """
        try:
            root_certs = [c for path in roots for c in load_certificates(path.read_bytes())]
            inter = [c for path in intermediates for c in load_certificates(path.read_bytes())]
        except (OSError, ValueError) as error:
            raise ConfigurationError(
                f"e-signature CA certificates cannot be read: {error}", code="config.esignature"
            ) from error
        if not root_certs:
            raise ConfigurationError(
                "at least one trusted CA certificate is needed", code="config.esignature"
            )
        return cls(tuple(root_certs), tuple(inter), CrlFiles(tuple(crls)))

    def issuers_of(self, cert: x509.Certificate) -> Sequence[x509.Certificate]:
        """The known CA certificates whose subject is ``cert``'s issuer."""
        return [ca for ca in (*self.roots, *self.intermediates) if ca.subject == cert.issuer]
