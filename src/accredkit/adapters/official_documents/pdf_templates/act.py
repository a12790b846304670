"""An act of decision (акт о решении): approval, refusal or request for information."""

from __future__ import annotations

from accredkit.adapters.official_documents.pdf_templates._page import Page, day
from accredkit.domain.certificates.acts import Decision
from accredkit.domain.certificates.sheets import ActSheet
from accredkit.domain.moscow import MOSCOW

__all__ = ["render"]

_TITLES = {
    Decision.APPROVED: (
        "АКТ О РЕШЕНИИ: АККРЕДИТАЦИЯ ОДОБРЕНА",
        "Act of decision: accreditation approved",
        ("Основания решения", "Grounds"),
    ),
    Decision.REJECTED: (
        "АКТ О РЕШЕНИИ: В АККРЕДИТАЦИИ ОТКАЗАНО",
        "Act of decision: accreditation refused",
        ("Причины отказа", "Reasons for refusal"),
    ),
    Decision.INFO_REQUEST: (
        "ЗАПРОС ДОПОЛНИТЕЛЬНЫХ СВЕДЕНИЙ",
        "Request for further information",
        ("Запрашиваемые сведения", "Information requested"),
    ),
}


def render(sheet: ActSheet) -> bytes:
    """The unsigned PDF of ``sheet``."""
    title_ru, title_en, (reasons_ru, reasons_en) = _TITLES[sheet.decision]
    page = Page(
        title=f"{title_ru} — заявление № {sheet.application_number}",
        subject=f"{sheet.accreditation_title}: {sheet.applicant_name}",
        keywords=f"act:{sheet.act_id} sha256:{sheet.record_digest}",
    )
    page.banner("Российская Федерация · Russian Federation", sheet.issuer_name)
    page.title(title_ru, title_en)
    page.field("Заявление", "Application", f"№ {sheet.application_number}")
    page.field("Заявитель", "Applicant", sheet.applicant_name)
    page.field("Вид аккредитации", "Accreditation type", sheet.accreditation_title)
    moment = sheet.decided_at.astimezone(MOSCOW)
    page.field("Дата решения", "Decided on", f"{day(moment)} {moment:%H:%M} (МСК)")
    if sheet.deadline is not None:
        page.field("Представить сведения до", "Answer by", day(sheet.deadline))
    if sheet.certificate_number is not None:
        page.field("Выдано свидетельство", "Certificate issued", f"№ {sheet.certificate_number}")
    if sheet.reasons:
        page.items(reasons_ru, reasons_en, sheet.reasons)
    page.items(
        "Участники решения",
        "Decided by",
        tuple(f"{role}: {who}" for role, who in sheet.participants),
    )
    page.items("Правовое основание", "Legal basis", sheet.legal_basis)
    page.field("Идентификатор акта", "Act id", sheet.act_id)
    page.footer(sheet.record_digest)
    return page.output()
