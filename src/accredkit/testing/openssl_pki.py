"""A certification authority driven through the real ``openssl`` command line, for tests.

What a Russian doctor's signing tool does, done by OpenSSL: ``openssl req`` makes the
CA, ``openssl ca`` issues a qualified-style certificate (СНИЛС, ИНН, SN and GN in the
subject) and the CRL, ``openssl cms -sign -binary -outform DER`` makes the detached
signature. GOST R 34.10-2012 keys need Debian's ``libengine-gost-openssl`` (installed
by ``make test`` when missing); ``gost_available()`` tells whether it is there.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import attrs

__all__ = ["ALGORITHMS", "Algorithm", "OpenSslCa", "SignerCertificate", "gost_available"]

Algorithm = Literal["rsa", "ec", "gost2012_256", "gost2012_512"]
ALGORITHMS: tuple[Algorithm, ...] = ("rsa", "ec", "gost2012_256", "gost2012_512")

_KEYGEN: dict[str, list[str]] = {
    "rsa": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    "ec": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    "gost2012_256": ["-algorithm", "gost2012_256", "-pkeyopt", "paramset:A"],
    "gost2012_512": ["-algorithm", "gost2012_512", "-pkeyopt", "paramset:A"],
}
_DIGEST = {"rsa": "sha256", "ec": "sha256", "gost2012_256": "md_gost12_256"}
_DIGEST["gost2012_512"] = "md_gost12_512"
_STAMP = "%Y%m%d%H%M%SZ"


def _run(*args: str, cwd: Path) -> bytes:
    binary = shutil.which("openssl")
    if binary is None:
        raise RuntimeError("the openssl command is not installed")
    done = subprocess.run([binary, *args], cwd=cwd, capture_output=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout


@functools.cache
def gost_available() -> bool:
    """Whether ``openssl`` can make GOST R 34.10-2012 keys (the GOST engine is installed)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            _run("genpkey", "-engine", "gost", *_KEYGEN["gost2012_256"], cwd=Path(folder))
        except (RuntimeError, OSError):
            return False
    return True


@attrs.frozen
class SignerCertificate:
    """An issued certificate and its key, able to sign like a signing tool."""

    ca: OpenSslCa
    serial: int
    cert_path: Path
    key_path: Path

    @property
    def pem(self) -> bytes:
        """The certificate (PEM)."""
        return self.cert_path.read_bytes()

    def sign(self, content: bytes, *, include_certificate: bool = True) -> bytes:
        """A detached CMS signature over ``content`` (DER), as ``openssl cms -sign`` makes it.

        With ``include_certificate`` the signer's certificate travels inside, and so does
        the issuing CA's when the CA has a parent; without, the file holds neither.
        """
        folder = self.ca.folder
        data = folder / f"content-{self.serial}.bin"
        data.write_bytes(content)
        out = folder / f"signature-{self.serial}.der"
        extra = [] if include_certificate else ["-nocerts"]
        if include_certificate and self.ca.parent is not None:
            extra += ["-certfile", str(self.ca.cert_path)]  # the chain travels along
        _run(
            "cms", "-sign", "-binary", "-outform", "DER", *self.ca.engine,
            "-md", _DIGEST[self.ca.algorithm], "-in", str(data),
            "-signer", str(self.cert_path), "-inkey", str(self.key_path),
            "-out", str(out), *extra, cwd=folder,
        )  # fmt: skip
        return out.read_bytes()


@attrs.define
class OpenSslCa:
    """A CA in ``folder`` with an ``openssl ca`` database, for one algorithm family.

    Attributes:
        folder: an empty directory to keep the keys, certificates and the CRL in.
        algorithm: the key type of the CA and of the certificates it issues.
        name: the CA's common name.
        parent: the CA that certifies this one (an issuing CA under a root, as an
            accredited УЦ sits under the head CA); ``None`` for a self-signed root.
    """

    folder: Path
    algorithm: Algorithm = "ec"
    name: str = "Тестовый УЦ"
    parent: OpenSslCa | None = None
    _serials: itertools.count[int] = attrs.field(factory=lambda: itertools.count(0x1001))
    _holder_key: Path | None = attrs.field(default=None, init=False)

    def __attrs_post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "index.txt").write_text("")
        (self.folder / "crlnumber").write_text("01\n")
        (self.folder / "ca.cnf").write_text(
            "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\n"
            f"default_md = {_DIGEST[self.algorithm]}\ncrlnumber = crlnumber\n"
            "serial = serial\npolicy = p\nunique_subject = no\n"
            "string_mask = utf8only\n[p]\ncommonName = supplied\n"
            "[user]\nbasicConstraints = CA:FALSE\n"
            "keyUsage = critical, digitalSignature, nonRepudiation\n"
            "extendedKeyUsage = clientAuth, emailProtection\n"
            "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
            "[nosign]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, keyEncipherment\n"
            "[issuing]\nbasicConstraints = critical, CA:TRUE, pathlen:0\n"
            "keyUsage = critical, keyCertSign, cRLSign\n"
            "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
        )
        self._key("ca.key")
        subject = f"/CN={self.name}/O={self.name}/C=RU"
        if self.parent is None:
            _run(
                "req", "-x509", "-new", *self.engine, "-key", "ca.key", "-utf8",
                "-subj", subject, "-days", "3650",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", "ca.pem", cwd=self.folder,
            )  # fmt: skip
        else:
            _run(
                "req", "-new", *self.engine, "-key", "ca.key", "-utf8", "-subj", subject,
                "-out", "ca.csr", cwd=self.folder,
            )  # fmt: skip
            self.parent.certify(self.folder / "ca.csr", self.folder / "ca.pem")
        self.publish_crl()

    def certify(self, csr: Path, out: Path) -> None:
        """Issue an issuing-CA certificate for ``csr`` (valid from an hour ago, 5 years)."""
        now = datetime.now(UTC).replace(microsecond=0)
        (self.folder / "serial").write_text(f"{next(self._serials):X}\n")
        _run(
            "ca", "-batch", "-config", "ca.cnf", *self.engine, "-utf8", "-preserveDN",
            "-notext", "-keyfile", "ca.key", "-cert", "ca.pem", "-in", str(csr),
            "-extensions", "issuing", "-startdate", (now - timedelta(hours=1)).strftime(_STAMP),
            "-enddate", (now + timedelta(days=1826)).strftime(_STAMP), "-out", str(out),
            cwd=self.folder,
        )  # fmt: skip

    @property
    def engine(self) -> list[str]:
        """``-engine gost`` for GOST keys, nothing otherwise."""
        return ["-engine", "gost"] if self.algorithm.startswith("gost") else []

    @property
    def pem(self) -> bytes:
        """The CA certificate (PEM)."""
        return (self.folder / "ca.pem").read_bytes()

    @property
    def cert_path(self) -> Path:
        """Where the CA certificate is."""
        return self.folder / "ca.pem"

    @property
    def crl_path(self) -> Path:
        """Where the CRL is (PEM), rewritten by ``publish_crl``."""
        return self.folder / "crl.pem"

    def _key(self, name: str) -> Path:
        _run("genpkey", *self.engine, *_KEYGEN[self.algorithm], "-out", name, cwd=self.folder)
        return self.folder / name

    def issue(
        self,
        *,
        snils: str = "11223344595",
        last_name: str = "Иванов",
        given_names: str = "Иван Иванович",
        inn: str | None = "500100732259",
        ogrn: str | None = None,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        for_signing: bool = True,
        new_key: bool = False,
    ) -> SignerCertificate:
        """A qualified-style personal certificate (valid from an hour ago for 30 days).

        Certificates share one holder key unless ``new_key`` (key generation is what
        costs: an RSA key takes a good part of a second).
        """
        serial = next(self._serials)
        now = datetime.now(UTC).replace(microsecond=0)
        start = not_before or now - timedelta(hours=1)
        end = not_after or now + timedelta(days=30)
        if new_key or self._holder_key is None:
            key = self._key(f"user-{serial:x}.key")
            self._holder_key = self._holder_key or key
        else:
            key = self._holder_key
        subject = f"/CN={last_name} {given_names}/SN={last_name}/GN={given_names}"
        subject += f"/1.2.643.100.3={snils}"
        if inn is not None:
            subject += f"/1.2.643.3.131.1.1={inn}"
        if ogrn is not None:  # an organisation's certificate (its head signs with it)
            subject += f"/1.2.643.100.1={ogrn}"
        subject += "/C=RU"
        csr = f"user-{serial:x}.csr"
        _run(
            "req", "-new", *self.engine, "-key", key.name, "-utf8", "-subj", subject,
            "-out", csr, cwd=self.folder,
        )  # fmt: skip
        (self.folder / "serial").write_text(f"{serial:X}\n")
        cert = self.folder / f"user-{serial:x}.pem"
        _run(
            "ca", "-batch", "-config", "ca.cnf", *self.engine, "-utf8", "-preserveDN",
            "-notext", "-keyfile", "ca.key", "-cert", "ca.pem", "-in", csr,
            "-extensions", "user" if for_signing else "nosign",
            "-startdate", start.strftime(_STAMP), "-enddate", end.strftime(_STAMP),
            "-out", cert.name, cwd=self.folder,
        )  # fmt: skip
        return SignerCertificate(self, serial, cert, key)

    def revoke(self, user: SignerCertificate) -> None:
        """Mark ``user`` revoked in the CA database and publish a new CRL."""
        _run(
            "ca", "-config", "ca.cnf", *self.engine, "-keyfile", "ca.key", "-cert", "ca.pem",
            "-revoke", str(user.cert_path), cwd=self.folder,
        )  # fmt: skip
        self.publish_crl()

    def publish_crl(
        self, *, last_update: datetime | None = None, next_update: datetime | None = None
    ) -> Path:
        """Write the CRL (by default issued now, next update in 7 days)."""
        now = datetime.now(UTC).replace(microsecond=0)
        start = last_update or now - timedelta(minutes=1)
        end = next_update or now + timedelta(days=7)
        _run(
            "ca", "-gencrl", "-config", "ca.cnf", *self.engine, "-keyfile", "ca.key",
            "-cert", "ca.pem", "-crl_lastupdate", start.strftime(_STAMP),
            "-crl_nextupdate", end.strftime(_STAMP), "-out", "crl.pem", cwd=self.folder,
        )  # fmt: skip
        return self.crl_path
