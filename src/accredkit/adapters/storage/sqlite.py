"""SQLite storage: the embedded default for one machine.

WAL journal, ``synchronous=FULL`` (an acknowledged commit survives power loss),
``BEGIN IMMEDIATE`` for every write batch so writers are serialised across processes,
a schema version table, and one table per collection with indexed columns.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from accredkit._private_files import create_private_file
from accredkit.adapters.storage._engine import Engine, IndexRange, Row, Write
from accredkit.adapters.storage._rows import IndexValue, decode_row, stored_index
from accredkit.adapters.storage._staging import StagedUnitOfWork
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.errors import Conflict, PortUnavailable
from accredkit.ports.storage import Collection, JournalDraftLike

__all__ = ["PRAGMAS", "SCHEMA_VERSION", "SqliteStorage"]

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
)

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
def _quote(name: str) -> str:
    if not name.replace("_", "a").isalnum() or not name.isascii():
        raise ValueError(f"unsafe SQL identifier {name!r}")
    return f'"{name}"'


def _table(collection: Collection[Any]) -> str:
    return _quote(f"c_{collection.name}")


@functools.cache  # the statement every read by id runs
def _load_sql(name: str) -> str:
    return f"SELECT version, data FROM {_quote(f'c_{name}')} WHERE id = ?"  # noqa: S608


def _column(field: str) -> str:
    return _quote(f"ix_{field}")


def _stored_version(conn: sqlite3.Connection) -> int | None:
    """The schema version the database records, read without a lock (``None``: new)."""
    try:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.OperationalError:  # no such table: a database never opened
        return None
    return None if row is None else int(row[0])


def _in_place(conn: sqlite3.Connection, collection: Collection[Any]) -> bool:
    """Whether the collection's table, index columns, indexes and record all exist.

    Read without a lock, so a process that opens a database made before writes nothing
    (a write transaction per collection is an ``fsync`` each, on every command);
    anything missing is made under ``BEGIN IMMEDIATE`` as before.
    """
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({_table(collection)})")}
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


class _SqliteEngine(Engine):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._known: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}
        self._known_lock = threading.Lock()
        self._all: list[sqlite3.Connection] = []
        self._migrate()

    # connections -----------------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=30
                )
            except sqlite3.Error as error:
                raise PortUnavailable(
                    f"cannot open SQLite database {self.path}: {error}"
                ) from error
            for pragma in PRAGMAS:
                conn.execute(pragma)
            self._local.conn = conn
            with self._known_lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._known_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def _migrate(self) -> None:
        conn = self.connection()
        if _stored_version(conn) == SCHEMA_VERSION:
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

    def ensure(self, collection: Collection[Any]) -> None:
        """Create the collection's table, or add index columns it gained since."""
        shape = (collection.indexes, collection.compound)
        if self._known.get(collection.name) == shape:  # a dict read needs no lock
            return
        conn = self.connection()
        if not _in_place(conn, collection):
            self._create(conn, collection)
        with self._known_lock:
            self._known[collection.name] = shape

    def _create(self, conn: sqlite3.Connection, collection: Collection[Any]) -> None:
        table = _table(collection)
        conn.execute("BEGIN IMMEDIATE")
        try:
            columns = "".join(f", {_column(f)}" for f in collection.indexes)
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY,"
                f" version INTEGER NOT NULL, data TEXT NOT NULL{columns})"
            )
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            for field in collection.indexes:
                if f"ix_{field}" not in have:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {_column(field)}")
                    self._backfill(conn, collection, field)
                name = _quote(f"i_{collection.name}_{field}")
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({_column(field)}, id)")
            for group in collection.compound:
                name = _quote(f"i_{collection.name}_{'__'.join(group)}")
                columns = ", ".join(_column(f) for f in group)
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}, id)")
            conn.execute(
                "INSERT OR REPLACE INTO collections VALUES (?, ?)",
                (collection.name, ",".join(collection.indexes)),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _backfill(self, conn: sqlite3.Connection, collection: Collection[Any], field: str) -> None:
        table = _table(collection)
        rows = conn.execute(f"SELECT id, data FROM {table}").fetchall()  # noqa: S608
        for id_, data in rows:
            item = decode_row(collection, id_, data, self.protection)
            conn.execute(
                f"UPDATE {table} SET {_column(field)} = ? WHERE id = ?",  # noqa: S608
                (stored_index(collection, field, getattr(item, field), self.protection), id_),
            )

    # reads -----------------------------------------------------------------------
    def load(self, collection: Collection[Any], id: str) -> Row | None:
        self.ensure(collection)
        row = self.connection().execute(_load_sql(collection.name), (id,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    @staticmethod
    def _where(
        where: Mapping[str, IndexValue], between: IndexRange | None = None
    ) -> tuple[str, list[IndexValue]]:
        clauses: list[str] = []
        params: list[IndexValue] = []
        for field, value in where.items():
            if value is None:
                clauses.append(f"{_column(field)} IS NULL")
            else:
                clauses.append(f"{_column(field)} = ?")
                params.append(value)
        if between is not None:
            field, low, high = between
            column = _column(field)
            clauses.append(f"{column} IS NOT NULL")
            # Values of another kind than the bounds never match (see ``in_range``).
            for bound, op in ((low, ">="), (high, "<")):
                if bound is not None:
                    kind = "integer" if isinstance(bound, int) else "text"
                    clauses.append(f"{column} {op} ? AND typeof({column}) = '{kind}'")
                    params.append(bound)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

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
        self.ensure(collection)
        clause, params = self._where(where, between)
        direction = " DESC" if descending else ""
        order = f"{_column(order_by)}{direction}, id{direction}" if order_by else "id"
        sql = f"SELECT id, version, data FROM {_table(collection)}{clause} ORDER BY {order}"  # noqa: S608
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        rows = self.connection().execute(sql, params).fetchall()
        return [(str(r[0]), (int(r[1]), str(r[2]))) for r in rows]

    def count(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> int:
        self.ensure(collection)
        clause, params = self._where(where, between)
        sql = f"SELECT COUNT(*) FROM {_table(collection)}{clause}"  # noqa: S608
        return int(self.connection().execute(sql, params).fetchone()[0])

    def values(
        self,
        collection: Collection[Any],
        fields: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> list[tuple[IndexValue, ...]]:
        self.ensure(collection)
        clause, params = self._where(where, between)
        columns = ", ".join("id" if f == "id" else _column(f) for f in fields)
        sql = f"SELECT {columns} FROM {_table(collection)}{clause} ORDER BY id"  # noqa: S608
        return [tuple(row) for row in self.connection().execute(sql, params)]

    def tally(
        self,
        collection: Collection[Any],
        by: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> dict[tuple[IndexValue, ...], int]:
        self.ensure(collection)
        clause, params = self._where(where, between)
        group = ", ".join(_column(f) for f in by)
        sql = f"SELECT {group + ', ' if group else ''}COUNT(*) FROM {_table(collection)}{clause}"  # noqa: S608
        if group:
            sql += f" GROUP BY {group}"
        rows = self.connection().execute(sql, params).fetchall()
        return {tuple(r[:-1]): int(r[-1]) for r in rows if r[-1]}

    # writes ----------------------------------------------------------------------
    def apply(
        self,
        writes: list[Write],
        drafts: list[JournalDraftLike],
        heads: list[tuple[int, bytes]],
    ) -> None:
        if not writes and not drafts and not heads:
            return
        for write in writes:
            self.ensure(write.collection)
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise PortUnavailable(f"database is busy: {error}") from error
        try:
            for write in writes:
                self._write(conn, write)
            if drafts:
                (next_seq,) = conn.execute(
                    "SELECT COALESCE(MAX(seq) + 1, 0) FROM journal"
                ).fetchone()
                conn.executemany(
                    "INSERT INTO journal (seq, data) VALUES (?, ?)",
                    [(next_seq + i, d.encode(next_seq + i)) for i, d in enumerate(drafts)],
                )
            if heads:
                conn.executemany("INSERT INTO journal_heads (size, data) VALUES (?, ?)", heads)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _write(conn: sqlite3.Connection, write: Write) -> None:
        table = _table(write.collection)
        fields = list(write.indexes)
        values = [write.indexes[f] for f in fields]
        if write.kind == "add":
            columns = "".join(f", {_column(f)}" for f in fields)
            marks = ", ?" * len(fields)
            try:
                conn.execute(
                    f"INSERT INTO {table} (id, version, data{columns})"  # noqa: S608
                    f" VALUES (?, ?, ?{marks})",
                    [write.id, write.new_version, write.data, *values],
                )
            except sqlite3.IntegrityError as error:
                raise Conflict(
                    f"{write.collection.name} {write.id!r} already exists",
                    message_ru="Запись уже существует.",
                    code="storage.duplicate",
                    value=write.id,
                ) from error
            return
        sets = "".join(f", {_column(f)} = ?" for f in fields)
        cursor = conn.execute(
            f"UPDATE {table} SET version = ?, data = ?{sets}"  # noqa: S608
            " WHERE id = ? AND version = ?",
            [write.new_version, write.data, *values, write.id, write.expected_version],
        )
        if cursor.rowcount != 1:
            raise Conflict(
                f"{write.collection.name} {write.id!r} was changed by someone else",
                message_ru="Запись изменена другим пользователем.",
                code="storage.stale",
                value=write.id,
            )

    # journal ---------------------------------------------------------------------
    def journal_size(self) -> int:
        row = self.connection().execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM journal").fetchone()
        return int(row[0])

    def journal_read(self, start: int, stop: int | None) -> Iterator[tuple[int, bytes]]:
        # A private connection, so a long read never blocks this thread's writes.
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            cursor = conn.execute(
                "SELECT seq, data FROM journal WHERE seq >= ? AND seq < ? ORDER BY seq",
                (start, stop if stop is not None else 2**62),
            )
            while batch := cursor.fetchmany(4096):
                for seq, data in batch:
                    # A row edited outside accredkit may come back as TEXT: hand over its
                    # bytes, so verification reports the damage instead of failing.
                    yield int(seq), data if isinstance(data, bytes) else str(data).encode()
        finally:
            conn.close()

    def journal_heads(self) -> list[tuple[int, bytes]]:
        rows = self.connection().execute("SELECT size, data FROM journal_heads ORDER BY id")
        return [(int(r[0]), r[1] if isinstance(r[1], bytes) else str(r[1]).encode()) for r in rows]


class SqliteStorage:
    """A SQLite database file; safe for many threads and processes on one machine."""

    _engine: _SqliteEngine

    # ``local_reads``: a read is a local file's pages, and in WAL mode it never waits on a
    # writer (docs/web.md, "Where a route runs").
    capabilities = frozenset(
        {
            "transactions",
            "optimistic_concurrency",
            "journal",
            "durable",
            "multi_process",
            "local_reads",
        }
    )

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        create_private_file(self.path)  # SQLite gives its -wal and -shm files the same mode
        self._engine = _SqliteEngine(self.path)

    def unit_of_work(self) -> StagedUnitOfWork:
        """A new unit of work."""
        return StagedUnitOfWork(self._engine)

    def protect(self, protection: FieldProtection) -> None:
        """Seal personal fields and blind their indexes from now on (``bootstrap`` calls it)."""
        self._engine.protection = protection

    def close(self) -> None:
        """Close every connection this storage opened."""
        self._engine.close()
