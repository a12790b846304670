"""Signed tree heads: the checkpoints that seal the journal (docs/journal.md).

A tree head (size, root, time) is written in the C2SP ``tlog-checkpoint`` body form
— origin line, size, base64 root, then extension lines — the text Ed25519 signs and
that witnesses of other transparency logs can read. The signed head is kept in the
database and, separately, outside it, so a restored old copy or a cut tail shows.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Self

import attrs

from accredkit.domain.journal.canonical_json import (
    CanonicalJsonError,
    canonical_json,
    load_canonical,
)
from accredkit.domain.journal.entries import format_time, parse_time
from accredkit.domain.journal.merkle import HASH_SIZE

__all__ = ["JOURNAL_ORIGIN", "JournalTree", "SignedTreeHead", "TreeHead"]

JOURNAL_ORIGIN = "accredkit.journal"


@attrs.frozen
class TreeHead:
    """The journal's Merkle tree at one size: what a checkpoint commits to."""

    size: int
    root: bytes
    time: datetime
    origin: str = JOURNAL_ORIGIN

    def __attrs_post_init__(self) -> None:
        if type(self.size) is not int or self.size < 0:
            raise ValueError(f"tree size {self.size!r} must be a non-negative integer")
        if not isinstance(self.root, bytes) or len(self.root) != HASH_SIZE:
            raise ValueError(f"a root is {HASH_SIZE} bytes")
        if not isinstance(self.time, datetime) or self.time.utcoffset() is None:
            raise ValueError("the time must be timezone-aware")
        if not self.origin or not self.origin.isprintable() or self.origin != self.origin.strip():
            raise ValueError("the origin is one printable line")

    def to_bytes(self) -> bytes:
        """The text that is signed: origin, size, base64 root, then a ``time`` extension line."""
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\ntime {format_time(self.time)}\n".encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Parse signed text, insisting on exactly the form ``to_bytes`` writes.

        Raises:
            ValueError: anything else.
        """
        try:
            lines = bytes(data).decode("utf-8").split("\n")
            origin, size_text, root_text, time_line, tail = lines
            if tail or not size_text.isdigit() or str(int(size_text)) != size_text:
                raise ValueError("malformed")
            root = base64.b64decode(root_text, validate=True)
            if not time_line.startswith("time "):
                raise ValueError("no time line")
            head = cls(int(size_text), root, parse_time(time_line[5:]), origin)
        except (ValueError, UnicodeDecodeError, binascii.Error) as error:
            raise ValueError(f"not a tree head: {error}") from None
        if head.to_bytes() != data:
            raise ValueError("not a tree head: not in canonical form")
        return head


@attrs.frozen
class SignedTreeHead:
    """A tree head, its signature, and which key and algorithm made it."""

    head: TreeHead
    signature: bytes
    key_id: str
    algorithm: str

    @property
    def size(self) -> int:
        """The tree size the head commits to."""
        return self.head.size

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, as kept in storage, the checkpoint file and exports."""
        return {
            "algorithm": self.algorithm,
            "head": self.head.to_bytes().decode("utf-8"),
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    def encode(self) -> bytes:
        """Canonical JSON bytes of ``to_dict``."""
        return canonical_json(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of ``to_dict``.

        Raises:
            ValueError: a field is missing or malformed.
        """
        try:
            if set(data) != {"algorithm", "head", "key_id", "signature"}:
                raise ValueError("unexpected fields")
            head = TreeHead.from_bytes(str(data["head"]).encode("utf-8"))
            signature = base64.b64decode(str(data["signature"]), validate=True)
            key_id, algorithm = data["key_id"], data["algorithm"]
            if not isinstance(key_id, str) or not isinstance(algorithm, str):
                raise ValueError("key id and algorithm are strings")
        except (ValueError, TypeError, binascii.Error) as error:
            raise ValueError(f"not a signed tree head: {error}") from None
        return cls(head, signature, key_id, algorithm)

    @classmethod
    def decode(cls, data: bytes) -> Self:
        """The inverse of ``encode``.

        Raises:
            ValueError: the bytes are not a signed tree head.
        """
        try:
            doc = load_canonical(bytes(data))
        except CanonicalJsonError as error:
            raise ValueError(f"not a signed tree head: {error}") from None
        if not isinstance(doc, dict):
            raise ValueError("not a signed tree head: not an object")
        return cls.from_dict(doc)


@attrs.frozen
class JournalTree:
    """The compact range (hex hashes, largest subtree first) at the latest signed head."""

    id: str
    version: int
    size: int
    hashes: tuple[str, ...]
