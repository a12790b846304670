"""The deployment's e-signature trust: CA files read once, CRL files re-read when they change."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from accredkit.adapters.esignature.trust import CrlFiles, EsignatureTrust
from accredkit.errors import ConfigurationError
from tests.support.certificates import TestCa

NOW = datetime.now(UTC).replace(microsecond=0)


def _crl(ca: TestCa, *revoked: int) -> bytes:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.name)
        .last_update(NOW - timedelta(hours=1))
        .next_update(NOW + timedelta(days=1))
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(NOW).build()
        )
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def test_ca_files_in_pem_or_der_are_read(tmp_path: Path) -> None:
    first, second = TestCa(now=NOW), TestCa("Второй УЦ", now=NOW)
    (tmp_path / "both.pem").write_bytes(first.pem + second.pem)
    der = second.certificate.public_bytes(serialization.Encoding.DER)
    (tmp_path / "second.cer").write_bytes(der)
    trust = EsignatureTrust.from_files([tmp_path / "both.pem", tmp_path / "second.cer"])
    assert [c.subject for c in trust.roots] == [first.name, second.name, second.name]


@pytest.mark.parametrize("content", [None, b"", b"not a certificate"])
def test_an_unusable_ca_file_is_a_configuration_error(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigurationError) as refused:
        EsignatureTrust.from_files([path])
    assert refused.value.code == "config.esignature"


def test_a_crl_file_is_read_again_when_it_changes_and_dropped_when_broken(
    tmp_path: Path,
) -> None:
    ca = TestCa(now=NOW)
    path = tmp_path / "ca.crl"
    path.write_bytes(_crl(ca))
    files = CrlFiles((path, tmp_path / "missing.crl"))
    [first] = files.current()
    assert list(first) == []
    assert files.current()[0] is first  # unchanged file: parsed once

    path.write_bytes(_crl(ca, 4242))
    os.utime(path, ns=(1, path.stat().st_mtime_ns + 1_000_000))
    [second] = files.current()
    assert second.get_revoked_certificate_by_serial_number(4242) is not None

    path.write_bytes(b"garbage")
    assert files.current() == []  # refused later as esignature.crl_missing, never ignored
