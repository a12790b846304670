"""The outbox claims and settles ``commit_every`` messages per commit (docs/notifications.md),
and a dispatcher that loses part of a batch to another still sends each message once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.contacts import Phone
from accredkit.domain.correspondence.outbox import DeliveryPolicy, MessageStatus
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.authority import Authority
from accredkit.services.correspondence.notifications import NotificationService
from accredkit.services.correspondence.queueing import queue
from accredkit.services.publishing import DelegatingUnitOfWork
from accredkit.services.schema import OUTBOX
from tests.support.durability import read_journal
from tests.support.seats import LONG_SESSIONS

T = TypeVar("T")
NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
PHONE = Phone.parse("+79123456789")


class _Counted(DelegatingUnitOfWork):
    """A unit of work that counts its commits in ``owner``."""

    def __init__(self, inner: UnitOfWork, owner: CountingStorage) -> None:
        super().__init__(inner)
        self._owner = owner

    def commit(self) -> None:
        self._inner.commit()
        self._owner.commits += 1


class CountingStorage:
    """Real SQLite storage that counts committed units of work."""

    def __init__(self, inner: Storage) -> None:
        self.inner, self.capabilities, self.commits = inner, inner.capabilities, 0

    def unit_of_work(self) -> UnitOfWork:
        return _Counted(self.inner.unit_of_work(), self)

    def close(self) -> None:
        self.inner.close()


def _service(storage: Storage, sms: MemorySms, policy: DeliveryPolicy) -> NotificationService:
    clock = FrozenClock(NOW)
    return NotificationService(
        storage, sms, MemoryEmail(), clock, policy, authority=Authority(clock, LONG_SESSIONS)
    )


def _fill(storage: Storage, count: int) -> None:
    ids = SeededRandom(7)
    with storage.unit_of_work() as uow:
        for i in range(count):
            queue(uow, to=PHONE, template="application.status.processing",
                  params={"application": f"№ {i}"}, now=NOW, ids=ids)  # fmt: skip
        uow.commit()


def test_a_dispatch_commits_once_per_batch_of_claims_and_once_per_batch_of_outcomes(
    tmp_path: Path,
) -> None:
    storage = CountingStorage(SqliteStorage(tmp_path / "cabinet.db"))
    _fill(storage, 250)
    storage.commits = 0
    sms = MemorySms()
    report = _service(storage, sms, DeliveryPolicy(batch_size=250, commit_every=100)).dispatch(
        SYSTEM, NOW
    )
    assert len(report.sent) == len(sms.sent) == 250
    assert storage.commits == 6  # 3 batches (100, 100, 50): a claim and a settle each
    entries = [e for e in read_journal(storage) if e.action == "notification.sent"]
    assert sorted(e.subject_id for e in entries) == sorted(report.sent)
    storage.close()


def test_a_batch_partly_taken_by_another_dispatcher_still_sends_each_message_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cabinet.db"
    seed = SqliteStorage(path)
    _fill(seed, 30)
    policy = DeliveryPolicy(batch_size=30, commit_every=10)
    other_sms, other_storage = MemorySms(), SqliteStorage(path)
    other = _service(other_storage, other_sms, DeliveryPolicy(batch_size=5))

    class Interrupting(MemorySms):
        """While the first batch is sent, another dispatcher takes five messages."""

        def send(self, to: Phone, text: str) -> None:
            if not self.sent:
                other.dispatch(SYSTEM, NOW)
            super().send(to, text)

    sms = Interrupting()
    storage = SqliteStorage(path)
    report = _service(storage, sms, policy).dispatch(SYSTEM, NOW)
    tally = Counter(m.text for m in [*sms.sent, *other_sms.sent])
    assert len(tally) == 30
    assert set(tally.values()) == {1}
    assert len(other_sms.sent) == 5
    assert len(report.sent) == 25
    assert len(report.lost_race) == 5
    with seed.unit_of_work() as uow:
        statuses = {m.status for m in uow.repository(OUTBOX).query({})}
    assert statuses == {MessageStatus.SENT}
    for s in (seed, other_storage, storage):
        s.close()
