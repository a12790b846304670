"""The outbox floor (``benchmarks/bench_outbox.py``) encodes what a dispatch stores.

The floor times only the text work of a message — its three rows, one read, its
journal bytes — so it bounds the whole path from below only if those are the rows and
the entry a real dispatch writes (docs/benchmarks.md, "The outbox path").
"""

from __future__ import annotations

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage._rows import encode_item
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.canonical_json import canonical_json_checked
from accredkit.services.authority import Authority
from accredkit.services.correspondence.notifications import NotificationService
from accredkit.services.schema import OUTBOX
from benchmarks.bench_outbox import NOW, floor_steps


def test_the_floor_encodes_the_rows_and_entries_a_dispatch_writes() -> None:
    steps = floor_steps(3)
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        for queued, *_ in steps:
            uow.repository(OUTBOX).add(queued)
        uow.commit()
    clock = FrozenClock(NOW)
    sms = MemorySms()
    service = NotificationService(storage, sms, MemoryEmail(), clock, authority=Authority(clock))

    report = service.dispatch(SYSTEM, NOW)

    assert sorted(report.sent) == sorted(queued.id for queued, *_ in steps)
    steps.sort(key=lambda step: report.sent.index(step[0].id))  # the dispatch's order
    with storage.unit_of_work() as uow:
        stored = [uow.repository(OUTBOX).get(queued.id) for queued, *_ in steps]
        written = list(uow.journal.read())
    assert stored == [settled for _, _, settled, _ in steps]
    assert [encode_item(OUTBOX, s, None) for s in stored] == [
        encode_item(OUTBOX, settled, None) for _, _, settled, _ in steps
    ]
    assert [(c.status, c.attempts, c.version) for _, c, _, _ in steps] == [("sending", 1, 2)] * 3
    assert written == [
        (seq, canonical_json_checked({**entry, "seq": seq}, astral_keys=False))
        for seq, (*_, entry) in enumerate(steps)
    ]
