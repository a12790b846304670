"""JSON-ready views of what the cabinet returns, and their one-line labels for tables."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.moscow import MOSCOW

if TYPE_CHECKING:  # annotations only: a command imports the aggregates it reads itself
    from accredkit.domain.accounts.account import Account
    from accredkit.domain.applications.application import Application
    from accredkit.domain.certificates.certificate import Certificate
    from accredkit.domain.correspondence.messages import Message
    from accredkit.domain.correspondence.outbox import OutboxMessage
    from accredkit.domain.correspondence.support import Ticket

_WORDS_RU = {  # status words a person reads in Russian mode
    "registered": "зарегистрирована",
    "verified": "подтверждена",
    "blocked": "заблокирована",
    "none": "нет",
    "totp": "приложение (TOTP)",
    "sms": "SMS",
    "valid": "действует",
    "revoked": "аннулировано",
    "expired": "срок действия истёк",
}


def word(value: str, lang: str) -> str:
    """A status value as a person reads it: Russian in Russian mode, else as it is."""
    return value if lang == "en" else _WORDS_RU.get(value, value)


def header(lang: str, ru: tuple[str, ...], en: tuple[str, ...]) -> tuple[str, ...]:
    """Table headers in the command's language."""
    return en if lang == "en" else ru


def moscow_minute(moment: datetime) -> str:
    """``01.12.2026 14:05 МСК``: Moscow local time, to the minute (``docs/cli.md``)."""
    return moment.astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M МСК")


def human_size(size: int, lang: str) -> str:
    """``5,2 МБ`` in Russian mode, ``5.2 MB`` in English (decimal units, one decimal)."""
    units = ("Б", "КБ", "МБ", "ГБ") if lang != "en" else ("B", "KB", "MB", "GB")
    value, unit = float(size), 0
    while value >= 1000 and unit < len(units) - 1:
        value, unit = value / 1000, unit + 1
    text = f"{value:.0f}" if unit == 0 else f"{value:.1f}"
    return f"{text.replace('.', ',') if lang != 'en' else text} {units[unit]}"


def status_label(status: ApplicationStatus, lang: str) -> str:
    """``в обработке`` in Russian mode, ``processing`` in English (scripts read ``--json``)."""
    return status.value if lang == "en" else status.label_ru


def application(app: Application) -> dict[str, Any]:
    """An application as scripts read it."""
    info = app.info_request
    return {
        "id": app.id,
        "type": app.type_code,
        "catalogue": app.catalogue,
        "status": app.status.value,
        "status_ru": app.status.label_ru,
        "applicant_id": app.applicant_id,
        "specialty": app.specialty,
        "created_at": app.created_at.isoformat(),
        "submitted_at": app.submitted_at.isoformat() if app.submitted_at else None,
        "required_documents": list(app.required_documents),
        "documents": [
            {"kind": d.kind, "filename": d.filename, "sha256": d.sha256, "size": d.size}
            for d in app.documents
        ],
        "info_request": None
        if info is None
        else {"question": info.question, "deadline": info.deadline.isoformat()},
        "decision_reason": app.decision_reason,
        "history": [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "role": e.role.value,
                "from": e.from_status.value,
                "to": e.to_status.value,
                "reason": e.reason,
            }
            for e in app.history
        ],
    }


def application_rows(app: Application, lang: str) -> list[tuple[str, str, object]]:
    """The summary lines of an application."""
    missing = sorted(set(app.required_documents) - {d.kind for d in app.documents})
    rows: list[tuple[str, str, object]] = [
        ("Заявление", "Application", app.id),
        ("Вид", "Type", f"{app.type_code} ({app.catalogue})"),
        ("Статус", "Status", status_label(app.status, lang)),
        (
            "Документы",
            "Documents",
            ", ".join(f"{d.kind} ({human_size(d.size, lang)})" for d in app.documents) or "—",
        ),
    ]
    if missing and app.status is ApplicationStatus.DRAFT:
        rows.append(("Не хватает", "Missing", ", ".join(missing)))
    if app.info_request is not None and app.status is ApplicationStatus.NEEDS_INFO:
        rows.append(("Запрос", "Asked", app.info_request.question))
        rows.append(("Ответить до", "Answer by", moscow_minute(app.info_request.deadline)))
    if app.decision_reason:
        rows.append(("Основание", "Reason", app.decision_reason))
    return rows


def account(found: Account) -> dict[str, Any]:
    """An account's state (no secrets, no hashes)."""
    return {
        "id": found.id,
        "full_name": str(found.full_name),
        "snils": str(found.snils),
        "phone": str(found.phone),
        "email": str(found.email),
        "status": found.status.value,
        "status_label": found.status_label.text(found.language.value),
        "phone_confirmed": found.phone_confirmed,
        "email_confirmed": found.email_confirmed,
        "identity_documents_accepted": found.identity_documents_accepted,
        "registry_linked": found.registry_link is not None,
        "second_factor": found.second_factor.value,
        "blocked_reason": found.block_reason,
    }


def account_rows(found: Account, lang: str = "ru") -> list[tuple[str, str, object]]:
    """The summary lines of an account."""

    def yes(flag: bool) -> str:
        return "✓" if flag else "—"

    return [
        ("Учётная запись", "Account", found.id),
        ("ФИО", "Name", found.full_name),
        ("СНИЛС", "SNILS", found.snils),
        ("Статус", "Status", word(found.status.value, lang)),
        ("Состояние", "Standing", found.status_label.text(lang)),
        ("Телефон", "Phone", f"{found.phone} {yes(found.phone_confirmed)}"),
        ("E-mail", "E-mail", f"{found.email} {yes(found.email_confirmed)}"),
        ("Документы приняты", "Documents accepted", yes(found.identity_documents_accepted)),
        ("Связь с регистром", "Register link", yes(found.registry_link is not None)),
        ("Второй фактор", "Second factor", word(found.second_factor.value, lang)),
    ]


def certificate(cert: Certificate) -> dict[str, Any]:
    """A certificate's fields."""
    return {
        "id": cert.id,
        "number": cert.number,
        "holder": cert.holder_name,
        "snils": str(cert.holder_snils) if cert.holder_snils else None,
        "ogrn": str(cert.holder_ogrn) if cert.holder_ogrn else None,
        "type": cert.accreditation_type,
        "title": cert.accreditation_title,
        "specialty": cert.specialty,
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "issuer": cert.issuer_name,
        "application_id": cert.application_id,
        "status": cert.status.value,
    }


def certificate_rows(cert: Certificate, lang: str = "ru") -> list[tuple[str, str, object]]:
    """The summary lines of a certificate."""
    return [
        ("Свидетельство", "Certificate", cert.number),
        ("Владелец", "Holder", f"{cert.holder_name}, СНИЛС {cert.holder_snils}"),
        ("Вид", "Type", cert.accreditation_title),
        ("Специальность", "Specialty", cert.specialty or "—"),
        ("Действует", "Valid", f"{cert.issued_on} … {cert.valid_until}"),
        ("Выдал", "Issuer", cert.issuer_name),
        ("Статус", "Status", word(cert.status.value, lang)),
    ]


def message(found: Message) -> dict[str, Any]:
    """One message of a thread."""
    return {
        "id": found.id,
        "application_id": found.application_id,
        "author_id": found.author_id,
        "side": found.side.value,
        "text": found.text,
        "sent_at": found.sent_at.isoformat(),
        "attachments": [a.filename for a in found.attachments],
        "read": found.read_at is not None,
    }


def ticket(found: Ticket) -> dict[str, Any]:
    """A support ticket's header."""
    return {
        "id": found.id,
        "number": found.number,
        "category": found.category.value,
        "subject": found.subject,
        "status": found.status.value,
        "created_at": found.created_at.isoformat(),
        "answer_due": found.answer_due.isoformat(),
    }


def outbox_message(found: OutboxMessage) -> dict[str, Any]:
    """A queued notification (secret ones without their text)."""
    return {
        "id": found.id,
        "channel": found.channel.value,
        "recipient": found.recipient,
        "template": found.template,
        "status": found.status.value,
        "attempts": found.attempts,
        "created_at": found.created_at.isoformat(),
        "text": None if found.secret else found.body,
    }
