"""Workloads for crash-safety and concurrency tests of any durable storage engine.

Each unit of work writes one record, one journal entry and one outbox row, so a test can
check afterwards that the three always agree. ``python -m accredkit.testing.durability
write URL PREFIX`` is the crash writer: it commits units of work forever, printing
``begin ID`` before each commit and ``ack ID`` (flushed) only after ``commit()`` returned,
until it is killed. ``race_worker`` is the concurrency worker, run in a process pool.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import attrs

from accredkit.errors import Conflict, PortUnavailable
from accredkit.ports.storage import Collection, Storage

__all__ = [
    "OUTBOX",
    "RECORDS",
    "Entry",
    "OutboxRow",
    "RaceReport",
    "Record",
    "check_agreement",
    "main",
    "open_storage",
    "race_worker",
]


@attrs.frozen
class Record:
    """The state a unit of work changes."""

    id: str
    version: int = 0
    owner: str = ""
    amount: int = 0


@attrs.frozen
class OutboxRow:
    """A message to send once the record is committed (transactional outbox)."""

    id: str
    version: int = 0
    record_id: str = ""
    text: str = ""


RECORDS = Collection("durable_records", Record, indexes=("owner",))
OUTBOX = Collection("durable_outbox", OutboxRow, indexes=("record_id",))


@attrs.frozen
class Entry:
    """A journal draft: canonical JSON bytes carrying their own sequence number."""

    action: str
    subject: str
    actor: str = ""

    def encode(self, seq: int) -> bytes:
        """``{"action":…,"actor":…,"seq":…,"subject":…}`` as UTF-8."""
        body = {"action": self.action, "actor": self.actor, "seq": seq, "subject": self.subject}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def open_storage(url: str) -> Storage:
    """A storage for ``sqlite:///path`` or ``postgresql://…`` (no other ports needed)."""
    if url.startswith("sqlite:"):
        from accredkit.adapters.sqlite_storage import SqliteStorage

        return SqliteStorage(url.split(":", 1)[1].removeprefix("//"))
    from accredkit.adapters.postgres_storage import PostgresStorage

    return PostgresStorage(url)


def write_one(storage: Storage, record_id: str) -> None:
    """One unit of work: the record, its journal entry and its outbox row, or nothing."""
    with storage.unit_of_work() as uow:
        uow.repository(RECORDS).add(Record(record_id, owner="crash", amount=1))
        uow.journal.append(Entry("record.created", record_id, "writer"))
        uow.repository(OUTBOX).add(OutboxRow(f"out-{record_id}", record_id=record_id, text="hi"))
        uow.commit()


def _crash_writer(url: str, prefix: str) -> None:
    storage = open_storage(url)
    print("ready", flush=True)
    n = 0
    while True:
        record_id = f"{prefix}-{n}"
        n += 1
        print(f"begin {record_id}", flush=True)
        try:
            write_one(storage, record_id)
        except PortUnavailable:
            print(f"unknown {record_id}", flush=True)
            continue
        print(f"ack {record_id}", flush=True)


def check_agreement(storage: Storage) -> tuple[set[str], list[tuple[int, bytes]]]:
    """Committed record ids and journal entries, after checking they all agree.

    Raises:
        AssertionError: a half-applied unit of work, a gap, or a misnumbered entry.
    """
    with storage.unit_of_work() as uow:
        records = {r.id for r in uow.repository(RECORDS).query()}
        outbox = {o.record_id for o in uow.repository(OUTBOX).query()}
        journal = list(uow.journal.read())
    seqs = [seq for seq, _ in journal]
    assert seqs == list(range(len(journal))), "journal sequence has a gap or is out of order"
    decoded = [json.loads(data) for _, data in journal]
    assert [d["seq"] for d in decoded] == seqs, "an entry's bytes disagree with its number"
    created = {d["subject"] for d in decoded if d["action"] == "record.created"}
    assert records == outbox, f"state and outbox disagree: {sorted(records ^ outbox)[:5]}"
    assert records == created, f"state and journal disagree: {sorted(records ^ created)[:5]}"
    return records, journal


@attrs.frozen
class RaceReport:
    """What one concurrency worker saw."""

    worker: int
    won: tuple[int, ...]
    lost: tuple[int, ...]
    increments: int
    retries: int
    appended: int


def _conflicts(action: Any) -> bool:
    try:
        action()
    except Conflict:
        return True
    return False


def race_worker(
    url: str, worker: int, races: int, increments: int, appends: int, barrier: Any
) -> RaceReport:
    """Race the other workers for each ``race-K`` record, then add to a shared counter.

    All workers read ``race-K`` at version 1, meet at ``barrier``, then each tries to
    claim it: exactly one may commit, the others must get ``Conflict``.
    """
    storage = open_storage(url)
    won: list[int] = []
    lost: list[int] = []
    retries = 0
    try:
        for k in range(races):
            with storage.unit_of_work() as uow:
                repo = uow.repository(RECORDS)
                seen = repo.get(f"race-{k}")
                barrier.wait()

                def claim(uow: Any = uow, repo: Any = repo, seen: Record = seen) -> None:
                    repo.update(attrs.evolve(seen, owner=f"w{worker}"))
                    uow.journal.append(Entry("race.won", seen.id, f"w{worker}"))
                    uow.commit()

                (lost if _conflicts(claim) else won).append(k)
        for _ in range(increments):
            while True:
                with storage.unit_of_work() as uow:

                    def bump(uow: Any = uow) -> None:
                        repo = uow.repository(RECORDS)
                        counter = repo.get("counter")
                        repo.update(attrs.evolve(counter, amount=counter.amount + 1))
                        uow.journal.append(Entry("counter.bumped", "counter", f"w{worker}"))
                        uow.commit()

                    if not _conflicts(bump):
                        break
                    retries += 1
        for i in range(appends):
            with storage.unit_of_work() as uow:
                uow.journal.append(Entry("note.appended", f"w{worker}-{i}", f"w{worker}"))
                uow.commit()
    finally:
        storage.close()
    return RaceReport(worker, tuple(won), tuple(lost), increments, retries, appends)


def main(argv: list[str] | None = None) -> int:
    """``write URL PREFIX``: the crash writer (runs until killed)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "write":
        print("usage: python -m accredkit.testing.durability write URL PREFIX", file=sys.stderr)
        return 2
    _crash_writer(args[1], args[2])
    return 0  # pragma: no cover - the writer loops until killed


if __name__ == "__main__":
    sys.exit(main())
