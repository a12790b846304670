"""Which uploaded files the cabinet accepts (docs/documents.md), decided from inspected facts.

An inspection adapter reads the bytes and reports :class:`DocumentFacts`; the rules
here turn those facts, the file name and the document kind into a
:class:`DocumentReport` that lists **every** broken rule at once, so a user fixes the
scan, the format and the name in one go instead of uploading three times.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from accredkit.domain.documents.facts import DocumentFacts, PageScan
from accredkit.domain.documents.formats import (
    ALL_FORMATS,
    IMAGE_FORMATS,
    MIB,
    DocumentFormat,
    DocumentKind,
    document_kind,
    format_for_filename,
    format_for_mime,
)
from accredkit.domain.documents.messages import advice, violation
from accredkit.domain.masks import mask_text
from accredkit.errors import ValidationError, Violation

__all__ = [
    "DEFAULT_POLICY",
    "DocumentFacts",
    "DocumentPolicy",
    "DocumentReport",
    "PageScan",
    "check_filename",
    "evaluate",
]


def _default_kind_formats() -> dict[DocumentKind, frozenset[DocumentFormat]]:
    # Generated documents (a registry extract, a signed report) come as PDF; everything
    # a person may photograph or scan also takes JPEG and PNG.
    pdf_only = frozenset({DocumentFormat.PDF})
    return {
        kind: pdf_only
        if kind in (DocumentKind.OGRN_EXTRACT, DocumentKind.ACTIVITY_REPORT)
        else ALL_FORMATS
        for kind in DocumentKind
    }


def _formats(value: Iterable[DocumentFormat | str]) -> frozenset[DocumentFormat]:
    return frozenset(DocumentFormat(f) for f in value)


def _freeze_kind_formats(
    value: Mapping[Any, Any],
) -> Mapping[DocumentKind, frozenset[DocumentFormat]]:
    return MappingProxyType(
        {DocumentKind(kind): _formats(formats) for kind, formats in value.items()}
    )


def _at_least(low: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
        if value < low:
            raise ValueError(f"{attribute.name} must be at least {low}, got {value}")

    return check


@attrs.frozen(kw_only=True)
class DocumentPolicy:
    """The document rules in force; every limit is configurable.

    Attributes:
        formats: Formats accepted at all (PDF, JPEG, PNG by default).
        min_bytes / max_bytes: Size bounds, inclusive (1 B … 5 MiB).
        max_name_length: Longest file name, in characters (after NFC).
        max_pixels: Pixel budget: larger images are refused before decoding.
        min_image_short_side / min_image_long_side: Smallest readable scan, in pixels.
        min_sharpness: Lowest Laplacian variance of a scan (``None``: not checked).
        allow_blank_pages: Whether a PDF may contain pages that paint nothing.
        kind_formats: Formats each document kind takes; kinds not listed take ``formats``.
        max_objects / max_pages: The most PDF objects walked and pages rendered.
        max_decoded_bytes: The most bytes of PDF content decompressed, counted per use
            (a stream shared by ten pages counts ten times: it is parsed ten times).
        max_memory: The most bytes one step of an inspection may hold (a decoded image,
            a rendered page with the images it draws).
        max_seconds: Wall-clock time one inspection may take.

    An inspection that would pass any of the last five is refused as
    ``document.too_complex``: nothing is accepted unexamined (``docs/documents.md``).
    """

    formats: frozenset[DocumentFormat] = attrs.field(default=ALL_FORMATS, converter=_formats)
    min_bytes: int = attrs.field(default=1, validator=_at_least(1))
    max_bytes: int = attrs.field(default=5 * MIB, validator=_at_least(1))
    max_name_length: int = attrs.field(default=120, validator=_at_least(5))
    max_pixels: int = attrs.field(default=40_000_000, validator=_at_least(1))
    min_image_short_side: int = attrs.field(default=600, validator=_at_least(0))
    min_image_long_side: int = attrs.field(default=800, validator=_at_least(0))
    min_sharpness: float | None = 60.0
    allow_blank_pages: bool = False
    kind_formats: Mapping[DocumentKind, frozenset[DocumentFormat]] = attrs.field(
        factory=_default_kind_formats, converter=_freeze_kind_formats, hash=False
    )
    max_objects: int = attrs.field(default=20_000, validator=_at_least(1))
    max_pages: int = attrs.field(default=500, validator=_at_least(1))
    max_decoded_bytes: int = attrs.field(default=128 * MIB, validator=_at_least(1))
    max_memory: int = attrs.field(default=256 * MIB, validator=_at_least(1))
    max_seconds: float = 10.0

    def __attrs_post_init__(self) -> None:
        if self.max_bytes < self.min_bytes:
            raise ValueError("max_bytes must not be below min_bytes")
        if not self.max_seconds > 0:
            raise ValueError("max_seconds must be positive")

    def formats_for(self, kind: DocumentKind) -> frozenset[DocumentFormat]:
        """The formats a document of ``kind`` may come in under this policy."""
        return self.formats & self.kind_formats.get(kind, self.formats)


DEFAULT_POLICY = DocumentPolicy()


@attrs.frozen(kw_only=True)
class DocumentReport:
    """The verdict on one file: every violation, and what the file turned out to be."""

    filename: str = attrs.field(repr=mask_text)
    kind: DocumentKind
    mime: str
    size: int
    sha256: str
    violations: tuple[Violation, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file broke no rule."""
        return not self.violations

    @property
    def codes(self) -> tuple[str, ...]:
        """The violation codes, in report order (for quick assertions and logs)."""
        return tuple(v.code for v in self.violations)

    def raise_for_violations(self) -> None:
        """Raise one :class:`ValidationError` carrying every violation, if any.

        Raises:
            ValidationError: the file broke at least one rule; ``violations`` lists all.
        """
        if self.violations:
            error = ValidationError.of(self.violations, value=self.filename)
            error.hint_ru, error.hint_en = advice(self.violations[0].code)
            raise error

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for APIs and the command line."""
        return {
            "filename": self.filename,
            "kind": str(self.kind),
            "ok": self.ok,
            "mime": self.mime,
            "size": self.size,
            "sha256": self.sha256,
            "violations": [v.to_dict() for v in self.violations],
        }


_PATH_CHARS = frozenset("/\\:")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def _name_problems(filename: str, policy: DocumentPolicy) -> Iterator[str]:
    name = unicodedata.normalize("NFC", filename)
    if not name:
        yield "empty"
        return
    if len(name) > policy.max_name_length:
        yield "too_long"
    if any(c in _PATH_CHARS for c in name) or name in (".", ".."):
        yield "path"
    if any(unicodedata.category(c) in _HIDDEN_CATEGORIES for c in name):
        yield "control"
    if name != name.strip(" .\u00a0"):
        yield "edges"
    dot = name.rfind(".")
    if format_for_filename(name) is None:
        yield "extension"
    elif dot == 0 or not name[:dot].strip(" ."):
        yield "no_stem"


def check_filename(filename: str, policy: DocumentPolicy = DEFAULT_POLICY) -> tuple[Violation, ...]:
    """Every rule the file name breaks (code ``document.bad_name``, one per rule).

    A name must be non-empty, at most ``policy.max_name_length`` characters, a bare
    name (no ``/``, ``\\``, ``:``, ``.`` or ``..``), free of control and invisible
    characters (bidi overrides hide a real extension), not start or end with spaces or
    dots, and end in an extension of an accepted format.

    Args:
        filename: The name the user's browser sent.
        policy: Supplies the length limit.

    Returns:
        The violations, empty when the name is fine.
    """
    return tuple(
        violation("document.bad_name", "filename", problem=p, limit=policy.max_name_length)
        for p in _name_problems(filename, policy)
    )


def evaluate(
    facts: DocumentFacts,
    filename: str,
    kind: DocumentKind | str = DocumentKind.OTHER,
    policy: DocumentPolicy = DEFAULT_POLICY,
) -> DocumentReport:
    """Judge inspected facts against the policy, collecting every violation.

    Args:
        facts: What the inspection adapter found in the bytes.
        filename: The user's file name (checked by :func:`check_filename`).
        kind: The document kind (a :class:`DocumentKind` or its code).
        policy: The rules in force.

    Returns:
        A report whose ``violations`` lists every broken rule (empty when ``ok``).

    Raises:
        ValidationError: ``kind`` is not a known document kind code
            (``document.unknown_kind``).
    """
    kind = document_kind(kind)
    found = list(check_filename(filename, policy))
    found.extend(_size_rules(facts, policy))
    if facts.size > 0:
        detected = format_for_mime(facts.mime)
        found.extend(_format_rules(facts, detected, filename, kind, policy))
        if facts.too_complex is not None:
            found.append(violation("document.too_complex", "content", detail=facts.too_complex))
        if detected is DocumentFormat.PDF:
            found.extend(_pdf_rules(facts, policy))
        elif detected in IMAGE_FORMATS:
            found.extend(_image_rules(facts, policy))
        if facts.polyglot:
            found.append(violation("document.polyglot", "content", names=_names(facts.polyglot)))
    return DocumentReport(
        filename=filename,
        kind=kind,
        mime=facts.mime,
        size=facts.size,
        sha256=facts.sha256,
        violations=tuple(found),
    )


def _size_rules(facts: DocumentFacts, policy: DocumentPolicy) -> Iterator[Violation]:
    if facts.size < policy.min_bytes:
        yield violation("document.empty", "size", size=facts.size)
    if facts.size > policy.max_bytes:
        yield violation("document.too_large", "size", size=facts.size, limit=policy.max_bytes)


def _format_rules(
    facts: DocumentFacts,
    detected: DocumentFormat | None,
    filename: str,
    kind: DocumentKind,
    policy: DocumentPolicy,
) -> Iterator[Violation]:
    allowed = policy.formats_for(kind)
    if detected not in allowed:
        names = ", ".join(sorted(f.name for f in allowed)) or "—"
        yield violation("document.format_not_allowed", "type", mime=facts.mime, allowed=names)
    announced = format_for_filename(filename)
    if announced is not None and announced is not detected:
        yield violation("document.type_mismatch", "type", announced=announced.name, mime=facts.mime)


def _pdf_rules(facts: DocumentFacts, policy: DocumentPolicy) -> Iterator[Violation]:
    if facts.parse_error is not None:
        yield violation("document.unreadable", "content", detail=facts.parse_error)
    if facts.encrypted:
        yield violation("document.encrypted", "content")
    if facts.page_count == 0:
        yield violation("document.no_pages", "pages")
    if facts.blank_pages and not policy.allow_blank_pages:
        pages = ", ".join(str(p) for p in facts.blank_pages)
        yield violation("document.blank_page", "pages", pages=pages)
    if facts.active_content:
        yield violation("document.active_content", "content", names=_names(facts.active_content))
    if facts.embedded_files:
        yield violation("document.embedded_file", "content", names=_names(facts.embedded_files))
    yield from _scan_rules(facts.scans, policy)
    if facts.trailing_bytes > 0:
        yield violation("document.trailing_data", "content", count=facts.trailing_bytes)


def _too_small(width: int, height: int, policy: DocumentPolicy) -> bool:
    short, long = sorted((width, height))
    return short < policy.min_image_short_side or long < policy.min_image_long_side


def _too_blurry(sharpness: float | None, policy: DocumentPolicy) -> bool:
    return (
        policy.min_sharpness is not None
        and sharpness is not None
        and sharpness < policy.min_sharpness
    )


def _scan_rules(scans: tuple[PageScan, ...], policy: DocumentPolicy) -> Iterator[Violation]:
    """The image rules on the scanned pages of a PDF, one violation per rule."""
    small = [s for s in scans if _too_small(s.width, s.height, policy)]
    if small:
        worst = min(small, key=lambda s: s.width * s.height)
        yield violation(
            "document.too_small",
            "pages",
            width=worst.width,
            height=worst.height,
            short=policy.min_image_short_side,
            long=policy.min_image_long_side,
            pages=", ".join(str(s.page) for s in small),
        )
    blurry = [s for s in scans if _too_blurry(s.sharpness, policy)]
    if blurry:
        worst_sharpness = min(s.sharpness or 0.0 for s in blurry)
        yield violation(
            "document.too_blurry",
            "pages",
            sharpness=round(worst_sharpness, 1),
            limit=policy.min_sharpness,
            pages=", ".join(str(s.page) for s in blurry),
        )


def _image_rules(facts: DocumentFacts, policy: DocumentPolicy) -> Iterator[Violation]:
    pixels = facts.pixels
    if pixels is not None and pixels > policy.max_pixels:
        yield violation(
            "document.too_many_pixels",
            "image",
            width=facts.width,
            height=facts.height,
            limit=policy.max_pixels,
        )
    elif (
        facts.width is not None
        and facts.height is not None
        and _too_small(facts.width, facts.height, policy)
    ):
        yield violation(
            "document.too_small",
            "image",
            width=facts.width,
            height=facts.height,
            short=policy.min_image_short_side,
            long=policy.min_image_long_side,
        )
    if facts.decode_error is not None:
        yield violation("document.unreadable", "content", detail=facts.decode_error)
    if facts.blank_pages and not policy.allow_blank_pages:
        yield violation("document.blank_page", "image", pages="1")
    if _too_blurry(facts.sharpness, policy):
        yield violation(
            "document.too_blurry",
            "image",
            sharpness=round(facts.sharpness or 0.0, 1),
            limit=policy.min_sharpness,
        )
    if facts.trailing_bytes > 0:
        yield violation("document.trailing_data", "content", count=facts.trailing_bytes)


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(sorted(set(names)))
