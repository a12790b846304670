"""The journal export file: everything a regulator needs to verify offline.

One UTF-8 text file, one record per line, written and read as a stream:

    accredkit-journal-export 1
    header<TAB>{canonical JSON: origin, public key, key id, algorithm, counts, time}
    head<TAB><base64 of a stored signed tree head>          (oldest first)
    checkpoint<TAB><base64 of the head kept outside the database>   (if any)
    entry<TAB><seq><TAB><the entry's stored bytes>
    entry64<TAB><seq><TAB><base64 of stored bytes that hold a line break>

Entries travel as the exact bytes that were stored and hashed — canonical JSON
never holds a raw line break, so each is one line as is; bytes that somehow do
(a damaged entry) go as base64, so the verifier sees the very same damage.
"""

from __future__ import annotations

import base64
import binascii
import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Self

import attrs

from accredkit.domain.journal.canonical_json import (
    CanonicalJsonError,
    canonical_json,
    load_canonical,
)
from accredkit.domain.journal.entries import format_time, parse_time

__all__ = ["EXPORT_MAGIC", "ExportHeader", "ParsedExport", "export_lines", "parse_export"]

EXPORT_MAGIC = b"accredkit-journal-export 1\n"


@attrs.frozen
class ExportHeader:
    """Who exported what: the key that signs the heads, and how much follows."""

    origin: str
    public_key: str
    key_id: str
    algorithm: str
    entries: int
    heads: int
    checkpoint: bool
    exported_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "origin": self.origin,
            "public_key": self.public_key,
            "key_id": self.key_id,
            "algorithm": self.algorithm,
            "entries": self.entries,
            "heads": self.heads,
            "checkpoint": self.checkpoint,
            "exported_at": format_time(self.exported_at),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of ``to_dict``.

        Raises:
            ValueError: a field is missing or of the wrong type.
        """
        try:
            header = cls(
                origin=data["origin"],
                public_key=data["public_key"],
                key_id=data["key_id"],
                algorithm=data["algorithm"],
                entries=data["entries"],
                heads=data["heads"],
                checkpoint=data["checkpoint"],
                exported_at=parse_time(data["exported_at"]),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"export header: missing {error}") from None
        texts = (header.origin, header.public_key, header.key_id, header.algorithm)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("export header: text fields must be strings")
        if type(header.entries) is not int or type(header.heads) is not int:
            raise ValueError("export header: counts must be integers")
        return header


def export_lines(
    header: ExportHeader,
    heads: Iterable[bytes],
    checkpoint: bytes | None,
    entries: Iterable[tuple[int, bytes]],
) -> Iterator[bytes]:
    """The export, line by line (each ends with ``\\n``)."""
    yield EXPORT_MAGIC
    yield b"header\t" + canonical_json(header.to_dict()) + b"\n"
    for head in heads:
        yield b"head\t" + base64.b64encode(head) + b"\n"
    if checkpoint is not None:
        yield b"checkpoint\t" + base64.b64encode(checkpoint) + b"\n"
    for seq, data in entries:
        if b"\n" in data or b"\r" in data:
            yield b"entry64\t%d\t" % seq + base64.b64encode(data) + b"\n"
        else:
            yield b"entry\t%d\t" % seq + data + b"\n"


@attrs.frozen
class ParsedExport:
    """An export being read: header and heads at once, entries as they stream by."""

    header: ExportHeader
    heads: list[bytes]
    checkpoint: bytes | None
    entries: Iterator[tuple[int, bytes]]


def _entry(line: bytes, previous: int) -> tuple[int, bytes]:
    """One entry line; a line that does not parse becomes an empty entry in its place,
    which verification reports as undecodable there."""
    kind, _, rest = line.partition(b"\t")
    seq_text, tab, data = rest.partition(b"\t")
    if not tab or not seq_text.isdigit():
        return previous + 1, b""
    seq = int(seq_text)
    if kind == b"entry":
        return seq, data
    try:
        return seq, base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return seq, b""


def _entries(first: bytes | None, lines: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    previous = -1
    for raw in lines if first is None else itertools.chain([first], lines):
        previous, data = _entry(raw.removesuffix(b"\n"), previous)
        yield previous, data


def parse_export(lines: Iterator[bytes]) -> ParsedExport:
    """Read the header and heads; leave the entries to stream.

    Raises:
        ValueError: not an export, or its header or heads are malformed.
    """
    if next(lines, b"") != EXPORT_MAGIC:
        raise ValueError("not an accredkit journal export")
    kind, _, data = next(lines, b"").removesuffix(b"\n").partition(b"\t")
    if kind != b"header":
        raise ValueError("the export has no header")
    try:
        document = load_canonical(data)
    except CanonicalJsonError as error:
        raise ValueError(f"export header: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("export header: not an object")
    header = ExportHeader.from_dict(document)
    heads: list[bytes] = []
    checkpoint: bytes | None = None
    first: bytes | None = None
    for raw in lines:
        kind, _, data = raw.removesuffix(b"\n").partition(b"\t")
        if kind in (b"entry", b"entry64"):
            first = raw
            break
        try:
            decoded = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                f"export: a {kind.decode('ascii', 'replace')} line is not base64"
            ) from None
        if kind == b"head":
            heads.append(decoded)
        elif kind == b"checkpoint" and checkpoint is None:
            checkpoint = decoded
        else:
            raise ValueError(f"export: unexpected line {kind.decode('ascii', 'replace')!r}")
    return ParsedExport(header, heads, checkpoint, _entries(first, lines))
