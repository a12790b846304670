"""What a storage engine supplies: committed rows, index reads, one atomic apply.

Memory, SQLite and PostgreSQL implement ``Engine``; the staged unit of work over it
(``_staging.py``) is the same for all three, so they differ only in how they keep rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple

from accredkit.adapters.storage._decoded import DecodedRows
from accredkit.adapters.storage._rows import IndexValue, decode_row, stored_index
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.ports.storage import Collection, JournalDraftLike

__all__ = ["Engine", "IndexRange", "IndexValue", "Row", "Write", "in_range"]

Row = tuple[int, str]  # (version, JSON data)
IndexRange = tuple[str, IndexValue, IndexValue]  # (field, low, high): low <= value < high


def in_range(value: IndexValue, low: IndexValue, high: IndexValue) -> bool:
    """Whether a stored index value lies in ``[low, high)``; ``None`` never does.

    A value of another kind than a bound (text against a number) does not match, so
    every engine agrees without comparing across kinds.
    """
    if value is None:
        return False
    given: Any = value
    lowest: Any = low
    highest: Any = high
    if lowest is not None and (type(given) is not type(lowest) or given < lowest):
        return False
    return highest is None or (type(given) is type(highest) and given < highest)


class Write(NamedTuple):
    """One staged change to an aggregate (a tuple: one is built per staged write)."""

    collection: Collection[Any]
    id: str
    kind: Literal["add", "update"]
    expected_version: int  # 0 for add
    new_version: int
    data: str
    indexes: dict[str, IndexValue]


class Engine(ABC):
    """Committed data access for one storage engine.

    ``protection`` (set once by ``bootstrap``) seals personal fields and blinds their
    index values in every unit of work; ``None`` stores them as they are.
    """

    protection: FieldProtection | None = None

    @property
    def decoded(self) -> DecodedRows:
        """The decoded rows kept for collections marked ``keep_decoded`` (``_decoded.py``)."""
        kept = self.__dict__.get("_decoded_rows")
        if kept is None:
            kept = self.__dict__.setdefault("_decoded_rows", DecodedRows())
        return kept  # type: ignore[no-any-return]

    @abstractmethod
    def load(self, collection: Collection[Any], id: str) -> Row | None:
        """The committed row of ``id``."""

    @abstractmethod
    def select(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        order_by: str | None,
        descending: bool,
        limit: int | None,
        offset: int,
        between: IndexRange | None = None,
    ) -> list[tuple[str, Row]]:
        """Committed ``(id, row)`` pairs matching ``where`` and ``between`` (see ``in_range``).

        Ties in ``order_by`` are broken by id in the same direction; ``None`` sorts first
        ascending. The repository passes ``between`` only when a range is asked for.
        """

    @abstractmethod
    def count(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> int:
        """How many committed rows match ``where`` and ``between``."""

    def values(
        self,
        collection: Collection[Any],
        fields: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> list[tuple[IndexValue, ...]]:
        """Committed index values of ``fields`` (or ``"id"``) per matching row, by id.

        This default decodes every matching row; an engine overrides it with a read of
        its index columns, which is what makes reports fast.
        """
        extra = {} if between is None else {"between": between}
        rows = self.select(collection, where, None, False, None, 0, **extra)
        found = []
        for id_, (_, data) in rows:
            item = decode_row(collection, id_, data, self.protection)
            found.append(
                tuple(
                    id_
                    if f == "id"
                    else stored_index(collection, f, getattr(item, f), self.protection)
                    for f in fields
                )
            )
        return found

    def tally(
        self,
        collection: Collection[Any],
        by: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> dict[tuple[IndexValue, ...], int]:
        """Committed matches counted by their index values of ``by`` (no empty groups).

        This default counts ``values``; an engine overrides it with one grouped query.
        """
        if not by:
            total = self.count(collection, where, between)
            return {(): total} if total else {}
        return dict(Counter(self.values(collection, by, where, between)))

    @abstractmethod
    def apply(
        self,
        writes: list[Write],
        drafts: list[JournalDraftLike],
        heads: list[tuple[int, bytes]],
    ) -> None:
        """Apply a batch atomically; raise ``Conflict`` (and apply nothing) on a stale write."""

    @abstractmethod
    def journal_size(self) -> int:
        """Committed journal entries."""

    @abstractmethod
    def journal_read(self, start: int, stop: int | None) -> Iterator[tuple[int, bytes]]:
        """Committed journal entries in order."""

    @abstractmethod
    def journal_heads(self) -> list[tuple[int, bytes]]:
        """Committed signed tree heads, oldest first."""
