"""In-memory storage: the reference model every other engine is checked against."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

from accredkit.adapters.storage._engine import Engine, IndexRange, Row, Write, in_range
from accredkit.adapters.storage._rows import IndexValue
from accredkit.adapters.storage._staging import StagedUnitOfWork
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.errors import Conflict
from accredkit.ports.storage import Collection, JournalDraftLike

__all__ = ["MemoryStorage"]

_Record = tuple[int, str, dict[str, IndexValue]]


def _sort_key(value: IndexValue) -> tuple[int, str | int]:
    # NULLs first, as SQL engines order ascending.
    return (0, 0) if value is None else (1, value)


class _MemoryEngine(Engine):
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, _Record]] = {}
        self.journal: list[bytes] = []
        self.heads: list[tuple[int, bytes]] = []

    def _table(self, collection: Collection[Any]) -> dict[str, _Record]:
        return self.tables.setdefault(collection.name, {})

    def load(self, collection: Collection[Any], id: str) -> Row | None:
        with self.lock:
            record = self._table(collection).get(id)
        return None if record is None else (record[0], record[1])

    def _matching(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        between: IndexRange | None,
    ) -> list[tuple[str, _Record]]:
        with self.lock:
            rows = list(self._table(collection).items())
        found = [
            (id_, rec) for id_, rec in rows if all(rec[2].get(k) == v for k, v in where.items())
        ]
        if between is not None:
            field, low, high = between
            found = [(id_, rec) for id_, rec in found if in_range(rec[2].get(field), low, high)]
        return found

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
        rows = self._matching(collection, where, between)
        if order_by is None:
            rows.sort(key=lambda r: r[0])
        else:
            rows.sort(key=lambda r: (_sort_key(r[1][2][order_by]), r[0]), reverse=descending)
        end = None if limit is None else offset + limit
        return [(id_, (rec[0], rec[1])) for id_, rec in rows[offset:end]]

    def count(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> int:
        return len(self._matching(collection, where, between))

    def values(
        self,
        collection: Collection[Any],
        fields: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> list[tuple[IndexValue, ...]]:
        rows = sorted(self._matching(collection, where, between), key=lambda r: r[0])
        return [tuple(id_ if f == "id" else rec[2].get(f) for f in fields) for id_, rec in rows]

    def apply(
        self,
        writes: list[Write],
        drafts: list[JournalDraftLike],
        heads: list[tuple[int, bytes]],
    ) -> None:
        with self.lock:
            for write in writes:
                current = self._table(write.collection).get(write.id)
                stored = 0 if current is None else current[0]
                if stored != write.expected_version:
                    raise Conflict(
                        f"{write.collection.name} {write.id!r} was changed by someone else",
                        message_ru="Запись изменена другим пользователем.",
                        code="storage.stale",
                        value=write.id,
                    )
            encoded = [draft.encode(len(self.journal) + i) for i, draft in enumerate(drafts)]
            for write in writes:
                self._table(write.collection)[write.id] = (
                    write.new_version,
                    write.data,
                    dict(write.indexes),
                )
            self.journal.extend(encoded)
            self.heads.extend(heads)

    def journal_size(self) -> int:
        with self.lock:
            return len(self.journal)

    def journal_read(self, start: int, stop: int | None) -> Iterator[tuple[int, bytes]]:
        with self.lock:
            chunk = self.journal[start:stop]
        return enumerate(chunk, start)  # a snapshot, numbered lazily

    def journal_heads(self) -> list[tuple[int, bytes]]:
        with self.lock:
            return list(self.heads)


class MemoryStorage:
    """Everything in process memory; atomic and serialised like a real engine."""

    _engine: _MemoryEngine

    capabilities = frozenset({"transactions", "optimistic_concurrency", "journal", "local_reads"})

    def __init__(self) -> None:
        self._engine = _MemoryEngine()

    def unit_of_work(self) -> StagedUnitOfWork:
        """A new unit of work."""
        return StagedUnitOfWork(self._engine)

    def protect(self, protection: FieldProtection) -> None:
        """Seal personal fields and blind their indexes from now on (``bootstrap`` calls it)."""
        self._engine.protection = protection

    def close(self) -> None:
        """Nothing to release."""
