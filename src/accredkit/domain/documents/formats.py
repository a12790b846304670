"""The file formats the cabinet knows and the kinds of document it asks for (docs/documents.md).

A format is what libmagic says a file is; a kind is what the document is for. Which
kinds take which formats, and everything else the cabinet accepts, is the policy's
(``rules.py``).
"""

from __future__ import annotations

import enum

from accredkit.errors import ValidationError, Violation

__all__ = [
    "ALL_FORMATS",
    "IMAGE_FORMATS",
    "MIB",
    "DocumentFormat",
    "DocumentKind",
    "document_kind",
    "format_for_filename",
    "format_for_mime",
]

MIB = 1024 * 1024


class DocumentFormat(enum.StrEnum):
    """A file format the cabinet can accept, as libmagic names it."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"

    @property
    def mime(self) -> str:
        """The MIME type libmagic reports for this format."""
        return _MIMES[self]

    @property
    def extensions(self) -> tuple[str, ...]:
        """File-name extensions (lower case, with the dot) that announce this format."""
        return _EXTENSIONS[self]


_MIMES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.JPEG: "image/jpeg",
    DocumentFormat.PNG: "image/png",
}
_EXTENSIONS = {
    DocumentFormat.PDF: (".pdf",),
    DocumentFormat.JPEG: (".jpg", ".jpeg"),
    DocumentFormat.PNG: (".png",),
}
_BY_MIME = {mime: fmt for fmt, mime in _MIMES.items()}
_BY_EXTENSION = {ext: fmt for fmt, exts in _EXTENSIONS.items() for ext in exts}
ALL_FORMATS = frozenset(DocumentFormat)
IMAGE_FORMATS = frozenset({DocumentFormat.JPEG, DocumentFormat.PNG})


class DocumentKind(enum.StrEnum):
    """What a document is for; each kind says which formats it takes (contract codes)."""

    PASSPORT = "passport"  # паспорт
    DIPLOMA = "diploma"  # диплом об образовании
    SPECIALIST_CERTIFICATE = "specialist_certificate"  # сертификат специалиста
    CPD_CERTIFICATE = "cpd_certificate"  # удостоверение о повышении квалификации
    LICENSE = "license"  # лицензия на медицинскую деятельность
    OGRN_EXTRACT = "ogrn_extract"  # выписка из ЕГРЮЛ / ЕГРИП
    EMPLOYER_REQUEST = "employer_request"  # ходатайство работодателя
    PREVIOUS_CERTIFICATE = "previous_certificate"  # прежнее свидетельство об аккредитации
    PD_CONSENT = "pd_consent"  # согласие на обработку персональных данных
    ACTIVITY_REPORT = "activity_report"  # отчёт о профессиональной деятельности
    OTHER = "other"  # иной документ


def document_kind(value: object) -> DocumentKind:
    """``value`` as a document kind (a member or its code).

    Raises:
        ValidationError: ``document.unknown_kind``, listing the known kinds.
    """
    if isinstance(value, DocumentKind):
        return value
    if isinstance(value, str):
        for kind in DocumentKind:
            if kind.value == value:
                return kind
    known = ", ".join(k.value for k in DocumentKind)
    shown = repr(value)[:60]
    raise ValidationError.of(
        [
            Violation(
                code="document.unknown_kind",
                field="kind",
                message_ru=f"Неизвестный вид документа {shown}; допустимы: {known}.",
                message_en=f"Unknown document kind {shown}; known kinds: {known}.",
            )
        ],
        value=shown,
    )


def format_for_mime(mime: str) -> DocumentFormat | None:
    """The accepted format libmagic's ``mime`` denotes, or ``None``."""
    return _BY_MIME.get(mime.split(";", 1)[0].strip().lower())


def format_for_filename(filename: str) -> DocumentFormat | None:
    """The format the file name's extension announces, or ``None``."""
    dot = filename.rfind(".")
    return None if dot < 0 else _BY_EXTENSION.get(filename[dot:].lower())
