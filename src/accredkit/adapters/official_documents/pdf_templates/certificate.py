"""The certificate of accreditation (свидетельство об аккредитации) as one A4 page."""

from __future__ import annotations

from accredkit.adapters.official_documents.pdf_templates._page import Page, day
from accredkit.domain.certificates.certificate import CertificateStatus
from accredkit.domain.certificates.sheets import CertificateSheet

__all__ = ["render"]

_WARNINGS = {
    CertificateStatus.REVOKED: ("СВИДЕТЕЛЬСТВО АННУЛИРОВАНО", "REVOKED"),
    CertificateStatus.EXPIRED: ("СРОК ДЕЙСТВИЯ ИСТЁК", "EXPIRED"),
}


def render(sheet: CertificateSheet) -> bytes:
    """The unsigned PDF of ``sheet``."""
    organisation = sheet.holder_id_label == "ОГРН"
    page = Page(
        title=f"Свидетельство об аккредитации № {sheet.number}",
        subject=f"{sheet.accreditation_title}: {sheet.holder_name}",
        keywords=f"{sheet.number} sha256:{sheet.record_digest}",
    )
    page.banner("Российская Федерация · Russian Federation", sheet.issuer_name)
    page.title(
        "СВИДЕТЕЛЬСТВО ОБ АККРЕДИТАЦИИ" + (" ОРГАНИЗАЦИИ" if organisation else " СПЕЦИАЛИСТА"),
        "Certificate of accreditation" + (" (organisation)" if organisation else ""),
        sheet.number,
    )
    if sheet.status in _WARNINGS:
        page.warning(*_WARNINGS[sheet.status])
    page.field(
        "Наименование организации" if organisation else "Фамилия, имя, отчество",
        "Organisation" if organisation else "Holder",
        sheet.holder_name,
    )
    page.field(sheet.holder_id_label, "OGRN" if organisation else "SNILS", sheet.holder_id)
    page.field(
        "Вид аккредитации",
        "Accreditation type",
        f"{sheet.accreditation_title} ({sheet.accreditation_type})",
    )
    if sheet.specialty:
        page.field("Специальность", "Specialty", sheet.specialty)
    page.field("Дата выдачи", "Issued on", day(sheet.issued_on))
    page.field("Действительно по", "Valid until", day(sheet.valid_until))
    if sheet.previous_number:
        page.field("Взамен свидетельства", "Replaces certificate", sheet.previous_number)
    page.items("Правовое основание", "Legal basis", sheet.legal_basis)
    page.rule()
    page.qr(sheet.check_url)
    page.beside_qr(
        (
            ("Проверить подлинность и статус / Check authenticity and status:", sheet.check_url),
            ("Номер свидетельства / Certificate number:", sheet.number),
        )
    )
    page.footer(sheet.record_digest)
    return page.output()
