"""The proofs a regulator checks without the whole journal, built from the stored entries.

``JournalService.prove_inclusion`` and ``prove_consistency`` admit the caller, pick the
signed heads and verify what these functions build against the signer's key
(docs/journal.md, "The tree and the heads").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from accredkit.domain.journal.heads import SignedTreeHead
from accredkit.domain.journal.merkle import consistency_proof, inclusion_proof, leaf_hash
from accredkit.domain.journal.proofs import ConsistencyProof, InclusionProof
from accredkit.errors import NotFound, ValidationError, Violation
from accredkit.ports.storage import JournalStore

__all__ = ["consistency_between", "inclusion_under"]


def _leaves(journal: JournalStore) -> Callable[[int, int], Iterable[bytes]]:
    """Leaf hashes of ``[start, stop)``, read from the store as a proof needs them."""

    def read(start: int, stop: int) -> Iterable[bytes]:
        return (leaf_hash(data) for _, data in journal.read(start, stop))

    return read


def inclusion_under(journal: JournalStore, head: SignedTreeHead, seq: int) -> InclusionProof | None:
    """The proof that entry ``seq`` is under ``head``; ``None`` when the entry is gone.

    Reads the entries up to the head's size once (O(n)).

    Raises:
        NotFound: ``seq`` is not under the head (``journal.not_covered``).
    """
    if not 0 <= seq < head.size:
        raise NotFound(
            f"entry {seq} is not under the signed head at size {head.size}",
            message_ru=f"Запись №{seq} не входит в подписанный снимок на {head.size} записей.",
            code="journal.not_covered",
            value=seq,
        )
    entry = next((d for _, d in journal.read(seq, seq + 1)), None)
    if entry is None:
        return None
    try:
        path = inclusion_proof(seq, head.size, _leaves(journal))
    except ValueError:
        path = []
    return InclusionProof(seq, entry, tuple(path), head)


def consistency_between(
    journal: JournalStore, older: SignedTreeHead, newer: SignedTreeHead
) -> ConsistencyProof:
    """The proof that ``newer`` extends ``older``.

    Raises:
        ValidationError: ``older`` is the larger head (``journal.sizes_reversed``).
    """
    if older.size > newer.size:
        raise ValidationError.of(
            [
                Violation(
                    "journal.sizes_reversed",
                    "old",
                    "Старый снимок не может быть больше нового.",
                    "The old head cannot be larger than the new one.",
                )
            ]
        )
    try:
        path = consistency_proof(older.size, newer.size, _leaves(journal))
    except ValueError:
        path = []
    return ConsistencyProof(older, newer, tuple(path))
