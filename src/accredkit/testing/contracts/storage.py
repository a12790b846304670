"""The contract suite for ``Storage`` adapters: a mixin run on any implementation.

Subclass it in your own test module and provide its fixture::

    class TestMyStorage(StorageContract[MyStorage]):
        @pytest.fixture
        def storage(self, tmp_path): yield MyStorage(tmp_path / "db")

Tests that need an optional feature skip by *capability* (``storage.capabilities``),
never by adapter name. ``storage_machine(factory)`` gives a hypothesis state machine
that runs your storage in lock step with the in-memory reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import attrs
import pytest

from accredkit.errors import Conflict, NotFound, ValidationError
from accredkit.ports.storage import Collection, Storage
from accredkit.testing.contracts._storage_journal import (
    StorageJournalContract,
    TextDraft,
    requires,
)
from accredkit.testing.specimens import SPECIMENS, Colour, Specimen, specimen

__all__ = ["StorageContract", "TextDraft", "requires"]

S = TypeVar("S", bound=Storage)


class StorageContract(StorageJournalContract[S]):
    """What every storage engine must do (docs/architecture.md, the storage port)."""

    @pytest.fixture
    def storage(self) -> Iterator[S]:
        """Yield a fresh, empty storage; override in your test class."""
        raise NotImplementedError("provide a `storage` fixture yielding an empty storage")

    def test_added_aggregate_reads_back_equal_at_version_1(self, storage: S) -> None:
        item = specimen("s1")
        with storage.unit_of_work() as uow:
            stored = uow.repository(SPECIMENS).add(item)
            uow.commit()
        assert stored.version == 1
        with storage.unit_of_work() as uow:
            assert uow.repository(SPECIMENS).get("s1") == attrs.evolve(item, version=1)

    def test_uncommitted_work_is_rolled_back_by_default(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1"))
            uow.journal.append(TextDraft("lost"))
        with storage.unit_of_work() as uow:
            assert uow.repository(SPECIMENS).find("s1") is None
            assert uow.journal.size() == 0

    def test_error_inside_unit_of_work_leaves_nothing(self, storage: S) -> None:
        def fail_midway() -> None:
            with storage.unit_of_work() as uow:
                uow.repository(SPECIMENS).add(specimen("s1"))
                uow.journal.append(TextDraft("lost"))
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            fail_midway()
        with storage.unit_of_work() as uow:
            assert uow.repository(SPECIMENS).count() == 0

    def test_get_of_unknown_id_raises_not_found(self, storage: S) -> None:
        with storage.unit_of_work() as uow, pytest.raises(NotFound):
            uow.repository(SPECIMENS).get("missing")

    def test_duplicate_add_is_a_conflict(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1"))
            uow.commit()
        with storage.unit_of_work() as uow, pytest.raises(Conflict):
            uow.repository(SPECIMENS).add(specimen("s1"))

    def test_update_bumps_version_and_stale_update_conflicts(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            first = uow.repository(SPECIMENS).add(specimen("s1"))
            uow.commit()
        with storage.unit_of_work() as uow:
            second = uow.repository(SPECIMENS).update(attrs.evolve(first, rank=5))
            uow.commit()
        assert second.version == 2
        with storage.unit_of_work() as uow, pytest.raises(Conflict):
            uow.repository(SPECIMENS).update(attrs.evolve(first, rank=6))

    def test_two_units_of_work_racing_exactly_one_commits(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1"))
            uow.commit()
        a, b = storage.unit_of_work(), storage.unit_of_work()
        with a, b:
            item_a = a.repository(SPECIMENS).get("s1")
            item_b = b.repository(SPECIMENS).get("s1")
            a.repository(SPECIMENS).update(attrs.evolve(item_a, rank=1, note="a"))
            a.journal.append(TextDraft("a"))
            b.repository(SPECIMENS).update(attrs.evolve(item_b, rank=2, note="b"))
            b.repository(SPECIMENS).add(specimen("s2"))
            b.journal.append(TextDraft("b"))
            a.commit()
            with pytest.raises(Conflict):
                b.commit()
        with storage.unit_of_work() as uow:
            final = uow.repository(SPECIMENS).get("s1")
            assert (final.rank, final.note, final.version) == (1, "a", 2)
            assert uow.repository(SPECIMENS).find("s2") is None  # nothing half-written
            assert list(uow.journal.read()) == [(0, b"0:a")]

    def test_query_filters_orders_and_pages(self, storage: S) -> None:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            for i in range(10):
                repo.add(
                    specimen(
                        f"s{i}",
                        owner="alice" if i % 2 else "bob",
                        rank=i,
                        seen_at=base + timedelta(hours=9 - i),
                        colour=Colour.GREEN if i < 5 else Colour.BLUE,
                    )
                )
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            alice = repo.query({"owner": "alice"}, order_by="rank")
            assert [s.rank for s in alice] == [1, 3, 5, 7, 9]
            newest = repo.query(order_by="seen_at", descending=True, limit=3)
            assert [s.rank for s in newest] == [0, 1, 2]
            page = repo.query({"colour": Colour.BLUE}, order_by="rank", limit=2, offset=1)
            assert [s.rank for s in page] == [6, 7]
            assert repo.count({"owner": "bob", "colour": Colour.GREEN}) == 3

    def test_ties_are_ordered_by_id_in_the_query_direction(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            for id_ in ("b", "a", "c"):
                uow.repository(SPECIMENS).add(specimen(id_, rank=1))
            uow.repository(SPECIMENS).add(specimen("z", rank=0, seen_at=None))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            assert [s.id for s in repo.query(order_by="rank")] == ["z", "a", "b", "c"]
            down = repo.query(order_by="rank", descending=True)
            assert [s.id for s in down] == ["c", "b", "a", "z"]
            by_time = repo.query(order_by="seen_at")
            assert by_time[0].id == "z"  # no time sorts first, as SQL orders NULLs

    def test_between_is_half_open_and_skips_missing_values(self, storage: S) -> None:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        with storage.unit_of_work() as uow:
            for i in range(6):
                uow.repository(SPECIMENS).add(
                    specimen(f"s{i}", rank=i, seen_at=base + timedelta(days=i))
                )
            uow.repository(SPECIMENS).add(specimen("none", rank=9, seen_at=None))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            period = ("seen_at", base + timedelta(days=1), base + timedelta(days=4))
            assert [s.id for s in repo.query(between=period)] == ["s1", "s2", "s3"]
            assert repo.count(between=period) == 3
            assert repo.count(between=("seen_at", None, None)) == 6
            assert [s.rank for s in repo.query(between=("rank", 4, None), order_by="rank")] == [
                4,
                5,
                9,
            ]
            assert [s.rank for s in repo.query(between=("rank", None, 2))] == [0, 1]
            assert repo.count(between=("rank", 3, 3)) == 0

    def test_between_combines_with_where_order_and_limit(self, storage: S) -> None:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        with storage.unit_of_work() as uow:
            for i in range(10):
                uow.repository(SPECIMENS).add(
                    specimen(
                        f"s{i}",
                        owner="alice" if i % 2 else "bob",
                        rank=i,
                        seen_at=base + timedelta(hours=i),
                    )
                )
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            found = repo.query(
                {"owner": "alice"},
                between=("seen_at", base + timedelta(hours=2), base + timedelta(hours=9)),
                order_by="rank",
                descending=True,
                limit=2,
            )
            assert [s.rank for s in found] == [7, 5]
            assert repo.count({"owner": "bob"}, between=("rank", 2, 7)) == 3

    def test_between_bound_of_another_kind_matches_nothing(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1", rank=1, owner="alice"))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            assert repo.count(between=("rank", "0", None)) == 0
            assert repo.count(between=("owner", None, 5)) == 0
            with pytest.raises(ValueError, match="one kind"):
                repo.count(between=("rank", 0, "9"))
            with pytest.raises(ValidationError):
                repo.count(between=("note", "a", "b"))

    def test_values_reads_index_values_ordered_by_id(self, storage: S) -> None:
        seen = datetime(2026, 3, 1, 12, 0, 5, 250, tzinfo=UTC)
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            repo.add(specimen("b", rank=2, colour=Colour.BLUE, flag=True, seen_at=seen))
            repo.add(specimen("a", rank=1, seen_at=None))
            repo.add(specimen("c", rank=3, owner="bob"))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            rows = repo.values(("id", "rank", "colour", "flag", "seen_at"), {"owner": "alice"})
            assert rows == [
                ("a", 1, "red", 0, None),
                ("b", 2, "blue", 1, "2026-03-01T12:00:05.000250Z"),
            ]
            assert repo.values(("id",), between=("rank", 2, None)) == [("b",), ("c",)]
            with pytest.raises(ValidationError):
                repo.values(("note",))

    def test_ranges_and_values_see_own_staged_writes(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1", rank=1))
            uow.repository(SPECIMENS).add(specimen("s2", rank=2))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            repo.add(specimen("s0", rank=5))
            repo.update(attrs.evolve(repo.get("s1"), rank=8))
            assert [s.id for s in repo.query(between=("rank", 2, 9))] == ["s0", "s1", "s2"]
            assert repo.values(("id", "rank"), between=("rank", 3, None)) == [
                ("s0", 5),
                ("s1", 8),
            ]
            assert repo.count(between=("rank", None, 3)) == 1

    def test_compound_indexes_change_no_result(self, storage: S) -> None:
        queue = Collection(
            "queued_specimens",
            Specimen,
            indexes=("owner", "seen_at", "rank"),
            compound=(("owner", "seen_at"),),
        )
        base = datetime(2026, 1, 1, tzinfo=UTC)
        with storage.unit_of_work() as uow:
            for i in range(8):
                seen = None if i == 4 else base + timedelta(hours=i % 4)
                owner = "alice" if i % 3 else "bob"
                uow.repository(queue).add(specimen(f"q{i}", owner=owner, seen_at=seen))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(queue)
            up = repo.query({"owner": "alice"}, order_by="seen_at", limit=3)
            down = repo.query({"owner": "alice"}, order_by="seen_at", descending=True)
        assert [s.id for s in up] == ["q4", "q1", "q5"]
        assert [s.id for s in down] == ["q7", "q2", "q5", "q1", "q4"]

    def test_tally_counts_groups_within_a_half_open_range(self, storage: S) -> None:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        items = [
            specimen(
                f"t{i}",
                owner="alice" if i % 2 else "bob",
                colour=Colour.GREEN if i % 3 else Colour.BLUE,
                flag=i == 5,
                seen_at=None if i == 4 else base + timedelta(days=i),
            )
            for i in range(12)
        ]
        with storage.unit_of_work() as uow:
            for item in items:
                uow.repository(SPECIMENS).add(item)
            uow.commit()
        since, until = base + timedelta(days=2), base + timedelta(days=9)
        expected: dict[tuple[str | int | None, ...], int] = {}
        for item in items:
            if item.flag or item.seen_at is None or not since <= item.seen_at < until:
                continue
            key = (item.owner, item.colour.value)
            expected[key] = expected.get(key, 0) + 1
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            found = repo.tally(
                ("owner", "colour"), {"flag": False}, between=("seen_at", since, until)
            )
            assert found == expected
            assert repo.tally() == {(): 12}
            assert repo.tally(("flag",), between=("seen_at", None, None)) == {(0,): 10, (1,): 1}
            assert repo.tally(where={"owner": "nobody"}) == {}
            with pytest.raises(ValidationError):
                repo.tally(("note",))

    def test_tally_sees_what_the_unit_of_work_staged(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            for i in range(3):
                uow.repository(SPECIMENS).add(specimen(f"u{i}", owner="alice"))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            repo.add(specimen("u9", owner="bob"))
            repo.update(attrs.evolve(repo.get("u0"), owner="bob"))
            assert repo.tally(("owner",)) == {("alice",): 2, ("bob",): 2}
            assert repo.tally() == {(): 4}
            uow.rollback()
        with storage.unit_of_work() as uow:
            assert uow.repository(SPECIMENS).tally(("owner",)) == {("alice",): 3}

    def test_query_on_unindexed_field_is_refused(self, storage: S) -> None:
        with storage.unit_of_work() as uow, pytest.raises(ValidationError):
            uow.repository(SPECIMENS).query({"note": "x"})

    def test_query_sees_own_staged_writes(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1", rank=1))
            uow.commit()
        with storage.unit_of_work() as uow:
            repo = uow.repository(SPECIMENS)
            repo.add(specimen("s2", rank=0))
            repo.update(attrs.evolve(repo.get("s1"), rank=7))
            assert [(s.id, s.rank) for s in repo.query(order_by="rank")] == [("s2", 0), ("s1", 7)]
            assert repo.count({"rank": 7}) == 1
