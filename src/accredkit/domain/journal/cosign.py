"""A witness's cosignature on a signed tree head (docs/journal.md, "Witness").

The witness checks the cabinet's signature and that the head extends the last one it
cosigned, then signs the head's text under its own key. What it keeps is the head and
its cosignature; ``journal verify`` checks the cosignature against the witness's public
key, so a head the witness never saw, or an older one, does not pass.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Self

import attrs

from accredkit.domain.journal.canonical_json import (
    CanonicalJsonError,
    canonical_json,
    load_canonical,
)
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead

__all__ = ["COSIGNATURE_LABEL", "CosignedHead", "cosigned_text"]

COSIGNATURE_LABEL = b"accredkit.journal.cosignature/v1\n"
"""Put before the head's text, so a cosignature is never taken for the cabinet's signature."""


def cosigned_text(head: TreeHead) -> bytes:
    """The bytes a witness signs for ``head``."""
    return COSIGNATURE_LABEL + head.to_bytes()


@attrs.frozen
class CosignedHead:
    """The cabinet's signed head and the witness's cosignature over it."""

    head: SignedTreeHead
    witness_key_id: str
    algorithm: str
    cosignature: bytes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view, as the witness keeps it."""
        return {
            "head": self.head.to_dict(),
            "witness": {
                "algorithm": self.algorithm,
                "cosignature": base64.b64encode(self.cosignature).decode("ascii"),
                "key_id": self.witness_key_id,
            },
        }

    def encode(self) -> bytes:
        """Canonical JSON bytes of ``to_dict``."""
        return canonical_json(self.to_dict())

    @classmethod
    def decode(cls, data: bytes) -> Self:
        """The inverse of ``encode``.

        Raises:
            ValueError: the bytes are not a cosigned head.
        """
        try:
            doc = load_canonical(bytes(data))
            if not isinstance(doc, dict) or set(doc) != {"head", "witness"}:
                raise ValueError("unexpected fields")
            witness = doc["witness"]
            if not isinstance(witness, dict) or set(witness) != {
                "algorithm",
                "cosignature",
                "key_id",
            }:
                raise ValueError("unexpected witness fields")
            key_id, algorithm = witness["key_id"], witness["algorithm"]
            if not isinstance(key_id, str) or not isinstance(algorithm, str):
                raise ValueError("key id and algorithm are strings")
            cosignature = base64.b64decode(str(witness["cosignature"]), validate=True)
            return cls(SignedTreeHead.from_dict(doc["head"]), key_id, algorithm, cosignature)
        except (CanonicalJsonError, ValueError, TypeError, binascii.Error) as error:
            raise ValueError(f"not a cosigned tree head: {error}") from None
