"""The outbox on SQLite: racing dispatchers (separate storages, as separate processes
would hold) deliver every message once; a failing gateway is retried after commit."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.contacts import Phone
from accredkit.domain.correspondence.outbox import DeliveryPolicy, MessageStatus
from accredkit.services.authority import Authority
from accredkit.services.correspondence.notifications import NotificationService
from accredkit.services.correspondence.queueing import queue
from tests.support.seats import LONG_SESSIONS

NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
PHONE = Phone.parse("+79123456789")


def _fill(storage: SqliteStorage, count: int) -> None:
    ids = SeededRandom(5)
    with storage.unit_of_work() as uow:
        for i in range(count):
            queue(uow, to=PHONE, template="application.status.processing",
                  params={"application": f"№ {i}"}, now=NOW, ids=ids)  # fmt: skip
        uow.commit()


def test_dispatchers_on_separate_connections_send_each_message_once(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.db"
    seed = SqliteStorage(path)
    _fill(seed, 20)
    recorders = [MemorySms() for _ in range(3)]
    storages = [SqliteStorage(path) for _ in recorders]
    services = [
        NotificationService(
            s,
            r,
            MemoryEmail(),
            FrozenClock(NOW),
            authority=Authority(FrozenClock(NOW), LONG_SESSIONS),
        )
        for s, r in zip(storages, recorders, strict=True)
    ]
    threads = [threading.Thread(target=s.dispatch, args=(SYSTEM, NOW)) for s in services]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = [m.text for r in recorders for m in r.sent]
    assert len(texts) == 20
    assert len(set(texts)) == 20
    assert {m.status for m in services[0].outbox(SYSTEM, limit=None)} == {MessageStatus.SENT}
    for s in [seed, *storages]:
        s.close()


def test_failing_gateway_is_retried_after_reopening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.db"
    storage = SqliteStorage(path)
    _fill(storage, 1)
    sms = MemorySms()
    sms.failing = True
    policy = DeliveryPolicy(first_delay=timedelta(minutes=5))
    NotificationService(
        storage,
        sms,
        MemoryEmail(),
        FrozenClock(NOW),
        policy,
        authority=Authority(FrozenClock(NOW), LONG_SESSIONS),
    ).dispatch(SYSTEM, NOW)
    storage.close()
    reopened = SqliteStorage(path)
    sms.failing = False
    service = NotificationService(
        reopened,
        sms,
        MemoryEmail(),
        FrozenClock(NOW),
        policy,
        authority=Authority(FrozenClock(NOW), LONG_SESSIONS),
    )
    assert service.dispatch(SYSTEM, NOW + timedelta(minutes=4)).sent == ()
    assert len(service.dispatch(SYSTEM, NOW + timedelta(minutes=5)).sent) == 1
    assert len(sms.sent) == 1
    reopened.close()
