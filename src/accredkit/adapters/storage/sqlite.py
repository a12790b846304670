"""SQLite storage: the embedded default for one machine.

WAL journal, ``synchronous=FULL`` (an acknowledged commit survives power loss),
``BEGIN IMMEDIATE`` for every write batch so writers are serialised across processes,
a schema version table, and one table per collection with indexed columns.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from accredkit._private_files import create_private_file
from accredkit.adapters.storage._engine import Engine, IndexRange, Row, Write
from accredkit.adapters.storage._rows import IndexValue
from accredkit.adapters.storage._sqlite_schema import (
    SCHEMA_VERSION,
    create_table,
    in_place,
    load_sql,
    migrate,
    sql_column,
    sql_table,
)
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
        migrate(self.connection())

    def ensure(self, collection: Collection[Any]) -> None:
        """Create the collection's table, or add index columns it gained since."""
        shape = (collection.indexes, collection.compound)
        if self._known.get(collection.name) == shape:  # a dict read needs no lock
            return
        conn = self.connection()
        if not in_place(conn, collection):
            create_table(conn, collection, self.protection)
        with self._known_lock:
            self._known[collection.name] = shape

    # reads -----------------------------------------------------------------------
    def load(self, collection: Collection[Any], id: str) -> Row | None:
        self.ensure(collection)
        row = self.connection().execute(load_sql(collection.name), (id,)).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    @staticmethod
    def _where(
        where: Mapping[str, IndexValue], between: IndexRange | None = None
    ) -> tuple[str, list[IndexValue]]:
        clauses: list[str] = []
        params: list[IndexValue] = []
        for field, value in where.items():
            if value is None:
                clauses.append(f"{sql_column(field)} IS NULL")
            else:
                clauses.append(f"{sql_column(field)} = ?")
                params.append(value)
        if between is not None:
            field, low, high = between
            column = sql_column(field)
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
        order = f"{sql_column(order_by)}{direction}, id{direction}" if order_by else "id"
        sql = f"SELECT id, version, data FROM {sql_table(collection)}{clause} ORDER BY {order}"  # noqa: S608
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
        sql = f"SELECT COUNT(*) FROM {sql_table(collection)}{clause}"  # noqa: S608
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
        columns = ", ".join("id" if f == "id" else sql_column(f) for f in fields)
        sql = f"SELECT {columns} FROM {sql_table(collection)}{clause} ORDER BY id"  # noqa: S608
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
        group = ", ".join(sql_column(f) for f in by)
        sql = f"SELECT {group + ', ' if group else ''}COUNT(*) FROM {sql_table(collection)}{clause}"  # noqa: S608
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
        table = sql_table(write.collection)
        fields = list(write.indexes)
        values = [write.indexes[f] for f in fields]
        if write.kind == "add":
            columns = "".join(f", {sql_column(f)}" for f in fields)
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
        sets = "".join(f", {sql_column(f)} = ?" for f in fields)
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
