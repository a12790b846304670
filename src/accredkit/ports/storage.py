"""Storage port: collections of aggregates, a unit of work, and the journal store.

A unit of work stages every write and applies them at ``commit()`` atomically, with
optimistic concurrency on each aggregate's ``version``. Leaving the ``with`` block
without ``commit()`` discards everything.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self

import attrs

if TYPE_CHECKING:  # type parameters with defaults (PEP 696) for the checker only
    from typing_extensions import TypeVar
else:
    from typing import TypeVar as _TypeVar

    def TypeVar(name: str, *, default: object = None, **options: Any) -> Any:  # noqa: N802
        """``typing.TypeVar`` of Python 3.11, which takes no ``default``."""
        return _TypeVar(name, **options)


__all__ = [
    "Between",
    "Collection",
    "JournalDraftLike",
    "JournalStore",
    "Repository",
    "Storage",
    "UnitOfWork",
]

T = TypeVar("T")
W = TypeVar("W", bound=Mapping[str, object], default=Mapping[str, Any])
"""What a query may filter on: the collection's ``TypedDict`` of indexed fields."""
W_co = TypeVar("W_co", bound=Mapping[str, object], default=Mapping[str, Any], covariant=True)
W_contra = TypeVar(
    "W_contra", bound=Mapping[str, object], default=Mapping[str, Any], contravariant=True
)

Between = tuple[str, Any, Any]
"""``(field, low, high)``: the aggregates whose indexed ``field`` has ``low <= value < high``.

Half-open, like a report period; ``None`` leaves that end open. Aggregates whose field is
``None`` never match. Bounds are compared as stored index values (times as UTC text,
enums by value, booleans as 0/1), so both bounds must be of the field's kind.
"""


@attrs.frozen
class Collection(Generic[T, W_co]):
    """How one aggregate type is stored.

    ``type`` is an attrs class with ``id: str`` and ``version: int``; ``indexes`` are the
    attribute names a query may filter or order on. ``where`` declares them as a
    ``TypedDict`` of those fields and their types instead (``services/schema.py``): the
    indexes are its keys, and the type checker refuses a query on any other field or with
    a value of the wrong kind. ``compound`` names extra multi-field
    indexes, each of indexed fields, for queries that filter on the leading ones and order
    by the last (the review queue: ``("status", "submitted_at")``); they change no result,
    only how fast a large engine answers.

    ``personal`` names the fields that hold personal data (152-ФЗ): engines keep them
    encrypted at rest, subject reports show them and depersonalisation erases them.
    ``blind`` names personal fields that are indexed (or ``"id"``) and stored as keyed
    hashes: equality filters on them work, ranges and ordering do not
    (docs/security.md).

    ``keep_decoded`` marks a collection read on nearly every request (the gate's
    account, session and staff record, the application a page shows): an engine may
    hand back the decoded aggregate of a row it decoded before while the stored row is
    exactly the same. Its aggregates must be deeply immutable.
    """

    name: str
    type: type[T]
    where: builtins.type[W_co] | None = attrs.field(default=None, kw_only=True)
    indexes: tuple[str, ...] = ()
    compound: tuple[tuple[str, ...], ...] = ()
    personal: tuple[str, ...] = ()
    blind: tuple[str, ...] = ()
    keep_decoded: bool = False

    def __attrs_post_init__(self) -> None:
        if self.where is not None:
            declared = tuple(self.where.__annotations__)
            if self.indexes and set(self.indexes) != set(declared):
                raise ValueError(f"indexes {self.indexes!r} differ from {self.where.__name__}")
            object.__setattr__(self, "indexes", declared)  # the query type is the declaration
        if not self.name.isidentifier() or not self.name.islower():
            raise ValueError(f"collection name must be a lower-case identifier: {self.name!r}")
        fields = {f.name for f in attrs.fields(self.type)}  # type: ignore[arg-type]
        missing = {"id", "version", *self.indexes} - fields
        if missing:
            raise ValueError(f"{self.type.__name__} lacks fields {sorted(missing)}")
        for group in self.compound:
            if len(group) < 2 or not set(group) <= set(self.indexes):
                raise ValueError(f"compound index {group!r} needs two or more indexed fields")
            if set(group) & set(self.blind):
                raise ValueError(f"compound index {group!r} orders on a blind field")
        if not set(self.personal) <= fields:
            raise ValueError(f"{self.type.__name__} lacks personal fields {self.personal!r}")
        if not set(self.blind) <= {"id", *self.indexes} or not set(self.blind) <= set(
            self.personal
        ):
            raise ValueError(f"blind fields {self.blind!r} must be indexed personal fields")


class Repository(Protocol[T, W_contra]):
    """The aggregates of one collection, as seen by one unit of work."""

    def get(self, id: str) -> T:
        """The aggregate ``id``; raises ``NotFound``."""
        ...

    def find(self, id: str) -> T | None:
        """The aggregate ``id`` or ``None``."""
        ...

    def add(self, item: T) -> T:
        """Stage a new aggregate; returns it at version 1 (``Conflict`` if the id exists)."""
        ...

    def update(self, item: T) -> T:
        """Stage a change; ``item.version`` must be the stored one. Returns version + 1."""
        ...

    def query(
        self,
        where: W_contra | None = None,
        *,
        between: Between | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[T]:
        """Aggregates matching ``where`` and ``between``, ordered by an indexed field."""
        ...

    def count(self, where: W_contra | None = None, *, between: Between | None = None) -> int:
        """How many aggregates match ``where`` and ``between``."""
        ...

    def values(
        self,
        fields: tuple[str, ...],
        where: W_contra | None = None,
        *,
        between: Between | None = None,
    ) -> list[tuple[str | int | None, ...]]:
        """The stored index values of ``fields`` (indexed names or ``"id"``) per match.

        Reads index columns only, never decoding an aggregate: the way to aggregate over
        many rows (reports). Values are as stored: text, integers (booleans as 0/1),
        ``None``; times as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC. Rows come ordered by id.
        """
        ...

    def tally(
        self,
        by: tuple[str, ...] = (),
        where: Mapping[str, Any] | None = None,
        *,
        between: Between | None = None,
    ) -> dict[tuple[str | int | None, ...], int]:
        """How many aggregates match, grouped by the stored values of ``by`` (indexed names).

        ``{(value of each by-field, …): count}`` without empty groups; no grouping gives
        ``{(): total}``. Like ``values``, it never decodes an aggregate (an engine answers
        it with one grouped query): the figures of a report. Blind fields cannot group.
        """
        ...


class JournalDraftLike(Protocol):
    """A journal entry waiting for its sequence number."""

    def encode(self, seq: int) -> bytes:
        """The entry's canonical bytes once numbered ``seq``."""
        ...


class JournalStore(Protocol):
    """The append-only journal; sequence numbers are assigned at commit, gap-free."""

    def append(self, draft: JournalDraftLike) -> None:
        """Stage an entry; it is numbered and written by ``commit()``."""
        ...

    def size(self) -> int:
        """How many committed entries there are."""
        ...

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, bytes]]:
        """Committed entries ``start <= seq < stop`` in order, as stored."""
        ...

    def add_head(self, size: int, data: bytes) -> None:
        """Stage a signed tree head covering the first ``size`` entries."""
        ...

    def latest_head(self) -> tuple[int, bytes] | None:
        """The most recent committed signed tree head."""
        ...

    def heads(self) -> list[tuple[int, bytes]]:
        """Every committed signed tree head, oldest first."""
        ...


class UnitOfWork(Protocol):
    """One atomic change: aggregates, journal entries and outgoing messages, or nothing."""

    journal: JournalStore
    """The journal, written in the same transaction as the aggregates."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def repository(self, collection: Collection[T, W]) -> Repository[T, W]:
        """The repository of ``collection`` inside this unit of work."""
        ...

    def record(self, *events: object) -> None:
        """Keep domain events to publish once the commit succeeds."""
        ...

    def commit(self) -> None:
        """Apply every staged write atomically; ``Conflict`` if someone was first."""
        ...

    def rollback(self) -> None:
        """Discard every staged write."""
        ...

    @property
    def events(self) -> list[object]:
        """Events recorded and committed, ready to publish."""
        ...


class Storage(Protocol):
    """A storage engine: hands out units of work."""

    capabilities: frozenset[str]
    """Optional features by name (``transactions``…); contract tests skip by them.

    ``local_reads``: a read is served from this process's memory or a local file and
    never waits on a writer or a network (memory; SQLite in WAL mode). A host may then
    run reads where waiting is not allowed (the web host's event loop, docs/web.md).
    """

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work."""
        ...

    def close(self) -> None:
        """Release connections and files."""
        ...
