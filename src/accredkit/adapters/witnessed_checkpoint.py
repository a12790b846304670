"""The checkpoint kept in two independent places: the sink and a witness.

Deleting (or rolling back) one copy outside the database then hides nothing: ``read``
gives the newer of the two, and a write never moves either copy back to a smaller head
(docs/journal.md, "Checkpoints").
"""

from __future__ import annotations

from accredkit.domain.journal_heads import SignedTreeHead
from accredkit.ports.checkpoint import CheckpointSink

__all__ = ["WitnessedCheckpoint"]


def _size(data: bytes | None) -> int:
    if data is None:
        return -1
    try:
        return SignedTreeHead.decode(data).size
    except ValueError:
        return -1


class WitnessedCheckpoint:
    """Writes every head to ``primary`` and ``witness``; reads the newer copy."""

    def __init__(self, primary: CheckpointSink, witness: CheckpointSink) -> None:
        self.primary = primary
        self.witness = witness

    def write(self, data: bytes) -> None:
        """Keep ``data`` in both places, unless a place already holds a larger head."""
        size = _size(data)
        for sink in (self.primary, self.witness):
            if _size(sink.read()) <= size:
                sink.write(data)

    def read(self) -> bytes | None:
        """The copy with the larger head (the one still there when the other is gone)."""
        first, second = self.primary.read(), self.witness.read()
        return first if _size(first) >= _size(second) else second
