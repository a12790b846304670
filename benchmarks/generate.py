"""Fill a storage with N accounts, N applications and 5N journal entries, fast.

``python -m benchmarks.generate --engine sqlite|postgresql --applications N
[--path FILE | --url URL]``. Without ``--path``/``--url`` it fills a throwaway database
(a temporary file, or a temporary PostgreSQL server) and reports the time only.

The aggregates are stand-ins with the shape of the cabinet's: an application has an
applicant, a status, a type, a submission and an update time, all indexed, plus the
compound indexes the review queue and the period report need. Rows go in through
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in exactly the format the engines
write, so the engines read them back as their own.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from accredkit.adapters.storage._rows import index_value
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.converter import converter
from accredkit.ports.storage import Collection, Storage

START = datetime(2021, 1, 1, tzinfo=UTC)
MONTHS = 60  # applications are spread evenly over five years
JOURNAL_PER_APPLICATION = 5
STATUSES = (
    ("draft", 5),
    ("submitted", 10),
    ("processing", 10),
    ("under_review", 5),
    ("needs_info", 5),
    ("approved", 50),
    ("rejected", 10),
    ("withdrawn", 5),
)
TYPES = ("general", "specialized", "institutional", "temporary", "repeat")


@attrs.frozen
class Account:
    """Stand-in for the cabinet's account."""

    id: str
    version: int = 0
    snils: str = ""
    status: str = "registered"
    created_at: datetime = START


@attrs.frozen
class Filing:
    """Stand-in for the cabinet's application (заявление)."""

    id: str
    version: int = 0
    applicant_id: str = ""
    status: str = "draft"
    type: str = "general"
    submitted_at: datetime | None = None
    updated_at: datetime = START
    specialty: str = ""
    hours: int = 0


ACCOUNTS = Collection("bench_accounts", Account, indexes=("status",))
FILINGS = Collection(
    "bench_applications",
    Filing,
    indexes=("applicant_id", "status", "type", "submitted_at", "updated_at"),
    # The review queue filters on status and orders by submission; a period report
    # ranges over submission and counts by status and type without touching the rows.
    compound=(("status", "submitted_at"), ("submitted_at", "status", "type")),
)


def month(index: int) -> tuple[datetime, datetime]:
    """The ``[start, end)`` of month ``index`` of the generated period."""
    year, mon = divmod(index, 12)
    first = START.replace(year=START.year + year, month=mon + 1)
    year2, mon2 = divmod(index + 1, 12)
    return first, START.replace(year=START.year + year2, month=mon2 + 1)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def accounts(n: int) -> Iterator[Account]:
    """``n`` accounts, ids ``acc-0000000``…"""
    for i in range(n):
        yield Account(
            id=f"acc-{i:07d}",
            version=1,
            snils=f"{i:011d}",
            status="verified" if i % 10 else "registered",
            created_at=START + timedelta(minutes=i % 1_000_000),
        )


def filings(n: int, seed: int = 2026) -> Iterator[Filing]:
    """``n`` applications over ``n`` applicants, spread over five years."""
    rng = random.Random(seed)
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    span = (month(MONTHS - 1)[1] - START).total_seconds()
    for i in range(n):
        status = statuses[rng.randrange(len(statuses))]
        moment = START + timedelta(seconds=rng.random() * span)
        yield Filing(
            id=f"app-{i:07d}",
            version=1,
            applicant_id=f"acc-{rng.randrange(n):07d}",
            status=status,
            type=TYPES[rng.randrange(len(TYPES))],
            submitted_at=None if status == "draft" else moment,
            updated_at=moment + timedelta(days=rng.randrange(30)),
            specialty="therapy",
            hours=rng.randrange(200),
        )


def _unstructured(item: Any) -> dict[str, Any]:
    # The converter's output, built by hand: ten times faster, checked in `_row`.
    data = attrs.asdict(item, recurse=False)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = _iso(value)
    return data


def _row(collection: Collection[Any], item: Any, check: bool) -> tuple[Any, ...]:
    data = _unstructured(item)
    if check:
        assert data == converter().unstructure(item), "generator drifted from the converter"
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    ix = [index_value(getattr(item, f)) for f in collection.indexes]
    return (item.id, item.version, text, *ix)


def journal_entry(seq: int, application: int, step: int) -> bytes:
    """Entry ``seq``: canonical JSON bytes, as a journal would store."""
    body = {
        "action": ("created", "submitted", "accepted", "reviewed", "decided")[step],
        "actor": f"acc-{application:07d}",
        "seq": seq,
        "subject": f"app-{application:07d}",
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _journal(n: int) -> Iterator[tuple[int, bytes]]:
    seq = 0
    for app in range(n):
        for step in range(JOURNAL_PER_APPLICATION):
            yield seq, journal_entry(seq, app, step)
            seq += 1


def _batches(rows: Iterator[tuple[Any, ...]], size: int = 20_000) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _columns(collection: Collection[Any]) -> list[str]:
    return ["id", "version", "data", *(f"ix_{f}" for f in collection.indexes)]


def _touch(storage: Storage) -> None:
    # Let the engine create its tables and indexes the way it always does.
    with storage.unit_of_work() as uow:
        uow.repository(ACCOUNTS).count()
        uow.repository(FILINGS).count()


def fill_sqlite(path: Path, n: int) -> None:
    """Fill the SQLite file ``path`` (made by ``SqliteStorage``) with ``n`` of each."""
    storage = SqliteStorage(path)
    _touch(storage)
    storage.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")  # a bulk load; the engine uses FULL afterwards
    conn.execute("BEGIN")
    for collection, items in ((ACCOUNTS, accounts(n)), (FILINGS, filings(n))):
        columns = _columns(collection)
        sql = (
            f"INSERT INTO c_{collection.name} ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        rows = (_row(collection, item, i < 100) for i, item in enumerate(items))
        for batch in _batches(rows):
            conn.executemany(sql, batch)
    for batch in _batches(_journal(n)):
        conn.executemany("INSERT INTO journal (seq, data) VALUES (?, ?)", batch)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def fill_postgres(url: str, n: int) -> None:
    """Fill the PostgreSQL database at ``url`` with ``n`` of each, through ``COPY``."""
    import psycopg

    from accredkit.adapters.storage.postgres import PostgresStorage, split_url

    storage = PostgresStorage(url)
    _touch(storage)
    storage.close()
    conninfo, _ = split_url(url)
    with psycopg.connect(conninfo) as conn:
        for collection, items in ((ACCOUNTS, accounts(n)), (FILINGS, filings(n))):
            columns = ", ".join(_columns(collection))
            copy_sql = f"COPY c_{collection.name} ({columns}) FROM STDIN"
            with conn.cursor().copy(copy_sql.encode()) as copy:
                for i, item in enumerate(items):
                    copy.write_row(_row(collection, item, i < 100))
        with conn.cursor().copy(b"COPY journal (seq, data) FROM STDIN") as copy:
            for row in _journal(n):
                copy.write_row(row)
        conn.commit()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def main(argv: list[str] | None = None) -> int:
    """Generate; print what was made and how long it took."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--applications", type=int, required=True, metavar="N")
    parser.add_argument("--path", help="SQLite file to fill (default: a temporary one)")
    parser.add_argument("--url", help="postgresql:// URL of an empty database")
    args = parser.parse_args(argv)
    n = args.applications
    started = time.perf_counter()
    if args.engine == "sqlite":
        import tempfile

        path = Path(args.path or Path(tempfile.mkdtemp(prefix="accredkit-gen-")) / "gen.db")
        fill_sqlite(path, n)
        where = str(path)
    elif args.url:
        fill_postgres(args.url, n)
        where = args.url
    else:
        from tests.support.postgres import PostgresServer

        server = PostgresServer.start()
        try:
            fill_postgres(server.create_database("generated"), n)
        finally:
            server.stop()
        where = "a throwaway server (removed)"
    elapsed = time.perf_counter() - started
    print(
        f"{args.engine}: {n:,} accounts, {n:,} applications, "
        f"{n * JOURNAL_PER_APPLICATION:,} journal entries in {elapsed:.1f} s → {where}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
