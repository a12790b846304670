"""A hypothesis state machine that runs a storage in lock step with the memory reference.

Every rule does the same thing to both; results, errors and the full contents must
agree after every step. Use it from a test module::

    TestMyStorageMachine = storage_machine(lambda: MyStorage(...)).TestCase
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.errors import AccredkitError
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.testing.contracts.storage import TextDraft
from accredkit.testing.specimens import SPECIMENS, Colour, specimen

__all__ = ["storage_machine"]

_IDS = st.sampled_from([f"s{i}" for i in range(6)])
_OWNERS = st.sampled_from(["alice", "bob", "клиника"])
_TIMES = st.integers(0, 3).map(lambda h: datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h))
_NOTES = st.text(max_size=12)
_OPS = st.lists(
    st.tuples(st.sampled_from(["add", "update"]), _IDS, st.integers(-2, 2), _OWNERS),
    min_size=1,
    max_size=4,
)

Outcome = tuple[str, Any]


def _outcome(action: Callable[[], Any]) -> Outcome:
    try:
        return ("ok", action())
    except AccredkitError as error:
        return ("error", type(error).__name__)


def _bounds(field: str, low: int | None, width: int | None) -> tuple[str, Any, Any]:
    """A range on ``field`` from small integers: ranks, hours of the day, owner names."""

    def at(n: int | None) -> Any:
        if n is None:
            return None
        if field == "rank":
            return n
        if field == "seen_at":
            return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n)
        return ["alice", "bob", "клиника"][n % 3]

    high = None if width is None else (low or 0) + width
    return (field, at(low), at(high))


def storage_machine(factory: Callable[[], Storage]) -> type[RuleBasedStateMachine]:
    """A state machine class comparing ``factory()`` with ``MemoryStorage``."""

    class StorageMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.subject = factory()
            self.model: Storage = MemoryStorage()

        def teardown(self) -> None:
            self.subject.close()

        def both(self, action: Callable[[UnitOfWork], Any]) -> Any:
            results = []
            for storage in (self.model, self.subject):
                with storage.unit_of_work() as uow:

                    def run(uow: UnitOfWork = uow) -> Any:
                        return action(uow)

                    results.append(_outcome(run))
            assert results[0] == results[1], f"model {results[0]!r} != subject {results[1]!r}"
            return results[0]

        @rule(id=_IDS, owner=_OWNERS, rank=st.integers(-2, 2), seen=_TIMES, note=_NOTES)
        def add(self, id: str, owner: str, rank: int, seen: datetime, note: str) -> None:
            def action(uow: UnitOfWork) -> Any:
                stored = uow.repository(SPECIMENS).add(
                    specimen(id, owner=owner, rank=rank, seen_at=seen, note=note)
                )
                uow.commit()
                return stored

            self.both(action)

        @rule(id=_IDS, rank=st.integers(-2, 2), colour=st.sampled_from(Colour), flag=st.booleans())
        def update(self, id: str, rank: int, colour: Colour, flag: bool) -> None:
            def action(uow: UnitOfWork) -> Any:
                repo = uow.repository(SPECIMENS)
                stored = repo.update(
                    attrs.evolve(repo.get(id), rank=rank, colour=colour, flag=flag)
                )
                uow.commit()
                return stored

            self.both(action)

        @rule(id=_IDS, rank=st.integers(-2, 2))
        def stale_update_conflicts(self, id: str, rank: int) -> None:
            for storage in (self.model, self.subject):
                with storage.unit_of_work() as reader:
                    current = reader.repository(SPECIMENS).find(id)
                    if current is None:
                        continue
                    with storage.unit_of_work() as winner:
                        repo = winner.repository(SPECIMENS)
                        repo.update(attrs.evolve(repo.get(id), rank=rank))
                        winner.commit()
                    stale = attrs.evolve(current, rank=rank + 1)

                    def run(reader: UnitOfWork = reader, stale: Any = stale) -> Any:
                        return reader.repository(SPECIMENS).update(stale)

                    outcome = _outcome(run)
                    assert outcome == ("error", "Conflict")

        @rule(ops=_OPS, commit=st.booleans(), text=_NOTES)
        def batch(self, ops: list[tuple[str, str, int, str]], commit: bool, text: str) -> None:
            def action(uow: UnitOfWork) -> Any:
                repo = uow.repository(SPECIMENS)
                for kind, id, rank, owner in ops:
                    if kind == "add":
                        repo.add(specimen(id, rank=rank, owner=owner))
                    else:
                        repo.update(attrs.evolve(repo.get(id), rank=rank, owner=owner))
                uow.journal.append(TextDraft(text))
                seen = repo.query(order_by="rank")
                if commit:
                    uow.commit()
                return seen

            self.both(action)

        @rule(text=_NOTES)
        def append(self, text: str) -> None:
            def action(uow: UnitOfWork) -> Any:
                uow.journal.append(TextDraft(text))
                uow.commit()
                return uow.journal.size()

            self.both(action)

        @rule(
            owner=st.none() | _OWNERS,
            order_by=st.none() | st.sampled_from(SPECIMENS.indexes),
            descending=st.booleans(),
            limit=st.none() | st.integers(0, 4),
            offset=st.integers(0, 3),
        )
        def query(
            self,
            owner: str | None,
            order_by: str | None,
            descending: bool,
            limit: int | None,
            offset: int,
        ) -> None:
            where = {} if owner is None else {"owner": owner}
            self.both(
                lambda uow: uow.repository(SPECIMENS).query(
                    where, order_by=order_by, descending=descending, limit=limit, offset=offset
                )
            )

        @rule(
            field=st.sampled_from(["rank", "seen_at", "owner"]),
            low=st.none() | st.integers(-3, 3),
            width=st.none() | st.integers(0, 4),
            owner=st.none() | _OWNERS,
            order_by=st.none() | st.sampled_from(SPECIMENS.indexes),
            descending=st.booleans(),
            limit=st.none() | st.integers(0, 4),
        )
        def ranged(
            self,
            field: str,
            low: int | None,
            width: int | None,
            owner: str | None,
            order_by: str | None,
            descending: bool,
            limit: int | None,
        ) -> None:
            between = _bounds(field, low, width)
            where = {} if owner is None else {"owner": owner}
            self.both(
                lambda uow: (
                    uow.repository(SPECIMENS).query(
                        where,
                        between=between,
                        order_by=order_by,
                        descending=descending,
                        limit=limit,
                    ),
                    uow.repository(SPECIMENS).count(where, between=between),
                    uow.repository(SPECIMENS).values(
                        ("id", *SPECIMENS.indexes), where, between=between
                    ),
                    uow.repository(SPECIMENS).tally(("colour", "flag"), where, between=between),
                    uow.repository(SPECIMENS).tally(where=where, between=between),
                )
            )

        @invariant()
        def same_contents(self) -> None:
            self.both(
                lambda uow: (
                    uow.repository(SPECIMENS).query(),
                    uow.repository(SPECIMENS).count(),
                    list(uow.journal.read()),
                )
            )

    return StorageMachine
