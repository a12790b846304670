"""Decoded rows kept per engine: reused only for the very same stored row, dropped on write."""

from __future__ import annotations

from pathlib import Path

import attrs

from accredkit.adapters.storage._decoded import DecodedRows
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.testing.specimens import SPECIMENS, specimen


class Decoder:
    """Counts how often a row is really decoded."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return object()


def test_the_same_row_is_decoded_once() -> None:
    rows, decode, key = DecodedRows(), Decoder(), object()
    first = rows.decoded("c", "r1", 3, '{"a": 1}', key, decode)
    assert rows.decoded("c", "r1", 3, '{"a": 1}', key, decode) is first
    assert decode.calls == 1


def test_another_version_text_or_key_decodes_again() -> None:
    rows, decode, key = DecodedRows(), Decoder(), object()
    rows.decoded("c", "r1", 3, '{"a": 1}', key, decode)
    rows.decoded("c", "r1", 4, '{"a": 1}', key, decode)
    rows.decoded("c", "r1", 4, '{"a": 2}', key, decode)
    rows.decoded("c", "r1", 4, '{"a": 2}', object(), decode)
    rows.decoded("other", "r1", 4, '{"a": 2}', key, decode)
    assert decode.calls == 5


def test_the_least_recently_read_row_is_dropped_past_the_bound() -> None:
    rows, decode = DecodedRows(size=2), Decoder()
    for row in ("r1", "r2", "r1", "r3"):
        rows.decoded("c", row, 1, "{}", None, decode)
    assert len(rows) == 2
    rows.decoded("c", "r1", 1, "{}", None, decode)  # kept: read after r2
    assert decode.calls == 3
    rows.decoded("c", "r2", 1, "{}", None, decode)  # dropped
    assert decode.calls == 4


def test_a_committed_write_forgets_the_row(tmp_path: Path) -> None:
    storage = SqliteStorage(tmp_path / "cabinet.db")
    try:
        with storage.unit_of_work() as uow:
            uow.repository(SPECIMENS).add(specimen("s1", note="before"))
            uow.commit()
        with storage.unit_of_work() as uow:
            first = uow.repository(SPECIMENS).get("s1")
            assert uow.repository(SPECIMENS).get("s1") is first  # reused
            uow.repository(SPECIMENS).update(attrs.evolve(first, note="after"))
            assert uow.repository(SPECIMENS).get("s1").note == "after"  # the staged change
            uow.commit()
        assert len(storage._engine.decoded) == 0  # the written row is forgotten
        with storage.unit_of_work() as uow:
            again = uow.repository(SPECIMENS).get("s1")
        assert (again.note, again.version) == ("after", 2)
    finally:
        storage.close()
