"""GOST R 34.10-2012 and Streebog through the ``openssl`` command with the GOST engine.

``cryptography`` reads GOST certificates and CRLs (names, extensions, dates, serials)
but cannot check a GOST signature, so each check that needs the algorithm runs
``openssl`` with ``-engine gost`` (Debian ``libengine-gost-openssl``) on files in a
private temporary directory: the CMS signature, the certificate chain, the CRL's
signature. Everything else — parsing, dates, revocation, the qualified-certificate
fields — is accredkit's own CMS pipeline, so refusals carry the same codes.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from accredkit.adapters.esignature.cms_signed_data import SignedMessage
from accredkit.adapters.esignature.refusals import refuse
from accredkit.adapters.esignature.trust import EsignatureTrust
from cryptography import x509
from cryptography.hazmat.primitives import serialization

__all__ = ["GOST_KEY_ALGORITHMS", "OpenSslGostAlgorithms", "engine_available"]

GOST_KEY_ALGORITHMS = {
    "1.2.643.7.1.1.1.1": "gost2012-256",
    "1.2.643.7.1.1.1.2": "gost2012-512",
}
_STREEBOG = {"1.2.643.7.1.1.2.2": "streebog256", "1.2.643.7.1.1.2.3": "streebog512"}
_TIMEOUT = 30


# Loads the engine for every command, including those without an -engine option (crl).
_ENGINE_CONFIG = """openssl_conf = openssl_def
[openssl_def]
engines = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
default_algorithms = ALL
"""


def _openssl(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    binary = shutil.which("openssl")
    if binary is None:
        raise refuse("esignature.unsupported_algorithm")
    config = cwd / "openssl.cnf"
    config.write_text(_ENGINE_CONFIG)
    env = {**os.environ, "OPENSSL_CONF": str(config)}
    return subprocess.run(  # noqa: S603 (fixed arguments, files we wrote)
        [binary, *args], cwd=cwd, capture_output=True, check=False, timeout=_TIMEOUT, env=env
    )


@functools.cache
def engine_available() -> bool:
    """Whether ``openssl`` loads the GOST engine."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            done = _openssl("engine", "-t", "gost", cwd=Path(folder))
        except (OSError, subprocess.SubprocessError):
            return False
    return done.returncode == 0 and b"available" in done.stdout


def _pem(certs: list[x509.Certificate] | tuple[x509.Certificate, ...]) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


class OpenSslGostAlgorithms:
    """``CmsAlgorithms`` for GOST R 34.10-2012 (256 and 512) with Streebog."""

    def supports(self, cert: x509.Certificate) -> bool:
        """GOST R 34.10-2012 keys."""
        return cert.public_key_algorithm_oid.dotted_string in GOST_KEY_ALGORITHMS

    def verify_signer(self, message: SignedMessage, cert: x509.Certificate, content: bytes) -> str:
        """``openssl cms -verify -noverify``: the Streebog digest and the signature only.

        ``-nointern`` makes OpenSSL check with ``cert`` — the certificate accredkit
        chose and checks the chain of — and no other the file carries.
        """
        digest = _STREEBOG.get(message.digest_algorithm)
        key = GOST_KEY_ALGORITHMS.get(cert.public_key_algorithm_oid.dotted_string)
        if digest is None or key is None:
            raise refuse("esignature.unsupported_algorithm")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            (folder / "signature.der").write_bytes(message.der)
            (folder / "content.bin").write_bytes(content)
            (folder / "signer.pem").write_bytes(_pem([cert]))
            done = _openssl(
                "cms", "-verify", "-binary", "-inform", "DER",
                "-in", "signature.der", "-content", "content.bin", "-noverify",
                "-nointern", "-certfile", "signer.pem", "-out", "/dev/null", cwd=folder,
            )  # fmt: skip
        if done.returncode != 0:
            raise refuse("esignature.bad_signature")
        return f"{key}-{digest}"

    def verify_chain(self, cert: x509.Certificate, trust: EsignatureTrust, at: datetime) -> None:
        """``openssl verify`` to the trusted GOST roots at ``at``."""
        roots = [root for root in trust.roots if self.supports(root)]
        if not roots:
            raise refuse("esignature.untrusted")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            (folder / "roots.pem").write_bytes(_pem(roots))
            (folder / "cert.pem").write_bytes(_pem([cert]))
            extra: list[str] = []
            if trust.intermediates:
                (folder / "untrusted.pem").write_bytes(_pem(trust.intermediates))
                extra = ["-untrusted", "untrusted.pem"]
            done = _openssl(
                "verify", "-CAfile", "roots.pem", *extra,
                "-attime", str(int(at.timestamp())), "cert.pem", cwd=folder,
            )  # fmt: skip
        if done.returncode != 0:
            raise refuse("esignature.untrusted")

    def crl_signed_by(self, crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
        """``openssl crl -CAfile``: the CRL's signature by ``issuer``'s key."""
        if not self.supports(issuer):
            return False
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            (folder / "crl.der").write_bytes(crl.public_bytes(serialization.Encoding.DER))
            (folder / "issuer.pem").write_bytes(_pem([issuer]))
            done = _openssl(
                "crl", "-inform", "DER", "-in", "crl.der",
                "-CAfile", "issuer.pem", "-noout", cwd=folder,
            )  # fmt: skip
        return done.returncode == 0 and b"verify OK" in done.stdout + done.stderr
