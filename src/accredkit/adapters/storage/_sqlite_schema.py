"""The SQLite schema: the core tables by version, one table per collection, index columns.

A current database is only read when it is opened (no write lock, no ``fsync``); what is
missing is made under ``BEGIN IMMEDIATE`` (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from accredkit.adapters.storage._rows import decode_row, stored_index
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.errors import PortUnavailable
from accredkit.ports.storage import Collection

__all__ = [
    "SCHEMA_VERSION",
    "create_table",
    "in_place",
    "load_sql",
    "migrate",
    "sql_column",
    "sql_quote",
    "sql_table",
    "stored_version",
]

# Each step moves the core schema one version up; collection tables are made on demand.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE journal (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)",
        "CREATE TABLE journal_heads (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " size INTEGER NOT NULL, data BLOB NOT NULL)",
        "CREATE TABLE collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)


@functools.lru_cache(maxsize=1024)  # names come from the code; every staged write asks
def sql_quote(name: str) -> str:
    if not name.replace("_", "a").isalnum() or not name.isascii():
        raise ValueError(f"unsafe SQL identifier {name!r}")
    return f'"{name}"'


def sql_table(collection: Collection[Any]) -> str:
    return sql_quote(f"c_{collection.name}")


@functools.cache  # the statement every read by id runs
def load_sql(name: str) -> str:
    return f"SELECT version, data FROM {sql_quote(f'c_{name}')} WHERE id = ?"  # noqa: S608


def sql_column(field: str) -> str:
    return sql_quote(f"ix_{field}")


def stored_version(conn: sqlite3.Connection) -> int | None:
    """The schema version the database records, read without a lock (``None``: new)."""
    try:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.OperationalError:  # no such table: a database never opened
        return None
    return None if row is None else int(row[0])


def in_place(conn: sqlite3.Connection, collection: Collection[Any]) -> bool:
    """Whether the collection's table, index columns, indexes and record all exist.

    Read without a lock, so a process that opens a database made before writes nothing
    (a write transaction per collection is an ``fsync`` each, on every command);
    anything missing is made under ``BEGIN IMMEDIATE`` as before.
    """
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({sql_table(collection)})")}
    if not have or any(f"ix_{field}" not in have for field in collection.indexes):
        return False
    wanted = {f"i_{collection.name}_{field}" for field in collection.indexes}
    wanted |= {f"i_{collection.name}_{'__'.join(group)}" for group in collection.compound}
    indexes = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
        (f"c_{collection.name}",),
    )
    if not wanted <= {row[0] for row in indexes}:
        return False
    found = conn.execute(
        "SELECT indexes FROM collections WHERE name = ?", (collection.name,)
    ).fetchone()
    return found is not None and found[0] == ",".join(collection.indexes)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the core schema to ``SCHEMA_VERSION``; a current database is only read."""
    if stored_version(conn) == SCHEMA_VERSION:
        return  # current: opening takes no write lock and no fsync (docs/benchmarks.md)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        current = 0 if row is None else int(row[0])
        if current > SCHEMA_VERSION:
            raise PortUnavailable(
                f"database schema {current} is newer than this accredkit ({SCHEMA_VERSION})",
                code="storage.schema_too_new",
            )
        for step in _MIGRATIONS[current:]:
            for statement in step:
                conn.execute(statement)
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def create_table(
    conn: sqlite3.Connection, collection: Collection[Any], protection: FieldProtection | None
) -> None:
    """Make the collection's table, index columns (filled in for rows already there) and
    indexes, and record them, under ``BEGIN IMMEDIATE``."""
    table = sql_table(collection)
    conn.execute("BEGIN IMMEDIATE")
    try:
        columns = "".join(f", {sql_column(f)}" for f in collection.indexes)
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY,"
            f" version INTEGER NOT NULL, data TEXT NOT NULL{columns})"
        )
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for field in collection.indexes:
            if f"ix_{field}" not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {sql_column(field)}")
                _backfill(conn, collection, field, protection)
            name = sql_quote(f"i_{collection.name}_{field}")
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({sql_column(field)}, id)")
        for group in collection.compound:
            name = sql_quote(f"i_{collection.name}_{'__'.join(group)}")
            columns = ", ".join(sql_column(f) for f in group)
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}, id)")
        conn.execute(
            "INSERT OR REPLACE INTO collections VALUES (?, ?)",
            (collection.name, ",".join(collection.indexes)),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _backfill(
    conn: sqlite3.Connection,
    collection: Collection[Any],
    field: str,
    protection: FieldProtection | None,
) -> None:
    table = sql_table(collection)
    rows = conn.execute(f"SELECT id, data FROM {table}").fetchall()  # noqa: S608
    for id_, data in rows:
        item = decode_row(collection, id_, data, protection)
        conn.execute(
            f"UPDATE {table} SET {sql_column(field)} = ? WHERE id = ?",  # noqa: S608
            (stored_index(collection, field, getattr(item, field), protection), id_),
        )
