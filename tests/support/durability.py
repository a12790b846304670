"""Workloads for crash-safety and concurrency tests of any durable storage engine.

Each unit of work writes one record, one journal entry (a real ``JournalDraft``, so the
Merkle tree can be built and verified afterwards) and one outbox row, so a test can
check afterwards that the three always agree and that the journal seals and verifies.
``python -m tests.support.durability write URL PREFIX`` is the crash writer: it
commits units of work forever, printing ``begin ID`` before each commit and ``ack ID``
(flushed) only after ``commit()`` returned, until it is killed. ``race_worker`` is the
concurrency worker, run in a process pool.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from accredkit.adapters.checkpoints.file import FileCheckpoint
from accredkit.adapters.clock import SystemClock
from accredkit.adapters.crypto.keys import KeySigner, verify_signature
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.entries import JournalDraft, JournalEntry
from accredkit.domain.journal.heads import SignedTreeHead
from accredkit.errors import Conflict, PortUnavailable
from accredkit.ports.storage import Collection, Storage
from accredkit.services.authority import Authority
from accredkit.services.journal.journal import JournalService

__all__ = [
    "OUTBOX",
    "RECORDS",
    "OutboxRow",
    "RaceReport",
    "Record",
    "check_agreement",
    "draft",
    "main",
    "open_storage",
    "race_worker",
    "read_journal",
    "seal_and_verify",
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


def draft(action: str, subject_type: str, subject_id: str, actor: str) -> JournalDraft:
    """A journal draft as a service would append it, timed now."""
    return JournalDraft(
        time=datetime.now(UTC),
        actor=actor,
        role="system",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
    )


def open_storage(url: str) -> Storage:
    """A storage for ``sqlite:///path`` or ``postgresql://…`` (no other ports needed)."""
    if url.startswith("sqlite:"):
        from accredkit.adapters.storage.sqlite import SqliteStorage

        return SqliteStorage(url.split(":", 1)[1].removeprefix("//"))
    from accredkit.adapters.storage.postgres import PostgresStorage

    return PostgresStorage(url)


def write_one(storage: Storage, record_id: str) -> None:
    """One unit of work: the record, its journal entry and its outbox row, or nothing."""
    with storage.unit_of_work() as uow:
        uow.repository(RECORDS).add(Record(record_id, owner="crash", amount=1))
        uow.journal.append(draft("record.created", "record", record_id, "writer"))
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


def read_journal(storage: Storage) -> list[JournalEntry]:
    """Every committed journal entry, decoded, after checking the numbering is gap-free.

    Raises:
        AssertionError: a gap, an entry out of order, or bytes that disagree with their number.
        ValidationError: an entry is not canonical ``JournalEntry`` bytes.
    """
    with storage.unit_of_work() as uow:
        journal = list(uow.journal.read())
    seqs = [seq for seq, _ in journal]
    assert seqs == list(range(len(journal))), "journal sequence has a gap or is out of order"
    entries = [JournalEntry.decode(data) for _, data in journal]
    assert [e.seq for e in entries] == seqs, "an entry's bytes disagree with its number"
    return entries


def check_agreement(storage: Storage) -> tuple[set[str], list[JournalEntry]]:
    """Committed record ids and journal entries, after checking they all agree.

    Raises:
        AssertionError: a half-applied unit of work, a gap, or a misnumbered entry.
    """
    with storage.unit_of_work() as uow:
        records = {r.id for r in uow.repository(RECORDS).query()}
        outbox = {o.record_id for o in uow.repository(OUTBOX).query()}
    journal = read_journal(storage)
    created = {e.subject_id for e in journal if e.action == "record.created"}
    assert records == outbox, f"state and outbox disagree: {sorted(records ^ outbox)[:5]}"
    assert records == created, f"state and journal disagree: {sorted(records ^ created)[:5]}"
    return records, journal


def seal_and_verify(storage: Storage, checkpoint: Path) -> SignedTreeHead:
    """Sign a tree head over the whole journal (a fresh key, the head also written to
    ``checkpoint``), then verify every entry against it; the head.

    Raises:
        AssertionError: the journal does not verify, or the head misses entries.
        JournalDamaged: the journal contradicts a head signed earlier.
    """
    clock = SystemClock()
    journal = JournalService(
        storage,
        KeySigner.generate(),
        clock,
        FileCheckpoint(checkpoint),
        verify_signature,
        authority=Authority(clock),
    )
    head = journal.checkpoint(SYSTEM)
    report = journal.verify(SYSTEM, thorough=True)
    assert report.ok, report.message_en
    with storage.unit_of_work() as uow:
        size = uow.journal.size()
    assert head.size == report.entries_checked == size, "the signed head misses entries"
    assert report.checkpoint_checked
    return head


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
                    uow.journal.append(draft("race.won", "record", seen.id, f"w{worker}"))
                    uow.commit()

                (lost if _conflicts(claim) else won).append(k)
        for _ in range(increments):
            while True:
                with storage.unit_of_work() as uow:

                    def bump(uow: Any = uow) -> None:
                        repo = uow.repository(RECORDS)
                        counter = repo.get("counter")
                        repo.update(attrs.evolve(counter, amount=counter.amount + 1))
                        uow.journal.append(
                            draft("counter.bumped", "record", "counter", f"w{worker}")
                        )
                        uow.commit()

                    if not _conflicts(bump):
                        break
                    retries += 1
        for i in range(appends):
            with storage.unit_of_work() as uow:
                uow.journal.append(draft("note.appended", "note", f"w{worker}-{i}", f"w{worker}"))
                uow.commit()
    finally:
        storage.close()
    return RaceReport(worker, tuple(won), tuple(lost), increments, retries, appends)


def main(argv: list[str] | None = None) -> int:
    """``write URL PREFIX``: the crash writer (runs until killed)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "write":
        print("usage: python -m tests.support.durability write URL PREFIX", file=sys.stderr)
        return 2
    _crash_writer(args[1], args[2])
    return 0  # pragma: no cover - the writer loops until killed


if __name__ == "__main__":
    sys.exit(main())
