"""Identity documents an account holds, and the status label a person sees (docs/security.md).

At the first confirmation the cabinet asks for three files: the passport scan, a proof
of professional status, and the consent to personal-data processing as a separate
electronic document. Each is checked like an application's documents; the operator
accepts the set or returns it with a reason. The label says in plain words, in
Russian and English, where the account stands («Учетная запись подтверждена» at the end).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

import attrs

from accredkit.domain.documents.formats import DocumentKind
from accredkit.domain.masks import mask_text
from accredkit.errors import ValidationError, Violation

__all__ = [
    "CHECKED_AS",
    "IdentityDocument",
    "IdentityDocumentKind",
    "StatusLabel",
    "identity_document_kind",
    "in_asked_order",
    "missing_identity_documents",
    "require_complete",
    "return_reason",
    "status_label",
]


class IdentityDocumentKind(enum.StrEnum):
    """What an identity document proves (contract codes)."""

    PASSPORT = "passport"  # скан паспорта
    PROFESSIONAL_STATUS = "professional_status"  # подтверждение профессионального статуса
    PD_CONSENT = "pd_consent"  # согласие на обработку персональных данных


CHECKED_AS: dict[IdentityDocumentKind, DocumentKind] = {
    IdentityDocumentKind.PASSPORT: DocumentKind.PASSPORT,
    IdentityDocumentKind.PROFESSIONAL_STATUS: DocumentKind.DIPLOMA,
    IdentityDocumentKind.PD_CONSENT: DocumentKind.PD_CONSENT,
}
"""The document rules each kind is checked under (the formats it takes)."""


def identity_document_kind(value: object) -> IdentityDocumentKind:
    """``value`` as an identity document kind.

    Raises:
        ValidationError: ``identity_document.unknown_kind``, listing the known kinds.
    """
    for kind in IdentityDocumentKind:
        if value is kind or (isinstance(value, str) and value == kind.value):
            return kind
    known = ", ".join(k.value for k in IdentityDocumentKind)
    shown = repr(value)[:60]
    raise ValidationError.of(
        [
            Violation(
                "identity_document.unknown_kind",
                "kind",
                f"Неизвестный вид документа {shown}; допустимы: {known}.",
                f"Unknown identity document kind {shown}; known kinds: {known}.",
            )
        ],
        value=shown,
    )


@attrs.frozen
class IdentityDocument:
    """One checked file: its clean copy's digest (the blob) and the upload's digest."""

    kind: IdentityDocumentKind
    sha256: str
    filename: str = attrs.field(repr=mask_text)  # a file name may carry the person's name
    size: int
    original_sha256: str
    uploaded_at: datetime


def in_asked_order(documents: Iterable[IdentityDocument]) -> tuple[IdentityDocument, ...]:
    """``documents`` in the order the cabinet asks for their kinds."""
    order = list(IdentityDocumentKind)
    return tuple(sorted(documents, key=lambda d: order.index(d.kind)))


def missing_identity_documents(
    documents: Iterable[IdentityDocument],
) -> tuple[IdentityDocumentKind, ...]:
    """The kinds not uploaded yet, in the order the cabinet asks for them."""
    have = {d.kind for d in documents}
    return tuple(k for k in IdentityDocumentKind if k not in have)


def require_complete(documents: tuple[IdentityDocument, ...]) -> None:
    """Refuse to accept a set that lacks a kind.

    Raises:
        ValidationError: ``identity_documents.missing``, naming the missing kinds.
    """
    missing = missing_identity_documents(documents)
    if missing:
        names = ", ".join(k.value for k in missing)
        raise ValidationError.of(
            [
                Violation(
                    "identity_documents.missing",
                    "identity_documents",
                    f"Нельзя принять документы: не загружены {names}.",
                    f"The documents cannot be accepted: {names} not uploaded.",
                )
            ],
            value=names,
        )


def return_reason(reason: str, documents: tuple[IdentityDocument, ...]) -> str:
    """The reason for returning ``documents``, trimmed.

    Raises:
        ValidationError: ``identity_documents.reason_required`` or
            ``identity_documents.none`` (nothing was uploaded).
    """
    found = []
    if not reason.strip():
        found.append(
            Violation(
                "identity_documents.reason_required",
                "reason",
                "Укажите причину возврата документов.",
                "Give the reason for returning the documents.",
            )
        )
    if not documents:
        found.append(
            Violation(
                "identity_documents.none",
                "identity_documents",
                "Возвращать нечего: документы не загружены.",
                "Nothing to return: no documents are uploaded.",
            )
        )
    if found:
        raise ValidationError.of(found)
    return reason.strip()


@attrs.frozen
class StatusLabel:
    """Where an account stands, as a person reads it (``code`` for hosts to match)."""

    code: str
    ru: str
    en: str

    def text(self, lang: str = "ru") -> str:
        """The label in ``lang`` (``ru`` or ``en``)."""
        return self.en if lang == "en" else self.ru


def status_label(
    *,
    blocked: bool,
    verified: bool,
    documents: tuple[IdentityDocument, ...],
    accepted: bool,
    returned_reason: str | None,
) -> StatusLabel:
    """The label for an account in this state, the first that applies:
    blocked, confirmed, documents returned, none, some, on review, accepted."""
    if blocked:
        return StatusLabel(
            "account.blocked", "Учетная запись заблокирована", "The account is blocked"
        )
    if verified:
        return StatusLabel("account.verified", "Учетная запись подтверждена", "Account confirmed")
    if returned_reason is not None:
        return StatusLabel(
            "account.documents_returned",
            f"Документы возвращены: {returned_reason}",
            f"Documents returned: {returned_reason}",
        )
    if not documents:
        return StatusLabel(
            "account.documents_missing", "Документы не загружены", "Documents not uploaded"
        )
    if missing_identity_documents(documents):
        return StatusLabel(
            "account.documents_incomplete",
            "Загружены не все документы",
            "Not every document is uploaded",
        )
    if not accepted:
        return StatusLabel(
            "account.documents_under_review", "Документы на проверке", "Documents under review"
        )
    return StatusLabel(
        "account.documents_accepted",
        "Документы приняты; подтверждение учетной записи не завершено",
        "Documents accepted; the account's confirmation is not complete",
    )
