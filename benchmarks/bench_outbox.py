"""Outbox delivery (queue in a unit of work, claim, send, settle) vs sending directly.

- queue + dispatch on memory storage vs ``MemorySms.send`` (report; docs/benchmarks.md,
  "The outbox path");
- dispatching 10,000 queued messages from SQLite, claimed and settled ``commit_every``
  at a time (one commit per batch, not per message), vs the same sends in a loop:
  ``describe`` prints messages per second and commits per message;
- the floor of the first: only the text work every durable, journaled message needs —
  its row encoded three times (queued, claimed, settled) and decoded once, and the
  canonical bytes of its journal entry — with no check, lock or copy around it
  (docs/benchmarks.md, "The outbox path").
"""

from __future__ import annotations

import itertools
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage._rows import decode_row, encode_item
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.contacts import Phone
from accredkit.domain.copies import replaced
from accredkit.domain.correspondence.outbox import DeliveryPolicy, OutboxMessage
from accredkit.domain.correspondence.outbox_events import NotificationSent
from accredkit.domain.journal.canonical_json import canonical_json_checked
from accredkit.services.authority import Authority
from accredkit.services.correspondence.notifications import NotificationService, _outcome
from accredkit.services.correspondence.queueing import queue
from accredkit.services.journal.table import journal_draft
from accredkit.services.schema import OUTBOX
from benchmarks._runner import Benchmark, Work

NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
PHONE = Phone.parse("+79123456789")


def _setup(quick: bool) -> tuple[Work, Work, int]:
    count = 200 if quick else 2_000
    ids = SeededRandom(1)
    runs = itertools.count()

    def ours() -> None:
        storage = MemoryStorage()
        clock = FrozenClock(NOW)
        service = NotificationService(
            storage, MemorySms(), MemoryEmail(), clock, authority=Authority(clock)
        )
        with storage.unit_of_work() as uow:
            for i in range(count):
                queue(uow, to=PHONE, template="application.status.approved",
                      params={"application": f"№ {next(runs)}-{i}"}, now=NOW, ids=ids)  # fmt: skip
            uow.commit()
        service.policy = type(service.policy)(batch_size=count)
        service.dispatch(SYSTEM, NOW)

    def baseline() -> None:
        sms = MemorySms()
        for i in range(count):
            sms.send(PHONE, f"Заявление № {i} одобрено.")

    return ours, baseline, count


def _queued(count: int) -> list[OutboxMessage]:
    """``count`` messages as ``queue`` stages them (memory storage, not committed)."""
    storage = MemoryStorage()
    ids = SeededRandom(3)
    queued: list[OutboxMessage] = []
    with storage.unit_of_work() as uow:
        for i in range(count):
            queued += queue(uow, to=PHONE, template="application.status.approved",
                            params={"application": f"№ {i}"}, now=NOW, ids=ids)  # fmt: skip
    return queued


FloorStep = tuple[OutboxMessage, OutboxMessage, OutboxMessage, dict[str, Any]]


def floor_steps(count: int) -> list[FloorStep]:
    """Each message queued, claimed and settled as a dispatch at ``NOW`` stores them, with
    its delivery's journal document (``tests/unit/test_outbox_floor.py`` compares them)."""
    policy = DeliveryPolicy()
    steps = []
    for message in _queued(count):
        claimed = replaced(message.claim(NOW, policy), version=2)  # as stored by the claim
        settled = replaced(claimed.delivered(NOW), version=3)
        entry = journal_draft(_outcome(NotificationSent, settled, NOW)).document(0)
        steps.append((message, claimed, settled, entry))
    return steps


def _floor_setup(quick: bool) -> tuple[Work, Work, int]:
    """The text work alone, on the same messages and steps as a dispatch makes them."""
    count = 200 if quick else 2_000
    steps = floor_steps(count)

    def ours() -> None:
        for queued, claimed, settled, entry in steps:
            row_id, data, _ = encode_item(OUTBOX, queued, None)
            decode_row(OUTBOX, row_id, data, None, 1)
            encode_item(OUTBOX, claimed, None)
            encode_item(OUTBOX, settled, None)
            canonical_json_checked(entry, astral_keys=False)

    def baseline() -> None:
        sms = MemorySms()
        for i in range(count):
            sms.send(PHONE, f"Заявление № {i} одобрено.")

    return ours, baseline, count


_sqlite_facts: dict[str, Any] = {}


def _sqlite_setup(quick: bool) -> tuple[Work, Work, int]:
    count = 2_000 if quick else 10_000
    ids = SeededRandom(2)
    directory = Path(tempfile.mkdtemp(prefix="accredkit-outbox-"))
    runs = itertools.count()
    policy = DeliveryPolicy(batch_size=count)

    def ours() -> None:
        storage = SqliteStorage(directory / f"outbox-{next(runs)}.db")
        clock = FrozenClock(NOW)
        sms = MemorySms()
        service = NotificationService(
            storage, sms, MemoryEmail(), clock, policy, authority=Authority(clock)
        )
        with storage.unit_of_work() as uow:
            for i in range(count):
                queue(uow, to=PHONE, template="application.status.approved",
                      params={"application": f"№ {i}"}, now=NOW, ids=ids)  # fmt: skip
            uow.commit()
        started = time.perf_counter()
        report = service.dispatch(SYSTEM, NOW)
        elapsed = time.perf_counter() - started
        storage.close()
        assert len(report.sent) == len(sms.sent) == count
        best = _sqlite_facts.get("dispatch_s", float("inf"))
        if elapsed < best:
            _sqlite_facts.update(
                dispatch_s=elapsed,
                messages_per_second=round(count / elapsed),
                commits_per_batch_of=policy.commit_every,
            )

    def baseline() -> None:
        sms = MemorySms()
        started = time.perf_counter()
        for i in range(count):
            sms.send(PHONE, f"Заявление № {i} одобрено.")
        elapsed = time.perf_counter() - started
        direct = _sqlite_facts.get("direct_s", float("inf"))
        if elapsed < direct:
            _sqlite_facts.update(
                direct_s=elapsed, direct_sends_per_second=round(count / max(elapsed, 1e-9))
            )

    return ours, baseline, count


def _sqlite_describe() -> dict[str, Any]:
    facts = dict(_sqlite_facts)
    facts.pop("dispatch_s", None)
    facts.pop("direct_s", None)
    return facts


BENCHMARKS = [
    Benchmark(
        name="outbox: queue + dispatch (memory storage)",
        baseline_name="MemorySms.send directly",
        setup=_setup,
        # Not met on this design: docs/benchmarks.md, "The outbox path".
        target=20.0,
    ),
    Benchmark(
        name="outbox: dispatch 10,000 queued messages (SQLite, batched commits)",
        baseline_name="MemorySms.send in a loop",
        setup=_sqlite_setup,
        target=None,
        describe=_sqlite_describe,
    ),
    Benchmark(
        name="outbox floor: a message's three rows, one read and its journal bytes alone",
        baseline_name="MemorySms.send directly",
        setup=_floor_setup,
        target=None,
    ),
]
