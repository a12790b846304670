"""Eight processes append to one journal and race on the same records, on both engines.

Every race has exactly one winner (the others get ``Conflict``), the shared counter ends
at the number of increments, and the journal is gap-free with one entry per commit — and
verifies: a tree head signed over it afterwards checks against the Merkle root.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.support.durability import (
    RECORDS,
    Record,
    open_storage,
    race_worker,
    read_journal,
    seal_and_verify,
)

WORKERS = 8
RACES = 12
INCREMENTS = 10
APPENDS = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'race.db'}"
    else:
        yield request.getfixturevalue("postgres_url") + "?pool_max=2"


def test_eight_processes_one_winner_per_race_and_a_gap_free_journal_that_verifies(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    storage = open_storage(url)
    with storage.unit_of_work() as uow:
        for k in range(RACES):
            uow.repository(RECORDS).add(Record(f"race-{k}"))
        uow.repository(RECORDS).add(Record("counter"))
        uow.commit()
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    barrier = manager.Barrier(WORKERS)
    started = time.perf_counter()
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        futures = [
            pool.submit(race_worker, url, w, RACES, INCREMENTS, APPENDS, barrier)
            for w in range(WORKERS)
        ]
        reports = [f.result(timeout=300) for f in futures]
    elapsed = time.perf_counter() - started
    manager.shutdown()

    winners = Counter(k for r in reports for k in r.won)
    assert winners == Counter(range(RACES)), "every race must have exactly one winner"
    assert all(len(r.won) + len(r.lost) == RACES for r in reports)
    with storage.unit_of_work() as uow:
        repo = uow.repository(RECORDS)
        counter = repo.get("counter").amount
        owners = {k: repo.get(f"race-{k}").owner for k in range(RACES)}
    entries = read_journal(storage)  # gap-free, each entry's bytes carry its number
    head = seal_and_verify(storage, tmp_path / "checkpoint")
    storage.close()
    by_worker = {k: f"w{r.worker}" for r in reports for k in r.won}
    assert owners == by_worker, "the stored winner differs from the one that committed"
    assert counter == WORKERS * INCREMENTS
    assert head.size == len(entries)
    actions = Counter(e.action for e in entries)
    assert actions == {
        "race.won": RACES,
        "counter.bumped": WORKERS * INCREMENTS,
        "note.appended": WORKERS * APPENDS,
    }
    won_in_journal = {e.subject_id: e.actor for e in entries if e.action == "race.won"}
    assert won_in_journal == {f"race-{k}": owner for k, owner in by_worker.items()}
    retries = sum(r.retries for r in reports)
    with capsys.disabled():
        print(
            f"\nconcurrency, {url.split(':')[0]}: {WORKERS} processes, {RACES} races "
            f"(1 winner each, {sum(len(r.lost) for r in reports)} Conflicts), counter "
            f"{counter} = {WORKERS}×{INCREMENTS} after {retries} conflict retries, "
            f"{len(entries)} journal entries gap-free, {elapsed:.1f} s; journal verifies: "
            f"{head.size} entries, root {head.head.root.hex()}",
            flush=True,
        )
