"""Outbox delivery (queue in a unit of work, claim, send, settle) vs sending directly."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.memory_storage import MemoryStorage
from accredkit.adapters.outbox import MemoryEmail, MemorySms
from accredkit.adapters.randomness import SeededRandom
from accredkit.domain.actors import SYSTEM
from accredkit.domain.identifiers import Phone
from accredkit.services.authority import Authority
from accredkit.services.notifications import NotificationService, queue
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


BENCHMARKS = [
    Benchmark(
        name="outbox: queue + dispatch (memory storage)",
        baseline_name="MemorySms.send directly",
        setup=_setup,
        target=None,
    )
]
