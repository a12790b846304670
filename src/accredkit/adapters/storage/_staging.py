"""What every storage engine shares: staged writes and queries overlayed on committed rows.

An engine (``_engine.py``) supplies reads of committed data and one atomic ``apply`` of a
batch of writes; this module gives it repositories and a unit of work with the port's
semantics.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Generic, Literal, Self, TypeVar

from accredkit.adapters.storage._engine import Engine, IndexRange, Row, Write, in_range
from accredkit.adapters.storage._rows import (
    IndexValue,
    decode_row,
    encode_item,
    index_value,
    stored_id,
    stored_index,
)
from accredkit.adapters.storage._staged_journal import StagedJournal
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.domain.copies import replaced
from accredkit.domain.masks import mask_text
from accredkit.errors import Conflict, NotFound, ValidationError, Violation
from accredkit.ports.storage import Between, Collection, JournalDraftLike, JournalStore

__all__ = ["StagedUnitOfWork"]

T = TypeVar("T")


def _check_where(collection: Collection[Any], fields: Mapping[str, Any], what: str) -> None:
    unknown = [name for name in fields if name not in collection.indexes]
    if unknown:
        raise ValidationError.of(
            Violation(
                "storage.not_indexed",
                name,
                f"Поле {name!r} не индексировано в коллекции {collection.name!r}.",
                f"{what} on field {name!r}, which collection {collection.name!r} does not index.",
            )
            for name in unknown
        )


def _check_between(collection: Collection[Any], between: Between) -> IndexRange:
    field, low, high = between
    _check_where(collection, {field: None}, "range")
    low, high = index_value(low), index_value(high)
    if low is not None and high is not None and type(low) is not type(high):
        raise ValueError(f"range bounds on {field!r} must be of one kind: {low!r}, {high!r}")
    return (field, low, high)


def _matches(
    indexes: Mapping[str, IndexValue],
    filters: Mapping[str, IndexValue],
    rng: IndexRange | None,
) -> bool:
    if not all(indexes.get(k) == v for k, v in filters.items()):
        return False
    return rng is None or in_range(indexes.get(rng[0]), rng[1], rng[2])


class StagedRepository(Generic[T]):
    """A repository whose writes wait in the unit of work until commit."""

    def __init__(self, uow: StagedUnitOfWork, collection: Collection[T, Any]) -> None:
        self._uow = uow
        self._collection = collection

    @property
    def _protection(self) -> FieldProtection | None:
        return self._uow.engine.protection

    def _decode(self, row_id: str, row: Row, *, committed: bool = True) -> T:
        version, data = row
        collection, protection = self._collection, self._protection

        def decode() -> T:
            return decode_row(collection, row_id, data, protection, version)

        if not (committed and collection.keep_decoded):
            return decode()
        kept: T = self._uow.engine.decoded.decoded(
            collection.name, row_id, version, data, protection, decode
        )
        return kept

    def _row_id(self, id: str) -> str:
        return stored_id(self._collection, id, self._protection)

    def _staged(self, id: str) -> Write | None:
        return self._uow.staged.get((self._collection.name, id))

    def find(self, id: str) -> T | None:
        """The aggregate ``id`` as this unit of work sees it, or ``None``."""
        staged = self._staged(id)
        if staged is not None:
            return self._decode(staged.id, (staged.new_version, staged.data), committed=False)
        row_id = self._row_id(id)
        row = self._uow.engine.load(self._collection, row_id)
        return None if row is None else self._decode(row_id, row)

    def _shown(self, id: str) -> str:
        """How an id appears in an error: masked when the id is personal (a claim)."""
        return mask_text(id) if "id" in self._collection.personal else repr(id)

    def _value(self, id: str) -> str:
        return mask_text(id) if "id" in self._collection.personal else id

    def get(self, id: str) -> T:
        """The aggregate ``id``; ``NotFound`` if there is none."""
        item = self.find(id)
        if item is None:
            raise NotFound(
                f"{self._collection.name} {self._shown(id)} not found",
                message_ru=f"Запись {self._shown(id)} не найдена.",
                code=f"{self._collection.name}.not_found",
                value=self._value(id),
            )
        return item

    def _current_version(self, id: str, staged: Write | None) -> int | None:
        """The version this unit of work sees for ``id`` (no row decoded to learn it)."""
        if staged is not None:
            return staged.new_version
        row = self._uow.engine.load(self._collection, self._row_id(id))
        return None if row is None else row[0]

    def _stage(self, item: T, kind: Literal["add", "update"]) -> T:
        id_: str = item.id  # type: ignore[attr-defined]
        version: int = item.version  # type: ignore[attr-defined]
        if not isinstance(id_, str) or not id_:
            raise ValueError("an aggregate needs a non-empty string id")
        key = (self._collection.name, id_)
        previous = self._uow.staged.get(key)
        if kind == "add":
            row_id = self._row_id(id_)
            if previous is not None or self._uow.engine.load(self._collection, row_id) is not None:
                raise Conflict(
                    f"{self._collection.name} {self._shown(id_)} already exists",
                    message_ru=f"Запись {self._shown(id_)} уже существует.",
                    code="storage.duplicate",
                    value=self._value(id_),
                )
            expected, new = 0, 1
        else:
            current = self._current_version(id_, previous)
            if current is None:
                raise NotFound(
                    f"{self._collection.name} {self._shown(id_)} not found", value=self._value(id_)
                )
            if current != version:
                raise Conflict(
                    f"{self._collection.name} {self._shown(id_)} changed (have version {version}, "
                    f"stored {current})",
                    code="storage.stale",
                    value=self._value(id_),
                )
            expected = previous.expected_version if previous else version
            new = version + 1
        stored = replaced(item, version=new)
        row_id, data, indexes = encode_item(self._collection, stored, self._protection)
        kind_final: Literal["add", "update"] = previous.kind if previous else kind
        self._uow.staged[key] = Write(
            self._collection, row_id, kind_final, expected, new, data, indexes
        )
        return stored

    def add(self, item: T) -> T:
        """Stage a new aggregate; it is stored at version 1."""
        return self._stage(item, "add")

    def update(self, item: T) -> T:
        """Stage a change to an aggregate read at ``item.version``."""
        return self._stage(item, "update")

    def _pending(self) -> list[Write]:
        name = self._collection.name
        return [w for (c, _), w in self._uow.staged.items() if c == name]

    def _filters(
        self, where: Mapping[str, Any] | None, between: Between | None
    ) -> tuple[dict[str, IndexValue], IndexRange | None]:
        collection, protection = self._collection, self._protection
        filters = {k: stored_index(collection, k, v, protection) for k, v in (where or {}).items()}
        _check_where(collection, filters, "filter")
        if between is not None and between[0] in collection.blind:
            raise ValueError(f"{between[0]!r} is stored as a keyed hash: no range on it")
        return filters, None if between is None else _check_between(collection, between)

    def query(
        self,
        where: Mapping[str, Any] | None = None,
        *,
        between: Between | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[T]:
        """Aggregates matching ``where`` and ``between``, committed and staged."""
        filters, rng = self._filters(where, between)
        if order_by is not None:
            _check_where(self._collection, {order_by: None}, "order")
            if order_by in self._collection.blind:
                raise ValueError(f"{order_by!r} is stored as a keyed hash: no order on it")
        if (limit is not None and limit < 0) or offset < 0:
            raise ValueError("limit and offset must not be negative")
        engine = self._uow.engine
        extra = {} if rng is None else {"between": rng}  # engines predating ranges still work
        pending = self._pending()
        if not pending:
            rows = engine.select(
                self._collection, filters, order_by, descending, limit, offset, **extra
            )
            return [self._decode(id_, row) for id_, row in rows]
        rows = engine.select(self._collection, filters, order_by, descending, None, 0, **extra)
        merged: dict[str, tuple[dict[str, IndexValue] | None, Row]] = {
            id_: (None, row) for id_, row in rows
        }
        for write in pending:
            merged.pop(write.id, None)
            if _matches(write.indexes, filters, rng):
                merged[write.id] = (write.indexes, (write.new_version, write.data))
        items = []
        for id_, (indexes, row) in merged.items():
            item = self._decode(id_, row, committed=indexes is None)
            key = indexes[order_by] if indexes and order_by else None
            if order_by and indexes is None:
                key = index_value(getattr(item, order_by))
            items.append((key, id_, item))
        if not order_by:
            items.sort(key=lambda t: t[1])
        else:
            present = [t for t in items if t[0] is not None]
            absent = [t for t in items if t[0] is None]
            present.sort(key=lambda t: (t[0], t[1]), reverse=descending)
            items = absent + present if not descending else present + absent
        end = None if limit is None else offset + limit
        return [item for _, _, item in items[offset:end]]

    def count(
        self, where: Mapping[str, Any] | None = None, *, between: Between | None = None
    ) -> int:
        """How many aggregates match ``where`` and ``between``."""
        if self._pending():
            return len(self.query(where, between=between))
        filters, rng = self._filters(where, between)
        extra = {} if rng is None else {"between": rng}
        return self._uow.engine.count(self._collection, filters, **extra)

    def values(
        self,
        fields: tuple[str, ...],
        where: Mapping[str, Any] | None = None,
        *,
        between: Between | None = None,
    ) -> list[tuple[IndexValue, ...]]:
        """Index values of ``fields`` (indexed names or ``"id"``) per match, ordered by id."""
        fields = tuple(fields)
        if not fields:
            raise ValueError("values() needs at least one field")
        _check_where(self._collection, {f: None for f in fields if f != "id"}, "values")
        if self._pending():
            collection, protection = self._collection, self._protection
            return [
                tuple(
                    self._row_id(item.id)  # type: ignore[attr-defined]
                    if f == "id"
                    else stored_index(collection, f, getattr(item, f), protection)
                    for f in fields
                )
                for item in self.query(where, between=between)
            ]
        filters, rng = self._filters(where, between)
        return self._uow.engine.values(self._collection, fields, filters, rng)

    def tally(
        self,
        by: tuple[str, ...] = (),
        where: Mapping[str, Any] | None = None,
        *,
        between: Between | None = None,
    ) -> dict[tuple[IndexValue, ...], int]:
        """Matches counted by their index values of ``by``, as this unit of work sees them."""
        by = tuple(by)
        _check_where(self._collection, dict.fromkeys(by), "group")
        blind = set(self._collection.blind) & set(by)
        if blind:  # a keyed hash groups nothing a reader could name
            raise ValueError(f"cannot group by blind fields {sorted(blind)}")
        if self._pending():
            if not by:
                total = self.count(where, between=between)
                return {(): total} if total else {}
            return dict(Counter(self.values(by, where, between=between)))
        filters, rng = self._filters(where, between)
        return self._uow.engine.tally(self._collection, by, filters, rng)


class StagedUnitOfWork:
    """A unit of work over an ``Engine``: stage everything, apply once at commit."""

    def __init__(self, engine: Engine, on_close: Callable[[], None] | None = None) -> None:
        self.engine = engine
        self.staged: dict[tuple[str, str], Write] = {}
        self.drafts: list[JournalDraftLike] = []
        self.heads: list[tuple[int, bytes]] = []
        self.journal: JournalStore = StagedJournal(engine, self.drafts, self.heads)
        self._recorded: list[object] = []
        self._committed_events: list[object] = []
        self._repositories: dict[str, StagedRepository[Any]] = {}
        self._entered = False
        self._on_close = on_close

    def __enter__(self) -> Self:
        self._entered = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        if self._on_close is not None:
            self._on_close()

    def repository(self, collection: Collection[T, Any]) -> StagedRepository[T]:
        """The repository of ``collection`` inside this unit of work."""
        repo = self._repositories.get(collection.name)
        if repo is None:
            repo = StagedRepository(self, collection)
            self._repositories[collection.name] = repo
        return repo

    def record(self, *events: object) -> None:
        """Keep events to publish after a successful commit."""
        self._recorded.extend(events)

    @property
    def events(self) -> list[object]:
        """Events of the last successful commit."""
        return list(self._committed_events)

    def commit(self) -> None:
        """Apply every staged write atomically, or raise and apply nothing."""
        writes = list(self.staged.values())
        try:
            self.engine.apply(writes, list(self.drafts), list(self.heads))
        finally:
            self._clear()
        kept = [(w.collection.name, w.id) for w in writes if w.collection.keep_decoded]
        if kept:  # only these collections' rows are ever kept (``_decode``)
            self.engine.decoded.forget(kept)
        self._committed_events.extend(self._recorded)
        self._recorded.clear()

    def rollback(self) -> None:
        """Discard staged writes and unpublished events."""
        self._clear()
        self._recorded.clear()

    def _clear(self) -> None:
        self.staged.clear()
        self.drafts.clear()
        self.heads.clear()
