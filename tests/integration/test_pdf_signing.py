"""Signing PDFs through the port: refusals with hints, async hosts, an Ed25519 issuer."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.x509_issuer import make_development_issuer
from accredkit.adapters.official_documents.pdf_documents import PadesDocuments
from accredkit.adapters.official_documents.pdf_templates import _page
from accredkit.domain.certificates.certificate import CertificateStatus, certificate_number
from accredkit.domain.certificates.sheets import DEVELOPMENT_CHECK_URL, CertificateSheet
from accredkit.errors import ConfigurationError
from tests.support.pdf_checks import pyhanko_status


def _sheet() -> CertificateSheet:
    return CertificateSheet(
        number=certificate_number(2026, 1),
        holder_name="Иванова Анна Сергеевна",
        holder_id_label="СНИЛС",
        holder_id="***-***-445 95",
        accreditation_type="general",
        accreditation_title="Общая",
        specialty=None,
        issued_on=date(2026, 5, 8),
        valid_until=date(2031, 5, 7),
        issuer_name="Аккредитационная комиссия",
        legal_basis=(),
        status=CertificateStatus.VALID,
        check_url=DEVELOPMENT_CHECK_URL,
        record_digest="0" * 64,
    )


def test_a_signer_without_an_x509_certificate_cannot_sign_pdfs() -> None:
    with pytest.raises(ConfigurationError) as refused:
        PadesDocuments(KeySigner.generate("ecdsa-p256")).certificate_pdf(_sheet())
    assert refused.value.code == "config.signer_certificate"


def test_a_missing_font_is_a_configuration_error_naming_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(_page, "FONT_DIRS", ())
    monkeypatch.setenv("ACCREDKIT_FONT_DIR", str(tmp_path))
    with pytest.raises(ConfigurationError) as refused:
        _page.Page(title="t", subject="s", keywords="k")
    assert refused.value.code == "config.font_missing"
    assert "fonts-dejavu-core" in (refused.value.hint_en or "")


def test_pdfs_are_signed_from_inside_a_running_event_loop_too(tmp_path: Path) -> None:
    made = make_development_issuer(tmp_path / "keys", algorithm="ecdsa-p256")
    documents = PadesDocuments(KeySigner.from_directory(made.directory))

    async def handler() -> bytes:  # an async host's request handler
        return documents.certificate_pdf(_sheet())

    data = asyncio.run(handler())
    assert data.startswith(b"%PDF-")
    assert b"/ETSI.CAdES.detached" in data


def test_an_ed25519_issuer_signs_pdfs_that_pyhanko_validates(tmp_path: Path) -> None:
    made = make_development_issuer(tmp_path / "keys", algorithm="ed25519")
    data = PadesDocuments(KeySigner.from_directory(made.directory)).certificate_pdf(_sheet())
    status = pyhanko_status(data, made.ca_certificate)
    assert status.intact
    assert status.valid
    assert status.trusted
