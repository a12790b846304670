"""PDF inspection: qpdf (pikepdf) reads the structure, PDFium (pypdfium2) renders pages.

Active content is looked for twice. A scan of the raw bytes outside stream bodies
finds names however they are spelt (``/J#61vaScript`` is ``/JavaScript``; PDF lets any
name byte be written as ``#xx``), including in objects an incremental update has since
replaced. A budgeted walk of the parsed object graph (``_pdf_graph``) finds acting
actions by their meaning, in compressed object streams too.

Pages are judged as rendered (``_pdf_render``); bytes after the last ``%%EOF`` (a ZIP
or a web page appended to make a polyglot) are trailing data. Every step is charged to
the inspection's meter and an exhausted budget refuses the file (``docs/documents.md``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pikepdf
import pypdfium2 as pdfium

from accredkit.adapters.inspection._budget import Budget, Meter, OverBudget
from accredkit.adapters.inspection._pdf_graph import EMBEDDED_MARKS, find_active, page_costs
from accredkit.adapters.inspection._pdf_render import render_pages
from accredkit.domain.documents.rules import PageScan

__all__ = [
    "PdfFindings",
    "inspect_pdf",
    "normalise_name",
    "raw_names",
    "trailing_bytes",
]

ACTIVE_NAMES = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/XFA", "/RichMedia"}
)
EMBEDDED_NAMES = frozenset({"/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment"})
_WATCHED = ACTIVE_NAMES | EMBEDDED_NAMES
_ACTIVE_MARKS = ACTIVE_NAMES | {
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/Movie",
    "/Sound",
    "/Screen",
    "/RichMediaExecute",
    "javascript: URI",
}

_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_EOF = b"%%EOF"


@attrs.frozen(kw_only=True)
class PdfFindings:
    """What a PDF holds, as far as the rules care."""

    parse_error: str | None = None
    encrypted: bool = False
    page_count: int | None = None
    blank_pages: tuple[int, ...] = ()
    active_content: tuple[str, ...] = ()
    embedded_files: tuple[str, ...] = ()
    trailing_bytes: int = 0
    scans: tuple[PageScan, ...] = ()
    too_complex: str | None = None


def normalise_name(raw: bytes) -> str:
    """A PDF name with its ``#xx`` escapes undone (``/J#61vaScript`` → ``/JavaScript``)."""
    if b"#" not in raw:  # the usual spelling: nothing to undo
        return raw.decode("latin-1")
    plain = _ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    return plain.decode("latin-1")


def _watched(name: str) -> str | None:
    if name in _WATCHED:
        return name
    return "/RichMedia" if name.startswith("/RichMedia") else None


def _outside_streams(data: bytes) -> Iterator[bytes]:
    """The file's object syntax with stream bodies (binary, compressed) cut out.

    Each search starts after the last ``endstream``, so the bodies themselves (most of a
    scanned PDF's bytes) are skipped by ``bytes.find``, never scanned by the pattern.
    """
    pos = 0
    while True:
        match = _STREAM_START.search(data, pos)
        if match is None:
            break
        yield data[pos : match.start()]
        end = data.find(b"endstream", match.end())
        if end < 0:
            return
        pos = end + len(b"endstream")
    yield data[pos:]


def raw_names(data: bytes) -> set[str]:
    """Watched names spelt anywhere in the object syntax, escapes undone."""
    found: set[str] = set()
    for part in _outside_streams(data):
        for match in _NAME.finditer(part):
            name = _watched(normalise_name(match.group()))
            if name is not None:
                found.add(name)
    return found


def trailing_bytes(data: bytes) -> int:
    """How many bytes follow the last ``%%EOF`` (white space and NULs aside)."""
    end = data.rfind(_EOF)
    if end < 0:
        return 0
    tail = data[end + len(_EOF) :]
    return len(tail) if tail.strip(b"\x00\t\n\x0c\r ") else 0


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:199] + "…"


def inspect_pdf(data: bytes, budget: Budget | None = None) -> PdfFindings:
    """Parse ``data`` as a PDF and report what the document rules need.

    Never raises on hostile input: whatever qpdf or PDFium chokes on becomes
    ``parse_error``, and an exhausted budget becomes ``too_complex`` (with whatever
    was found before it ran out).
    """
    meter = Meter(budget or Budget())
    raw = raw_names(data)
    tail = trailing_bytes(data)
    structure: set[str] = set()
    fields: dict[str, Any] = {"trailing_bytes": tail}
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                return _findings(raw, encrypted=True, **fields)
            declared: object = pdf.trailer.get("/Size")
            if isinstance(declared, int) and declared > meter.budget.objects:
                raise OverBudget(f"objects: {declared} declared, at most {meter.budget.objects}")
            structure = find_active(pdf, meter)
            fields["page_count"] = len(pdf.pages)
            if fields["page_count"] > meter.budget.pages:
                raise OverBudget(f"pages: more than {meter.budget.pages}")
            if not page_costs(pdf, meter):
                return _findings((raw - {"/OpenAction"}) | structure, **fields)
        shown = render_pages(data, meter)
    except pikepdf.PasswordError:
        return _findings(raw, encrypted=True, **fields)
    except OverBudget as exhausted:
        return _findings(raw | structure, too_complex=str(exhausted), **fields)
    except (pikepdf.PdfError, pdfium.PdfiumError) as error:
        return _findings(raw | structure, parse_error=_describe(error), **fields)
    except Exception as error:  # hostile input: the parsers may raise anything
        return _findings(raw | structure, parse_error=_describe(error), **fields)
    return _findings(
        (raw - {"/OpenAction"}) | structure,
        blank_pages=tuple(shown.blank),
        scans=tuple(shown.scans),
        **fields,
    )


def _findings(names: set[str], **fields: Any) -> PdfFindings:
    return PdfFindings(
        active_content=tuple(sorted(names & _ACTIVE_MARKS)),
        embedded_files=tuple(sorted(names & EMBEDDED_MARKS)),
        **fields,
    )
