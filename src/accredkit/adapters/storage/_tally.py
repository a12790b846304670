"""Grouped counts over a range: what a period report asks of storage.

``Storage.tally`` is optional (capability ``tally``). It counts committed aggregates
grouped by indexed fields, optionally filtered by equality and by a half-open range
``since <= field < until`` on one indexed field, without loading a single aggregate — so
an engine answers it with one indexed SQL query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from accredkit.adapters.storage._rows import IndexValue, index_value
from accredkit.adapters.storage._staging import _check_where
from accredkit.ports.storage import Collection

__all__ = ["Tallies", "Tally", "TallyEngine", "TallyRequest", "count_rows"]

Tally = dict[tuple[IndexValue, ...], int]


@attrs.frozen
class TallyRequest:
    """A checked tally: fields are indexed, values are index primitives."""

    by: tuple[str, ...]
    where: dict[str, IndexValue]
    field: str | None
    since: IndexValue
    until: IndexValue

    @classmethod
    def of(
        cls,
        collection: Collection[Any],
        by: Sequence[str],
        where: Mapping[str, Any] | None,
        field: str | None,
        since: object,
        until: object,
    ) -> TallyRequest:
        """Check the fields against ``collection`` and convert the values.

        Raises:
            ValidationError: a field is not indexed.
        """
        filters = {k: index_value(v) for k, v in (where or {}).items()}
        _check_where(collection, filters, "filter")
        blind = set(collection.blind) & {*filters, *by, field}
        if blind:  # a keyed hash neither groups nor bounds meaningfully
            raise ValueError(f"cannot tally on blind fields {sorted(blind)}")
        _check_where(collection, dict.fromkeys(by), "group")
        if field is not None:
            _check_where(collection, {field: None}, "range")
        return cls(tuple(by), filters, field, index_value(since), index_value(until))

    def matches(self, row: Mapping[str, IndexValue]) -> bool:
        """Whether a row of index values falls in the tally (the reference semantics)."""
        if any(row.get(k) != v for k, v in self.where.items()):
            return False
        if self.field is None:
            return True
        value = row.get(self.field)
        if value is None:
            return False
        if self.since is not None and value < self.since:  # type: ignore[operator]
            return False
        return not (self.until is not None and value >= self.until)  # type: ignore[operator]


def count_rows(rows: Iterable[Mapping[str, IndexValue]], request: TallyRequest) -> Tally:
    """The tally of ``rows`` computed in Python."""
    counts: Counter[tuple[IndexValue, ...]] = Counter(
        tuple(row.get(f) for f in request.by) for row in rows if request.matches(row)
    )
    return dict(counts)


class TallyEngine(Protocol):
    """An engine that answers a checked tally (one query, or a pass in memory)."""

    def tally(self, collection: Collection[Any], request: TallyRequest) -> Tally:
        """The counts ``request`` asks for."""
        ...


class Tallies:
    """``Storage.tally`` for a storage whose ``_engine`` is a ``TallyEngine``."""

    _engine: TallyEngine

    def tally(
        self,
        collection: Collection[Any],
        by: Sequence[str] = (),
        *,
        where: Mapping[str, Any] | None = None,
        field: str | None = None,
        since: object = None,
        until: object = None,
    ) -> Tally:
        """Committed aggregates counted by ``by``, without loading one aggregate.

        Args:
            collection: what to count.
            by: indexed fields to group by (none: one total).
            where: equality filters on indexed fields.
            field: an indexed field to bound by ``since <= field < until``; rows where
                it is empty are left out.
            since: lower bound (inclusive), or ``None``.
            until: upper bound (exclusive), or ``None``.

        Returns:
            ``{(value of each by-field, …): count}``, without empty groups.
        """
        request = TallyRequest.of(collection, by, where, field, since, until)
        return self._engine.tally(collection, request)
