"""PostgreSQL schema: migrations, collection tables and their typed index columns.

Integer-like fields (``int``, ``bool``, int-valued enums) get ``bigint`` index columns;
everything else is ``text COLLATE "C"``, so ordering is by code point like SQLite and
Python, whatever the database's locale. Each index is ``(ix_field NULLS FIRST, id)``:
read forwards it gives ascending order with NULLs first, backwards descending with NULLs
last — exactly the memory reference's order, straight from the index.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs
import psycopg
from psycopg import sql

from accredkit.adapters.storage._engine import IndexRange, Write
from accredkit.adapters.storage._rows import IndexValue, decode_row, stored_index
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.errors import Conflict, PortUnavailable
from accredkit.ports.storage import Collection

__all__ = [
    "SCHEMA_LOCK",
    "SCHEMA_VERSION",
    "TableShape",
    "column_kind",
    "ensure_table",
    "joined_where",
    "migrate",
]

Connection = psycopg.Connection[tuple[Any, ...]]
Kind = Literal["bigint", "text"]

# pg_advisory_xact_lock key serialising schema changes between processes ("accredkt").
SCHEMA_LOCK = 0x61636372_65646B74

# Each step moves the core schema one version up; collection tables are made on demand.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE journal (seq bigint PRIMARY KEY, data bytea NOT NULL)",
        "CREATE TABLE journal_heads (id bigserial PRIMARY KEY,"
        " size bigint NOT NULL, data bytea NOT NULL)",
        "CREATE TABLE collections (name text PRIMARY KEY, indexes text NOT NULL)",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)

_COLUMN_SQL: dict[Kind, str] = {"bigint": "bigint", "text": 'text COLLATE "C"'}


def migrate(conn: Connection) -> None:
    """Bring the core schema up to ``SCHEMA_VERSION``.

    Raises:
        PortUnavailable: the database was made by a newer accredkit.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        current = 0 if row is None else int(row[0])
        if current > SCHEMA_VERSION:
            raise PortUnavailable(
                f"database schema {current} is newer than this accredkit ({SCHEMA_VERSION})",
                code="storage.schema_too_new",
            )
        if current == SCHEMA_VERSION:
            return
        for step in _MIGRATIONS[current:]:
            for statement in step:
                conn.execute(statement.encode())
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION,))


def _is_integral(hint: object) -> bool:
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return all(isinstance(m.value, int) for m in hint) and len(hint) > 0
        return issubclass(hint, int)
    origin = typing.get_origin(hint)
    if origin is Literal:
        return all(isinstance(v, int) for v in typing.get_args(hint))
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return bool(args) and all(_is_integral(a) for a in args)
    return False


def column_kind(cls: type[Any], field: str) -> Kind:
    """``bigint`` for integer-like attribute types, ``text`` for everything else."""
    try:
        hint = typing.get_type_hints(cls).get(field)
    except (NameError, TypeError):
        hint = attrs.fields_dict(cls)[field].type
    return "bigint" if hint is not None and _is_integral(hint) else "text"


@attrs.frozen(eq=False)
class TableShape:
    """One collection's table: its name, index columns and their kinds, ready statements."""

    name: str
    indexes: tuple[str, ...]
    compound: tuple[tuple[str, ...], ...]
    kinds: Mapping[str, Kind]

    def serves(self, collection: Collection[Any]) -> bool:
        """Whether this shape was made for ``collection`` as it is declared now."""
        return self.indexes == collection.indexes and self.compound == collection.compound

    @property
    def table(self) -> sql.Identifier:
        """The table's quoted name."""
        return sql.Identifier(f"c_{self.name}")

    @property
    def load_sql(self) -> sql.Composed:
        """Version and data of one id."""
        return sql.SQL("SELECT version, data FROM {} WHERE id = %s").format(self.table)

    def where(
        self, where: Mapping[str, IndexValue], between: IndexRange | None = None
    ) -> tuple[sql.Composable, list[IndexValue]]:
        """A ``WHERE`` clause (or nothing) and its parameters for filters and a range."""
        clauses, params = self.conditions(where, between)
        return joined_where(clauses), params

    def conditions(
        self, where: Mapping[str, IndexValue], between: IndexRange | None = None
    ) -> tuple[list[sql.Composable], list[IndexValue]]:
        """One condition per equality filter (and the range, if any), and their parameters."""
        clauses: list[sql.Composable] = []
        params: list[IndexValue] = []
        for field, value in where.items():
            column = sql.Identifier(f"ix_{field}")
            if value is None:
                clauses.append(sql.SQL("{} IS NULL").format(column))
            elif (self.kinds[field] == "bigint") != isinstance(value, int):
                clauses.append(sql.SQL("FALSE"))  # a str never equals an int, as in Python
            else:
                clauses.append(sql.SQL("{} = %s").format(column))
                params.append(value)
        if between is not None:
            field, low, high = between
            column = sql.Identifier(f"ix_{field}")
            clauses.append(sql.SQL("{} IS NOT NULL").format(column))
            for bound, op in ((low, ">="), (high, "<")):
                if bound is None:
                    continue
                if (self.kinds[field] == "bigint") != isinstance(bound, int):
                    clauses.append(sql.SQL("FALSE"))  # another kind never matches (in_range)
                else:
                    clauses.append(sql.SQL("{} {} %s").format(column, sql.SQL(op)))
                    params.append(bound)
        return clauses, params

    def write(self, conn: Connection, write: Write, stale: Callable[[Write], Conflict]) -> None:
        """Insert or version-checked update of one row; ``stale(write)`` is raised on loss."""
        columns = [sql.Identifier(f"ix_{f}") for f in self.indexes]
        values = [write.indexes.get(f) for f in self.indexes]
        if write.kind == "add":
            statement = sql.SQL(
                "INSERT INTO {} (id, version, data{}) VALUES (%s, %s, %s{})"
                " ON CONFLICT (id) DO NOTHING"
            ).format(
                self.table,
                sql.SQL("").join(sql.SQL(", ") + c for c in columns),
                sql.SQL(", %s" * len(columns)),
            )
            params = [write.id, write.new_version, write.data, *values]
        else:
            statement = sql.SQL(
                "UPDATE {} SET version = %s, data = %s{} WHERE id = %s AND version = %s"
            ).format(
                self.table,
                sql.SQL("").join(sql.SQL(", {} = %s").format(c) for c in columns),
            )
            params = [write.new_version, write.data, *values, write.id, write.expected_version]
        if conn.execute(statement, params).rowcount != 1:
            raise stale(write)


def joined_where(clauses: list[sql.Composable]) -> sql.Composable:
    """`` WHERE a AND b`` or nothing."""
    if not clauses:
        return sql.SQL("")
    return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(clauses)


def _columns(conn: Connection, table: str) -> dict[str, str]:
    rows = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s",
        (table,),
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def ensure_table(
    conn: Connection, collection: Collection[Any], protection: FieldProtection | None = None
) -> TableShape:
    """Create the collection's table, or add (and backfill) index columns it gained."""
    table = f"c_{collection.name}"
    row = conn.execute(
        "SELECT indexes FROM collections WHERE name = %s", (collection.name,)
    ).fetchone()
    known = set(str(row[0]).split(",")) if row else None
    if known is None or not set(collection.indexes) <= known or not _has_compound(conn, collection):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            _create_or_extend(conn, collection, protection)
            merged = sorted(set(collection.indexes) | (known or set()))
            conn.execute(
                "INSERT INTO collections VALUES (%s, %s)"
                " ON CONFLICT (name) DO UPDATE SET indexes = excluded.indexes",
                (collection.name, ",".join(i for i in merged if i)),
            )
    have = _columns(conn, table)
    kinds: dict[str, Kind] = {
        f: "bigint" if have.get(f"ix_{f}") == "bigint" else "text" for f in collection.indexes
    }
    return TableShape(collection.name, collection.indexes, collection.compound, kinds)


def _compound_name(collection: Collection[Any], group: tuple[str, ...]) -> str:
    return f"i_{collection.name}_{'__'.join(group)}"


def _has_compound(conn: Connection, collection: Collection[Any]) -> bool:
    if not collection.compound:
        return True
    rows = conn.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
        (f"c_{collection.name}",),
    ).fetchall()
    have = {str(r[0]) for r in rows}
    return all(_compound_name(collection, g) in have for g in collection.compound)


def _create_or_extend(
    conn: Connection, collection: Collection[Any], protection: FieldProtection | None
) -> None:
    table = sql.Identifier(f"c_{collection.name}")
    kinds: dict[str, Kind] = {
        f: "text" if f in collection.blind else column_kind(collection.type, f)
        for f in collection.indexes
    }
    conn.execute(
        sql.SQL(
            'CREATE TABLE IF NOT EXISTS {} (id text COLLATE "C" PRIMARY KEY,'
            " version integer NOT NULL, data text NOT NULL)"
        ).format(table)
    )
    have = _columns(conn, f"c_{collection.name}")
    for field in collection.indexes:
        column = sql.Identifier(f"ix_{field}")
        if f"ix_{field}" not in have:
            conn.execute(
                sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                    table, column, sql.SQL(_COLUMN_SQL[kinds[field]])
                )
            )
            _backfill(conn, collection, field, protection)
        conn.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({} NULLS FIRST, id)").format(
                sql.Identifier(f"i_{collection.name}_{field}"), table, column
            )
        )
    for group in collection.compound:
        columns = sql.SQL(", ").join(sql.Identifier(f"ix_{f}") for f in group)
        conn.execute(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({} NULLS FIRST, id)").format(
                sql.Identifier(_compound_name(collection, group)), table, columns
            )
        )


def _backfill(
    conn: Connection, collection: Collection[Any], field: str, protection: FieldProtection | None
) -> None:
    table = sql.Identifier(f"c_{collection.name}")
    rows = conn.execute(sql.SQL("SELECT id, data FROM {}").format(table)).fetchall()
    if not rows:
        return
    updates = []
    for id_, data in rows:
        item = decode_row(collection, id_, data, protection)
        updates.append((stored_index(collection, field, getattr(item, field), protection), id_))
    statement = sql.SQL("UPDATE {} SET {} = %s WHERE id = %s").format(
        table, sql.Identifier(f"ix_{field}")
    )
    with conn.cursor() as cursor:
        cursor.executemany(statement, updates)
