"""The journal as one unit of work sees it (``_staging.py``): entries and heads staged
beside the rows, numbered and applied in the same commit (docs/journal.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from accredkit.adapters.storage._engine import Engine
from accredkit.ports.storage import JournalDraftLike

__all__ = ["StagedJournal"]


class StagedJournal:
    """The journal as one unit of work sees it: committed entries plus staged drafts."""

    def __init__(
        self, engine: Engine, drafts: list[JournalDraftLike], heads: list[tuple[int, bytes]]
    ) -> None:
        self._engine = engine
        self._drafts = drafts  # the unit of work's lists: it clears them
        self._heads = heads

    def append(self, draft: JournalDraftLike) -> None:
        """Stage an entry; numbered at commit."""
        self._drafts.append(draft)

    def size(self) -> int:
        """Committed entries."""
        return self._engine.journal_size()

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, bytes]]:
        """Committed entries in order."""
        return self._engine.journal_read(start, stop)

    def add_head(self, size: int, data: bytes) -> None:
        """Stage a signed tree head."""
        self._heads.append((size, data))

    def latest_head(self) -> tuple[int, bytes] | None:
        """The newest committed signed tree head."""
        heads = self._engine.journal_heads()
        return heads[-1] if heads else None

    def heads(self) -> list[tuple[int, bytes]]:
        """Every committed signed tree head."""
        return self._engine.journal_heads()
