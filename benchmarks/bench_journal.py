"""Audit journal: verification against raw hashing, and the cost of journaling a change.

- verifying the in-memory journal vs one ``hashlib.sha256`` per stored entry (≤ 2.5);
- verifying the same from SQLite vs the same baseline (≤ 5);
- a committed SQLite unit of work changing an application's status that also journals
  the change vs the same unit of work unjournaled (≤ 1.2: journaling adds ≤ 20 %).
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs

from accredkit.adapters.checkpoints.memory import MemoryCheckpoint
from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner, verify_signature
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.entries import JournalDraft
from accredkit.ports.storage import Collection, Storage
from accredkit.services.authority import Authority
from accredkit.services.journal.journal import JournalService
from accredkit.testing.journal_strategies import sample_drafts
from benchmarks._runner import Benchmark, Work

_FACTS: dict[str, Any] = {}


class _Prepared:
    """A draft whose canonical bytes are precomputed around the sequence number.

    Filling a journal with a million entries through ``JournalDraft.encode`` would take
    longer than the benchmark; the bytes are the same canonical JSON either way.
    """

    def __init__(self, draft: JournalDraft) -> None:
        head, _, tail = draft.encode(0).partition(b'"seq":0,')
        self.head, self.tail = head + b'"seq":', b"," + tail

    def encode(self, seq: int) -> bytes:
        return self.head + str(seq).encode() + self.tail


def _fill(storage: Storage, count: int) -> None:
    templates = [_Prepared(d) for d in sample_drafts(1000)]
    for start in range(0, count, 100_000):
        with storage.unit_of_work() as uow:
            for n in range(start, min(count, start + 100_000)):
                uow.journal.append(templates[n % len(templates)])
            uow.commit()


def _sealed(storage: Storage, count: int) -> tuple[JournalService, list[bytes]]:
    _fill(storage, count)
    clock = FrozenClock()
    journal = JournalService(
        storage,
        KeySigner.generate(),
        clock,
        MemoryCheckpoint(),
        verify_signature,
        authority=Authority(clock),
    )
    journal.checkpoint(SYSTEM)
    with storage.unit_of_work() as uow:
        stored = [data for _, data in uow.journal.read()]
    _FACTS.update(entries=len(stored), mean_entry_bytes=sum(map(len, stored)) // len(stored))
    return journal, stored


def _hash_each(stored: list[bytes]) -> Work:
    sha256 = hashlib.sha256

    def baseline() -> None:
        for data in stored:
            sha256(data).digest()

    return baseline


def _verifier(journal: JournalService, count: int) -> Work:
    def ours() -> None:
        report = journal.verify(SYSTEM)
        if not report.ok or report.entries_checked != count:
            raise AssertionError(report.message_en)

    return ours


def _memory(quick: bool) -> tuple[Work, Work, int]:
    count = 100_000 if quick else 1_000_000
    journal, stored = _sealed(MemoryStorage(), count)
    return _verifier(journal, count), _hash_each(stored), count


def _scratch() -> Path:
    path = Path(tempfile.mkdtemp(prefix="accredkit-bench-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _sqlite(quick: bool) -> tuple[Work, Work, int]:
    count = 100_000 if quick else 1_000_000
    journal, stored = _sealed(SqliteStorage(_scratch() / "journal.db"), count)
    return _verifier(journal, count), _hash_each(stored), count


@attrs.frozen
class _Application:
    """Shaped like an application aggregate: a few indexed fields and a modest body."""

    id: str
    version: int
    applicant_id: str
    status: str
    submitted_at: datetime
    type_code: str
    documents: tuple[str, ...]
    history: tuple[str, ...]


_APPLICATIONS = Collection(
    "bench_applications", _Application, indexes=("applicant_id", "status", "submitted_at")
)
_STATUSES = ("processing", "under_review")


def _append(quick: bool) -> tuple[Work, Work, int]:
    """One state change per unit of work: read an application, move its status, commit.

    The journaled side also builds the ``JournalDraft`` for the change (validation and
    the personal-data screen included) and appends it; everything else is the same.
    Batches are short, so the best of them catches the disk at its fastest — where
    journaling's fixed cost weighs most.
    """
    storage = SqliteStorage(_scratch() / "cabinet.db")
    ops = 60 if quick else 120
    start = datetime(2026, 1, 12, 9, tzinfo=UTC)
    ids = [f"app_{n:08d}" for n in range(ops)]
    with storage.unit_of_work() as uow:
        for n, id_ in enumerate(ids):
            documents = tuple(hashlib.sha256(b"%d/%d" % (n, k)).hexdigest() for k in range(4))
            uow.repository(_APPLICATIONS).add(
                _Application(
                    id_, 0, f"acc_{n:06d}", "processing", start, "specialized", documents, ()
                )
            )
        uow.commit()
    turns = itertools.count()

    def change(journaled: bool) -> None:
        turn = next(turns)
        for id_ in ids:
            with storage.unit_of_work() as uow:
                applications = uow.repository(_APPLICATIONS)
                app = applications.get(id_)
                status = _STATUSES[turn % 2 == 0]
                history = (*app.history[-8:], f"{app.status}->{status}")
                applications.update(attrs.evolve(app, status=status, history=history))
                if journaled:
                    uow.journal.append(
                        JournalDraft(
                            time=start + timedelta(seconds=turn),
                            actor=f"acc_{turn % 97:06d}",
                            role="reviewer",
                            action="application.status_changed",
                            subject_type="application",
                            subject_id=id_,
                            details={"from": app.status, "to": status, "documents": app.documents},
                        )
                    )
                uow.commit()

    return (lambda: change(True)), (lambda: change(False)), ops


def _draft_cost() -> dict[str, Any]:
    """How long building one draft takes (validation and the personal-data screen)."""
    drafts = list(sample_drafts(2000))
    start = time.perf_counter()
    for d in drafts:
        JournalDraft(
            time=d.time,
            actor=d.actor,
            role=d.role,
            action=d.action,
            subject_type=d.subject_type,
            subject_id=d.subject_id,
            details=d.details,
        )
    return {"draft_build_us": round((time.perf_counter() - start) / len(drafts) * 1e6, 1)}


BENCHMARKS = [
    Benchmark(
        name="journal: verify the in-memory journal",
        baseline_name="sha256 per stored entry",
        setup=_memory,
        target=2.5,
        describe=lambda: dict(_FACTS),
    ),
    Benchmark(
        name="journal: verify the journal from SQLite",
        baseline_name="sha256 per stored entry",
        setup=_sqlite,
        target=5.0,
        describe=lambda: dict(_FACTS),
    ),
    Benchmark(
        name="journal: SQLite state change + its journal entry",
        baseline_name="the same state change, not journaled",
        setup=_append,
        target=1.2,
        describe=_draft_cost,
    ),
]
