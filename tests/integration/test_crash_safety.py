"""Crash safety: a writer killed with SIGKILL at random moments never loses an ack.

The writer (``python -m tests.support.durability write``) commits units of work of one
record + one journal entry + one outbox row and prints ``ack ID`` only after ``commit()``
returned. After every kill the storage must hold every acknowledged record, no unit of
work may be half-applied, the journal must stay gap-free, and it must verify: a tree head
signed over every entry afterwards checks against the Merkle root of the stored bytes.
On PostgreSQL the server backend serving the writer is terminated too
(``pg_terminate_backend``), mid-transaction when the timing allows.
"""

from __future__ import annotations

import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import pytest

from accredkit.domain.journal.heads import SignedTreeHead
from tests.support.durability import check_agreement, open_storage, seal_and_verify
from tests.support.postgres import PostgresServer

SQLITE_ROUNDS = 100
POSTGRES_ROUNDS = 50


@attrs.define
class Tally:
    """What the rounds did."""

    rounds: int = 0
    acknowledged: set[str] = attrs.field(factory=set)
    begun: int = 0
    killed_mid_commit: int = 0
    committed_unacknowledged: int = 0
    backends_terminated: int = 0
    backends_mid_transaction: int = 0


def _start_writer(url: str, prefix: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.durability", "write", url, prefix],
        cwd=Path(__file__).parents[2],  # the repository root, where ``tests.support`` is found
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != "ready":
        proc.kill()
        pytest.fail(f"writer did not start: {line!r}")
    return proc


def _finish(proc: subprocess.Popen[str], tally: Tally) -> str | None:
    """Collect the killed writer's lines; the id it was committing when killed, if any."""
    assert proc.stdout is not None
    proc.wait(timeout=30)
    lines = [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
    proc.stdout.close()
    tally.rounds += 1
    tally.begun += sum(1 for kind, _ in lines if kind == "begin")
    tally.acknowledged.update(id_ for kind, id_ in lines if kind == "ack")
    if lines and lines[-1][0] == "begin":
        tally.killed_mid_commit += 1
        return lines[-1][1]
    return None


def _report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with capsys.disabled():
        print(text, flush=True)


def _verify(url: str, tally: Tally, in_doubt: list[str], checkpoint: Path) -> SignedTreeHead:
    storage = open_storage(url)
    try:
        records, journal = check_agreement(storage)
        head = seal_and_verify(storage, checkpoint)
    finally:
        storage.close()
    missing = tally.acknowledged - records
    assert not missing, f"acknowledged writes lost: {sorted(missing)[:10]}"
    tally.committed_unacknowledged = sum(1 for id_ in in_doubt if id_ in records)
    assert len(journal) == len(records) == head.size
    return head


def _sealed(head: SignedTreeHead) -> str:
    return f"journal verifies: {head.size} entries, root {head.head.root.hex()}"


def test_sqlite_survives_sigkill_without_losing_acknowledged_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crash.db"
    url = f"sqlite:///{path}"
    open_storage(url).close()
    tally = Tally()
    in_doubt: list[str] = []
    rng = random.Random()
    for n in range(SQLITE_ROUNDS):
        proc = _start_writer(url, f"r{n}")
        time.sleep(rng.uniform(0.0, 0.06))
        proc.send_signal(signal.SIGKILL)
        doubtful = _finish(proc, tally)
        if doubtful:
            in_doubt.append(doubtful)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    head = _verify(url, tally, in_doubt, tmp_path / "checkpoint")
    assert tally.rounds >= 100
    assert tally.acknowledged, "the writer never got to acknowledge anything"
    _report(
        capsys,
        f"\ncrash safety, SQLite: {tally.rounds} SIGKILL rounds, {tally.begun} commits begun, "
        f"{len(tally.acknowledged)} acknowledged (all present), {tally.killed_mid_commit} "
        f"kills mid-commit ({tally.committed_unacknowledged} of those had committed), "
        f"integrity_check ok, state/journal/outbox agree, journal gap-free; {_sealed(head)}",
    )


def test_postgres_survives_sigkill_and_terminated_backends(
    postgres_server: PostgresServer,
    postgres_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = urlsplit(postgres_url).path.lstrip("/")
    open_storage(postgres_url).close()
    tally = Tally()
    in_doubt: list[str] = []
    rng = random.Random()
    for n in range(POSTGRES_ROUNDS):
        name = f"crash-{n}"
        proc = _start_writer(f"{postgres_url}?application_name={name}&pool_max=1", f"r{n}")
        time.sleep(rng.uniform(0.0, 0.08))
        terminate_first = rng.random() < 0.7
        if not terminate_first:
            proc.send_signal(signal.SIGKILL)
        states = postgres_server.execute(
            "SELECT state, xact_start IS NOT NULL, pg_terminate_backend(pid)"
            f" FROM pg_stat_activity WHERE application_name = '{name}'",
            database,
        )
        if terminate_first:
            time.sleep(rng.uniform(0.0, 0.01))
            proc.send_signal(signal.SIGKILL)
        tally.backends_terminated += sum(1 for _, _, done in states if done)
        tally.backends_mid_transaction += sum(1 for _, in_xact, _ in states if in_xact)
        doubtful = _finish(proc, tally)
        if doubtful:
            in_doubt.append(doubtful)
    head = _verify(postgres_url, tally, in_doubt, tmp_path / "checkpoint")
    assert tally.rounds >= 50
    assert tally.acknowledged
    assert tally.backends_terminated >= 1
    _report(
        capsys,
        f"\ncrash safety, PostgreSQL: {tally.rounds} SIGKILL rounds, {tally.begun} commits "
        f"begun, {len(tally.acknowledged)} acknowledged (all present), "
        f"{tally.killed_mid_commit} kills mid-commit ({tally.committed_unacknowledged} of "
        f"those had committed), {tally.backends_terminated} backends terminated "
        f"({tally.backends_mid_transaction} mid-transaction), state/journal/outbox agree, "
        f"journal gap-free; {_sealed(head)}",
    )
