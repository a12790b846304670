"""SQLite adapter: one committed unit of work writing one aggregate vs raw sqlite3."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from itertools import count
from pathlib import Path

from accredkit.adapters.storage.sqlite import PRAGMAS, SqliteStorage
from accredkit.testing.specimens import SPECIMENS, specimen
from benchmarks._runner import Benchmark, Work


def _setup(quick: bool) -> tuple[Work, Work, int]:
    root = Path(tempfile.mkdtemp(prefix="accredkit-bench-"))
    storage = SqliteStorage(root / "accredkit.db")
    raw = sqlite3.connect(root / "raw.db", isolation_level=None)
    for pragma in PRAGMAS:
        raw.execute(pragma)
    raw.execute(
        "CREATE TABLE specimens (id TEXT PRIMARY KEY, version INTEGER NOT NULL,"
        " data TEXT NOT NULL, ix_owner, ix_colour, ix_rank, ix_flag, ix_seen_at)"
    )
    for field in ("owner", "colour", "rank", "flag", "seen_at"):
        raw.execute(f"CREATE INDEX i_{field} ON specimens (ix_{field}, id)")
    ops = 100 if quick else 400
    ids = count()
    template = specimen("x")
    payload = json.dumps({"id": "x", "note": template.note, "tags": list(template.tags)})

    def ours() -> None:
        for _ in range(ops):
            with storage.unit_of_work() as uow:
                uow.repository(SPECIMENS).add(specimen(f"a{next(ids)}"))
                uow.commit()

    def baseline() -> None:
        for _ in range(ops):
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                "INSERT INTO specimens VALUES (?, 1, ?, 'alice', 'red', 0, 0, '2026')",
                (f"r{next(ids)}", payload),
            )
            raw.execute("COMMIT")

    return ours, baseline, ops


BENCHMARKS = [
    Benchmark(
        name="storage: SQLite unit of work, one aggregate",
        baseline_name="sqlite3 INSERT+COMMIT",
        setup=_setup,
        target=2.0,
    )
]
