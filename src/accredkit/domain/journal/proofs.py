"""Proofs a regulator checks without the whole journal (docs/journal.md).

An inclusion proof shows one entry — one decision — is in the journal a signed
head seals; a consistency proof shows a later signed head extends an earlier one,
so nothing before it was rewritten. Each carries the signed heads it rests on, so
``verify`` needs only the cabinet's public key and a signature checker.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any, Self

import attrs

from accredkit.domain.journal.entries import JournalEntry
from accredkit.domain.journal.heads import SignedTreeHead
from accredkit.domain.journal.merkle import leaf_hash, verify_consistency, verify_inclusion
from accredkit.domain.journal.verify import SignatureCheck
from accredkit.errors import ValidationError

__all__ = ["ConsistencyProof", "InclusionProof"]


def _authentic(head: SignedTreeHead, public_key: bytes, verify_signature: SignatureCheck) -> bool:
    return verify_signature(public_key, head.head.to_bytes(), head.signature)


def _hashes(values: Any) -> tuple[bytes, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError("a proof path is a list of hex strings")
    return tuple(bytes.fromhex(v) for v in values)


@attrs.frozen
class InclusionProof:
    """Entry ``seq`` (its stored bytes) is leaf ``seq`` of the tree ``head`` signs."""

    seq: int
    entry: bytes
    path: tuple[bytes, ...]
    head: SignedTreeHead

    def verify(self, public_key: bytes, verify_signature: SignatureCheck) -> bool:
        """Whether the head is signed by ``public_key``, the path leads to its root,
        and the entry decodes carrying its own number."""
        head = self.head.head
        if not _authentic(self.head, public_key, verify_signature):
            return False
        if not verify_inclusion(leaf_hash(self.entry), self.seq, head.size, self.path, head.root):
            return False
        try:
            return JournalEntry.decode(self.entry).seq == self.seq
        except ValidationError:
            return False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view; the entry's exact bytes travel as base64."""
        return {
            "kind": "inclusion",
            "seq": self.seq,
            "entry": base64.b64encode(self.entry).decode("ascii"),
            "path": [p.hex() for p in self.path],
            "head": self.head.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of ``to_dict``.

        Raises:
            ValueError: the document is not an inclusion proof.
        """
        try:
            if data.get("kind") != "inclusion" or type(data.get("seq")) is not int:
                raise ValueError("not an inclusion proof")
            entry = base64.b64decode(str(data["entry"]), validate=True)
            return cls(
                data["seq"], entry, _hashes(data["path"]), SignedTreeHead.from_dict(data["head"])
            )
        except (KeyError, TypeError, binascii.Error) as error:
            raise ValueError(f"not an inclusion proof: {error}") from None


@attrs.frozen
class ConsistencyProof:
    """The tree ``new`` signs extends the tree ``old`` signs, append-only."""

    old: SignedTreeHead
    new: SignedTreeHead
    path: tuple[bytes, ...]

    def verify(self, public_key: bytes, verify_signature: SignatureCheck) -> bool:
        """Whether both heads are signed by ``public_key`` and the path joins them."""
        if not (
            _authentic(self.old, public_key, verify_signature)
            and _authentic(self.new, public_key, verify_signature)
        ):
            return False
        old, new = self.old.head, self.new.head
        return verify_consistency(old.size, new.size, old.root, new.root, self.path)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "kind": "consistency",
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "path": [p.hex() for p in self.path],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The inverse of ``to_dict``.

        Raises:
            ValueError: the document is not a consistency proof.
        """
        try:
            if data.get("kind") != "consistency":
                raise ValueError("not a consistency proof")
            return cls(
                SignedTreeHead.from_dict(data["old"]),
                SignedTreeHead.from_dict(data["new"]),
                _hashes(data["path"]),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a consistency proof: {error}") from None
