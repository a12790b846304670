"""PDF inspection with pypdf: parse, encryption, pages, blank pages, active content.

Active content is looked for twice. A scan of the raw bytes outside stream bodies
finds names however they are spelt (``/J#61vaScript`` is ``/JavaScript``; PDF lets any
name byte be written as ``#xx``) and even in objects pypdf cannot reach. A walk of the
parsed object graph finds names hidden in compressed object streams, where the raw
bytes show nothing.

A page is *blank* when nothing it draws could put ink on paper: no image (XObject or
inline), no shading, no path painted, and no text-showing operator with a visible
string; form XObjects are followed (to a fixed depth). A white rectangle painted over
the page counts as drawing: deciding what is visible would need rendering.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import attrs
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

__all__ = [
    "PdfFindings",
    "inspect_pdf",
    "normalise_name",
    "paints",
    "raw_names",
    "structural_names",
]

ACTIVE_NAMES = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/XFA", "/RichMedia"}
)
EMBEDDED_NAMES = frozenset({"/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment"})
_WATCHED = ACTIVE_NAMES | EMBEDDED_NAMES
_MAX_OBJECTS = 200_000
_MAX_FORM_DEPTH = 8

_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_STRING = re.compile(rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)", re.S)
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")
_COMMENT = re.compile(rb"%[^\r\n]*")
_DELIM = rb"\s\[\]()<>{}"
_OPERATOR = re.compile(
    rb"(?<![^" + _DELIM + rb"])(Tj|TJ|'|\"|Do|BI|sh|S|s|f\*?|F|B\*?|b\*?)(?![^" + _DELIM + rb"/%])"
)
_TEXT_OPS = frozenset({b"Tj", b"TJ", b"'", b'"'})
_DO = re.compile(rb"(/[^" + _DELIM + rb"/%]+)\s*Do(?![^" + _DELIM + rb"/%])")
_SPACE = re.compile(rb"\s")
_INVISIBLE = re.compile(rb"[\s\x00]|\\[nrtbf\\\r\n]|\\0*40|\\0*11|\\0*12|\\0*15")


@attrs.frozen(kw_only=True)
class PdfFindings:
    """What a PDF holds, as far as the rules care."""

    parse_error: str | None = None
    encrypted: bool = False
    page_count: int | None = None
    blank_pages: tuple[int, ...] = ()
    active_content: tuple[str, ...] = ()
    embedded_files: tuple[str, ...] = ()


def normalise_name(raw: bytes) -> str:
    """A PDF name with its ``#xx`` escapes undone (``/J#61vaScript`` → ``/JavaScript``)."""
    plain = _ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    return plain.decode("latin-1")


def _watched(name: str) -> str | None:
    if name in _WATCHED:
        return name
    return "/RichMedia" if name.startswith("/RichMedia") else None


def _outside_streams(data: bytes) -> Iterator[bytes]:
    """The file's object syntax with stream bodies (binary, compressed) cut out."""
    pos = 0
    for match in _STREAM_START.finditer(data):
        if match.start() < pos:
            continue
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


def _benign_open_action(value: Any) -> bool:
    """An /OpenAction that only opens a page (a destination or a GoTo) runs nothing."""
    if isinstance(value, ArrayObject):
        return True
    return isinstance(value, DictionaryObject) and value.get("/S") == "/GoTo"


def structural_names(reader: PdfReader) -> set[str]:
    """Watched keys and name values in every object reachable from the trailer."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack and visited < _MAX_OBJECTS:
        item = stack.pop()
        visited += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # StreamObject included: its dict only
            for name, value in item.items():
                hit = _watched(str(name))
                if hit == "/OpenAction" and _benign_open_action(_resolve(value)):
                    hit = None
                if hit is not None:
                    found.add(hit)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            hit = _watched(str(item))
            if hit is not None and hit != "/OpenAction":
                found.add(hit)
    return found


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _stream_bytes(contents: Any) -> bytes:
    contents = _resolve(contents)
    if isinstance(contents, StreamObject):
        return bytes(contents.get_data())
    if isinstance(contents, ArrayObject):
        return b"\n".join(_stream_bytes(part) for part in contents)
    return b""


def _visible_string(content: bytes) -> bool:
    """Whether some string operand holds more than white space (or zero codes)."""
    for match in _STRING.finditer(content):
        if _INVISIBLE.sub(b"", match.group()[1:-1]):
            return True
    for match in _HEX_STRING.finditer(content):
        if _SPACE.sub(b"", match.group()[1:-1]).strip(b"0"):
            return True
    return False


def paints(content: bytes, resources: Any, depth: int = 0) -> bool:
    """Whether a content stream draws anything (see the module docstring)."""
    if not content.strip():
        return False
    bare = _COMMENT.sub(b"", _HEX_STRING.sub(b"<>", _STRING.sub(b"()", content)))
    operators = {m.group() for m in _OPERATOR.finditer(bare)}
    if operators - _TEXT_OPS - {b"Do"}:
        return True  # a path, a shading or an inline image
    if operators & _TEXT_OPS and _visible_string(content):
        return True
    if b"Do" not in operators or depth >= _MAX_FORM_DEPTH:
        return False
    xobjects = _resolve(_resolve(resources or {}).get("/XObject", {})) or {}
    for match in _DO.finditer(bare):
        xobject = _resolve(xobjects.get(normalise_name(match.group(1))))
        if not isinstance(xobject, StreamObject):
            continue
        if xobject.get("/Subtype") == "/Image":
            if int(xobject.get("/Width", 0)) > 0 and int(xobject.get("/Height", 0)) > 0:
                return True
        elif xobject.get("/Subtype") == "/Form" and paints(
            bytes(xobject.get_data()), xobject.get("/Resources", resources), depth + 1
        ):
            return True
    return False


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:199] + "…"


def inspect_pdf(data: bytes) -> PdfFindings:
    """Parse ``data`` as a PDF and report what the document rules need.

    Never raises on hostile input: whatever pypdf chokes on becomes ``parse_error``.
    """
    raw = raw_names(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = bool(reader.is_encrypted)
        if encrypted and not reader.decrypt(""):
            return _findings(raw, encrypted=True)
        pages = reader.pages
        blank = tuple(
            number
            for number, page in enumerate(pages, start=1)
            if not paints(_stream_bytes(page.get("/Contents")), page.get("/Resources"))
        )
        structure = structural_names(reader)
    except Exception as error:  # hostile input: pypdf may raise anything
        return _findings(raw, parse_error=_describe(error))
    return _findings(
        (raw - {"/OpenAction"}) | structure,
        encrypted=encrypted,
        page_count=len(pages),
        blank_pages=blank,
    )


def _findings(names: set[str], **fields: Any) -> PdfFindings:
    return PdfFindings(
        active_content=tuple(sorted(names & ACTIVE_NAMES)),
        embedded_files=tuple(sorted(names & EMBEDDED_NAMES)),
        **fields,
    )
