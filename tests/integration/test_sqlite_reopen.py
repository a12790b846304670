"""Reopening a SQLite database: nothing is written when it is current, and a collection
that gained an index since gets its column, backfilled (``adapters/storage/sqlite.py``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.ports.storage import Collection
from tests.support.durability import RECORDS, Record


def _write(path: Path) -> None:
    storage = SqliteStorage(path)
    try:
        with storage.unit_of_work() as uow:
            uow.repository(RECORDS).add(Record("r1", owner="ann", amount=3))
            uow.repository(RECORDS).add(Record("r2", owner="bob", amount=5))
            uow.commit()
    finally:
        storage.close()


def test_reading_a_current_database_commits_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.db"
    _write(path)
    watcher = sqlite3.connect(path)
    try:
        before = watcher.execute("PRAGMA data_version").fetchone()[0]
        storage = SqliteStorage(path)
        try:
            with storage.unit_of_work() as uow:
                found = uow.repository(RECORDS).query({"owner": "ann"})
        finally:
            storage.close()
        after = watcher.execute("PRAGMA data_version").fetchone()[0]
    finally:
        watcher.close()
    assert [r.id for r in found] == ["r1"]
    assert after == before  # no other connection committed anything


def test_a_collection_that_gained_an_index_is_backfilled_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.db"
    _write(path)
    wider = Collection(RECORDS.name, Record, indexes=(*RECORDS.indexes, "amount"))
    storage = SqliteStorage(path)
    try:
        with storage.unit_of_work() as uow:
            found = uow.repository(wider).query({"amount": 5})
    finally:
        storage.close()
    assert [r.id for r in found] == ["r2"]
    conn = sqlite3.connect(path)
    try:
        stored = conn.execute(
            "SELECT indexes FROM collections WHERE name = ?", (RECORDS.name,)
        ).fetchone()
    finally:
        conn.close()
    assert stored == ("owner,amount",)


def test_a_new_database_gets_its_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    _write(path)
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"schema_version", "journal", "collections", "c_durable_records"} <= tables
