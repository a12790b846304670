"""PostgreSQL storage: the scale-out engine (many app servers, one database cluster).

Same shape as the SQLite engine: one table per collection with typed ``ix_*`` columns
(text columns use ``COLLATE "C"`` so strings sort by code point, as in Python), a schema
version table, the journal and its signed heads. A commit is one transaction: aggregate
writes with version checks, then ``LOCK TABLE journal IN EXCLUSIVE MODE`` so sequence
numbers are gap-free and in commit order across every process and server. Deadlocks and
serialization failures are retried inside the commit; a lost connection is
``PortUnavailable``. ``synchronous_commit=off`` is refused at start, because then an
acknowledged commit can be lost in a crash.

URL: ``postgresql://user:password@host:5432/db`` with optional ``?pool_min=1&pool_max=10
&pool_timeout=30&allow_async_commit=1``; every other parameter goes to libpq.
"""

from __future__ import annotations

import contextlib
import functools
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import psycopg
import psycopg.errors
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

from accredkit.adapters.storage._engine import Engine, IndexRange, Row, Write
from accredkit.adapters.storage._pg_connect import (
    Connection,
    check_server,
    open_pool,
    redact,
    split_url,
)
from accredkit.adapters.storage._pg_schema import (
    SCHEMA_VERSION,
    TableShape,
    ensure_table,
    migrate,
)
from accredkit.adapters.storage._rows import IndexValue
from accredkit.adapters.storage._staging import StagedUnitOfWork
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.errors import Conflict, PortUnavailable
from accredkit.ports.storage import Collection, JournalDraftLike

__all__ = ["SCHEMA_VERSION", "PostgresStorage", "split_url"]

R = TypeVar("R")

# The server rolled the whole transaction back (deadlock, serialization failure): retry.
# psycopg does not make DeadlockDetected a TransactionRollback, hence the tuple.
_ROLLED_BACK = (
    psycopg.errors.TransactionRollback,
    psycopg.errors.SerializationFailure,
    psycopg.errors.DeadlockDetected,
)
_JOURNAL_BATCH = 10_000
_JOURNAL_PAGE = "SELECT seq, data FROM journal WHERE seq >= %s AND seq < %s ORDER BY seq LIMIT %s"


def _unavailable(error: BaseException, doing: str) -> PortUnavailable:
    return PortUnavailable(
        f"PostgreSQL unavailable while {doing}: {error}",
        message_ru="База данных PostgreSQL недоступна.",
        code="storage.unavailable",
    )


def _stale(write: Write) -> Conflict:
    if write.kind == "add":
        return Conflict(
            f"{write.collection.name} {write.id!r} already exists",
            message_ru="Запись уже существует.",
            code="storage.duplicate",
            value=write.id,
        )
    return Conflict(
        f"{write.collection.name} {write.id!r} was changed by someone else",
        message_ru="Запись изменена другим пользователем.",
        code="storage.stale",
        value=write.id,
    )


class _PostgresEngine(Engine):
    def __init__(self, url: str) -> None:
        self.pool, options = open_pool(url)
        self.retries, self.allow_async_commit = options.retries, options.allow_async_commit
        self._shapes: dict[str, TableShape] = {}
        self._lock = threading.Lock()
        try:
            self._read(lambda conn: check_server(conn, allow_async_commit=self.allow_async_commit))
            self._read(migrate)
        except BaseException:
            self.pool.close()
            raise

    def close(self) -> None:
        self.pool.close()

    # connections -----------------------------------------------------------------
    def _read(self, work: Callable[[Connection], R]) -> R:
        """Run idempotent ``work``; once more on a fresh connection if the first broke."""
        for attempt in range(2):
            try:
                with self.pool.connection() as conn:
                    return work(conn)
            except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                if attempt == 1 or isinstance(error, psycopg.errors.QueryCanceled):
                    raise _unavailable(error, "reading") from error
            except PoolTimeout as error:
                raise _unavailable(error, "waiting for a connection") from error
        raise AssertionError("unreachable")  # pragma: no cover

    def shape(self, collection: Collection[Any]) -> TableShape:
        """The collection's table, created or extended on first use in this process."""
        shape = self._shapes.get(collection.name)
        if shape is not None and shape.serves(collection):
            return shape
        shape = self._read(lambda conn: ensure_table(conn, collection, self.protection))
        with self._lock:
            self._shapes[collection.name] = shape
        return shape

    # reads -----------------------------------------------------------------------
    def load(self, collection: Collection[Any], id: str) -> Row | None:
        shape = self.shape(collection)
        row = self._read(lambda conn: conn.execute(shape.load_sql, (id,)).fetchone())
        return None if row is None else (int(row[0]), str(row[1]))

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
        shape = self.shape(collection)
        clause, params = shape.where(where, between)
        order: sql.Composable
        if order_by is None:
            order = sql.SQL("id")
        else:
            column = sql.Identifier(f"ix_{order_by}")
            direction = sql.SQL("DESC NULLS LAST, id DESC" if descending else "NULLS FIRST, id")
            order = sql.SQL("{} {}").format(column, direction)
        query = sql.SQL("SELECT id, version, data FROM {}{} ORDER BY {} LIMIT %s OFFSET %s")
        statement = query.format(shape.table, clause, order)
        rows = self._read(lambda conn: conn.execute(statement, [*params, limit, offset]).fetchall())
        return [(str(r[0]), (int(r[1]), str(r[2]))) for r in rows]

    def count(
        self,
        collection: Collection[Any],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> int:
        shape = self.shape(collection)
        clause, params = shape.where(where, between)
        statement = sql.SQL("SELECT COUNT(*) FROM {}{}").format(shape.table, clause)
        row = self._read(lambda conn: conn.execute(statement, params).fetchone())
        return int(row[0]) if row else 0

    def values(
        self,
        collection: Collection[Any],
        fields: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> list[tuple[IndexValue, ...]]:
        shape = self.shape(collection)
        clause, params = shape.where(where, between)
        columns = sql.SQL(", ").join(
            sql.Identifier("id" if f == "id" else f"ix_{f}") for f in fields
        )
        statement = sql.SQL("SELECT {} FROM {}{} ORDER BY id").format(columns, shape.table, clause)
        rows = self._read(lambda conn: conn.execute(statement, params).fetchall())
        return [tuple(row) for row in rows]

    def tally(
        self,
        collection: Collection[Any],
        by: tuple[str, ...],
        where: Mapping[str, IndexValue],
        between: IndexRange | None = None,
    ) -> dict[tuple[IndexValue, ...], int]:
        shape = self.shape(collection)
        clause, params = shape.where(where, between)
        group = sql.SQL(", ").join(sql.Identifier(f"ix_{f}") for f in by)
        head = group + sql.SQL(", ") if by else sql.SQL("")
        statement = sql.SQL("SELECT {}COUNT(*) FROM {}{}").format(head, shape.table, clause)
        if by:
            statement = statement + sql.SQL(" GROUP BY ") + group
        rows = self._read(lambda conn: conn.execute(statement, params).fetchall())
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
        shapes = {w.collection.name: self.shape(w.collection) for w in writes}
        # One order for every transaction's row locks, so two commits seldom deadlock.
        ordered = sorted(writes, key=lambda w: (w.collection.name, w.id))
        for attempt in range(self.retries + 1):
            try:
                self._apply_once(ordered, shapes, drafts, heads)
                return
            except _ROLLED_BACK as error:
                # Deadlock or serialization failure: the server rolled everything back.
                if attempt == self.retries:
                    raise _unavailable(error, "committing (retries exhausted)") from error
                time.sleep(random.uniform(0, 0.005 * 2**attempt))
            except _NotSent as lost:
                # The connection broke before COMMIT was sent: nothing was applied.
                if attempt == self.retries:
                    raise _unavailable(lost.error, "committing") from lost.error
            except PoolTimeout as error:
                raise _unavailable(error, "waiting for a connection") from error

    def _apply_once(
        self,
        writes: list[Write],
        shapes: dict[str, TableShape],
        drafts: list[JournalDraftLike],
        heads: list[tuple[int, bytes]],
    ) -> None:
        with self.pool.connection() as conn:
            try:
                conn.execute("BEGIN")
                for write in writes:
                    shapes[write.collection.name].write(conn, write, _stale)
                if drafts or heads:
                    conn.execute("LOCK TABLE journal IN EXCLUSIVE MODE")
                if drafts:
                    found = conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM journal")
                    row = found.fetchone()
                    first = int(row[0]) if row else 0
                    with conn.cursor() as cursor:
                        cursor.executemany(
                            "INSERT INTO journal (seq, data) VALUES (%s, %s)",
                            [(first + i, d.encode(first + i)) for i, d in enumerate(drafts)],
                        )
                if heads:
                    with conn.cursor() as cursor:
                        cursor.executemany(
                            "INSERT INTO journal_heads (size, data) VALUES (%s, %s)", heads
                        )
            except _ROLLED_BACK:
                _rollback(conn)
                raise
            except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                _rollback(conn)
                raise _NotSent(error) from error
            except BaseException:
                _rollback(conn)
                raise
            try:
                conn.execute("COMMIT")
            except _ROLLED_BACK:
                raise
            except (psycopg.OperationalError, psycopg.InterfaceError) as error:
                raise PortUnavailable(
                    f"PostgreSQL connection lost during COMMIT; the outcome is unknown: {error}",
                    message_ru="Связь с базой данных прервалась при сохранении; "
                    "проверьте, сохранились ли изменения.",
                    code="storage.commit_unknown",
                ) from error

    # journal ---------------------------------------------------------------------
    def journal_size(self) -> int:
        row = self._read(
            lambda conn: conn.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM journal").fetchone()
        )
        return int(row[0]) if row else 0

    def journal_read(self, start: int, stop: int | None) -> Iterator[tuple[int, bytes]]:
        # Keyset pages, each on a briefly borrowed connection: a slow reader holds nothing.
        end = stop if stop is not None else 2**62
        position = start
        while position < end:
            rows = self._read(functools.partial(_journal_page, start=position, stop=end))
            for seq, data in rows:
                yield int(seq), bytes(data)
            if len(rows) < _JOURNAL_BATCH:
                return
            position = int(rows[-1][0]) + 1

    def journal_heads(self) -> list[tuple[int, bytes]]:
        rows = self._read(
            lambda conn: conn.execute("SELECT size, data FROM journal_heads ORDER BY id").fetchall()
        )
        return [(int(r[0]), bytes(r[1])) for r in rows]


def _journal_page(conn: Connection, start: int, stop: int) -> list[tuple[Any, ...]]:
    return conn.execute(_JOURNAL_PAGE, (start, stop, _JOURNAL_BATCH)).fetchall()


class _NotSent(Exception):
    """The connection failed before COMMIT was sent; safe to retry."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _rollback(conn: Connection) -> None:
    if not conn.broken and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        with contextlib.suppress(psycopg.Error):
            conn.execute("ROLLBACK")


class PostgresStorage:
    """A PostgreSQL database shared by any number of processes and app servers."""

    _engine: _PostgresEngine

    capabilities = frozenset(
        {"transactions", "optimistic_concurrency", "journal", "durable", "multi_process"}
    )

    def __init__(self, url: str) -> None:
        """Connect, check durability settings and migrate the schema.

        Args:
            url: ``postgresql://…`` (see the module docstring for options).

        Raises:
            PortUnavailable: the server cannot be reached.
            ConfigurationError: bad options, non-UTF8 database, or asynchronous commit.
        """
        self.url = redact(url)
        self._engine = _PostgresEngine(url)

    @property
    def pool(self) -> ConnectionPool[Connection]:
        """The connection pool (for dedicated queries such as reports)."""
        return self._engine.pool

    def unit_of_work(self) -> StagedUnitOfWork:
        """A new unit of work."""
        return StagedUnitOfWork(self._engine)

    def protect(self, protection: FieldProtection) -> None:
        """Seal personal fields and blind their indexes from now on (``bootstrap`` calls it)."""
        self._engine.protection = protection

    def close(self) -> None:
        """Close the connection pool."""
        self._engine.close()
