"""The outbox service: queued with the change, sent once, retried with back-off."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.correspondence.outbox import DeliveryPolicy, MessageStatus
from accredkit.ports.storage import Storage
from accredkit.services.authority import Authority
from accredkit.services.correspondence.notifications import (
    CertificateReminder,
    Contact,
    DeadlineReminder,
    NotificationService,
)
from accredkit.services.correspondence.queueing import queue
from tests.support.seats import LONG_SESSIONS, seat

NOW = datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
_SEEDS = itertools.count(1000)
PHONE = Phone.parse("+7 912 345-67-89")
EMAIL = Email.parse("doctor@clinic.ru")
BOTH = Contact(phone=PHONE, email=EMAIL, language="ru")


class Crash(BaseException):
    """The dispatcher process dies in the middle of a send."""


class CrashingSms(MemorySms):
    def send(self, to: Phone, text: str) -> None:
        raise Crash


def _service(
    storage: Storage, sms: MemorySms, email: MemoryEmail | None = None, **policy: object
) -> NotificationService:
    return NotificationService(
        storage,
        sms,
        email or MemoryEmail(),
        FrozenClock(NOW),
        DeliveryPolicy(**policy),  # type: ignore[arg-type]
        authority=Authority(FrozenClock(NOW), LONG_SESSIONS),
    )


def _queue_status(storage: Storage, status: str = "approved", key: str | None = None) -> list[str]:
    with storage.unit_of_work() as uow:
        queued = queue(
            uow,
            to=BOTH,
            template=f"application.status.{status}",
            params={"application": "№ 17"},
            now=NOW,
            dedup_key=key,
            ids=SeededRandom(next(_SEEDS)),
        )
        uow.commit()
    return [m.id for m in queued]


def test_queued_message_exists_only_if_the_unit_of_work_commits() -> None:
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        queue(uow, to=PHONE, template="account.one_time_code",
              params={"code": "123456", "minutes": 5}, now=NOW, ids=SeededRandom(1))  # fmt: skip
    service = _service(storage, MemorySms())
    assert service.outbox(SYSTEM) == []


def test_contact_gets_one_message_per_channel_in_its_language() -> None:
    storage = MemoryStorage()
    sms, email = MemorySms(), MemoryEmail()
    with storage.unit_of_work() as uow:
        queue(uow, to=Contact(PHONE, EMAIL, "en"), template="application.status.rejected",
              params={"application": "No. 3"}, now=NOW, ids=SeededRandom(2))  # fmt: skip
        uow.commit()
    report = _service(storage, sms, email).dispatch(SYSTEM, NOW)
    assert len(report.sent) == 2
    assert (
        sms.sent[0].text == "Application No. 3 has been rejected. The reasons are in your cabinet."
    )
    assert email.sent[0].subject == "Application No. 3: rejected"
    assert email.sent[0].text.endswith("— Accreditation cabinet")


def test_same_dedup_key_is_queued_once() -> None:
    storage = MemoryStorage()
    first = _queue_status(storage, key="application-status:a1:approved")
    again = _queue_status(storage, key="application-status:a1:approved")
    assert len(first) == 2
    assert again == []
    assert len(_service(storage, MemorySms()).outbox(SYSTEM)) == 2


def test_dispatch_sends_once_and_marks_sent() -> None:
    storage = MemoryStorage()
    sms, email = MemorySms(), MemoryEmail()
    _queue_status(storage)
    service = _service(storage, sms, email)
    report = service.dispatch(SYSTEM, NOW)
    assert len(report.sent) == 2
    assert service.dispatch(SYSTEM, NOW + timedelta(hours=1)).sent == ()
    assert len(sms.sent) == len(email.sent) == 1
    assert {m.status for m in service.outbox(SYSTEM)} == {MessageStatus.SENT}
    assert all(m.sent_at == NOW for m in service.outbox(SYSTEM))


def test_one_time_code_is_not_kept_in_the_outbox_once_sent() -> None:
    storage = MemoryStorage()
    sms = MemorySms()
    with storage.unit_of_work() as uow:
        queue(uow, to=PHONE, template="account.one_time_code",
              params={"code": "654321", "minutes": 5}, now=NOW, ids=SeededRandom(1))  # fmt: skip
        uow.commit()
    service = _service(storage, sms)
    service.dispatch(SYSTEM, NOW)
    assert "654321" in sms.sent[0].text
    [stored] = service.outbox(SYSTEM)
    assert "654321" not in stored.body
    assert stored.params == ()


def test_failing_sms_port_keeps_message_pending_and_retries_with_backoff() -> None:
    storage = MemoryStorage()
    sms, email = MemorySms(), MemoryEmail()
    _queue_status(storage)
    service = _service(storage, sms, email, first_delay=timedelta(minutes=2))
    sms.failing = True
    report = service.dispatch(SYSTEM, NOW)
    assert len(report.retrying) == 1
    assert len(report.sent) == 1
    [waiting] = service.outbox(SYSTEM, status="pending")
    assert (waiting.attempts, waiting.last_error) == (1, "sms.down")
    assert waiting.next_attempt_at == NOW + timedelta(minutes=2)
    sms.failing = False
    assert service.dispatch(SYSTEM, NOW + timedelta(minutes=1)).sent == ()  # not yet due
    assert service.dispatch(SYSTEM, NOW + timedelta(minutes=2)).sent == (waiting.id,)
    assert service.dispatch(SYSTEM, NOW + timedelta(hours=5)).sent == ()
    assert [m.text for m in sms.sent] == [waiting.body]  # delivered exactly once


def test_after_the_last_attempt_the_message_is_dead_until_requeued() -> None:
    storage = MemoryStorage()
    sms = MemorySms()
    with storage.unit_of_work() as uow:
        queue(uow, to=PHONE, template="application.status.approved",
              params={"application": "№ 1"}, now=NOW, ids=SeededRandom(1))  # fmt: skip
        uow.commit()
    service = _service(storage, sms, max_attempts=3, first_delay=timedelta(minutes=1))
    sms.failing = True
    moment = NOW
    for _ in range(3):
        service.dispatch(SYSTEM, moment)
        moment += timedelta(hours=1)
    [dead] = service.outbox(SYSTEM, status="failed")
    assert dead.attempts == 3
    sms.failing = False
    assert service.dispatch(SYSTEM, moment).sent == ()
    service.requeue(_operator(service), dead.id, moment)
    assert service.dispatch(SYSTEM, moment).sent == (dead.id,)
    assert len(sms.sent) == 1


def test_two_dispatchers_racing_deliver_each_message_once() -> None:
    storage = MemoryStorage()
    delivered: list[str] = []
    lock = threading.Lock()

    class SlowSms(MemorySms):
        def send(self, to: Phone, text: str) -> None:
            time.sleep(0.001)
            with lock:
                delivered.append(text)

    with storage.unit_of_work() as uow:
        for i in range(30):
            queue(uow, to=PHONE, template="application.status.submitted",
                  params={"application": f"№ {i}"}, now=NOW, ids=SeededRandom(i))  # fmt: skip
        uow.commit()
    services = [_service(storage, SlowSms()) for _ in range(3)]
    threads = [threading.Thread(target=s.dispatch, args=(SYSTEM, NOW)) for s in services]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(delivered) == sorted(f"Заявление № {i} подано. Выполняются автоматические "
                                       "проверки." for i in range(30))  # fmt: skip
    assert {m.status for m in services[0].outbox(SYSTEM, limit=None)} == {MessageStatus.SENT}


def test_dispatcher_losing_the_claim_skips_the_message() -> None:
    storage = MemoryStorage()
    sms_a, sms_b = MemorySms(), MemorySms()
    [message_id, _] = _queue_status(storage)
    a, b = _service(storage, sms_a), _service(storage, sms_b)
    stale_view = a._due(NOW, None)  # a read the outbox ...
    b.dispatch(SYSTEM, NOW)  # ... b claimed and sent first ...
    assert a._claim(stale_view[0].id, NOW) is None  # ... so a's claim is refused
    assert len(sms_a.sent) == 0
    assert len(sms_b.sent) == 1
    assert message_id in {m.id for m in stale_view}


def test_dispatcher_dying_midway_never_resends_by_itself() -> None:
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        queue(uow, to=PHONE, template="application.status.approved",
              params={"application": "№ 1"}, now=NOW, ids=SeededRandom(1))  # fmt: skip
        uow.commit()
    with pytest.raises(Crash):
        _service(storage, CrashingSms()).dispatch(SYSTEM, NOW)
    sms = MemorySms()
    survivor = _service(storage, sms, lease=timedelta(minutes=5))
    assert survivor.dispatch(SYSTEM, NOW + timedelta(minutes=1)).sent == ()  # lease still held
    report = survivor.dispatch(SYSTEM, NOW + timedelta(minutes=6))
    assert len(report.outcome_unknown) == 1
    assert report.sent == ()
    [unknown] = survivor.outbox(SYSTEM, status="failed")
    assert unknown.last_error == "outbox.outcome_unknown"
    assert sms.sent == []
    survivor.requeue(_operator(survivor), unknown.id, NOW + timedelta(minutes=7))
    assert survivor.dispatch(SYSTEM, NOW + timedelta(minutes=7)).sent == (unknown.id,)


def test_only_dispatches_the_named_messages() -> None:
    storage = MemoryStorage()
    sms = MemorySms()
    first = _queue_status(storage, "approved")
    _queue_status(storage, "rejected")
    report = _service(storage, sms).dispatch(SYSTEM, NOW, only=first)
    assert sorted(report.sent) == sorted(first)


def _expiring(valid_until: date, cert_id: str = "c1") -> CertificateReminder:
    return CertificateReminder(cert_id, "АК-2026-000001-5", valid_until, BOTH)


def test_expiry_reminder_is_queued_once_at_90_days_however_often_remind_runs() -> None:
    storage = MemoryStorage()
    sms = MemorySms()
    service = _service(storage, sms)
    certificate = _expiring(date(2026, 7, 29))  # 90 days after 30 April (Moscow date)
    reports = [service.remind(SYSTEM, NOW + timedelta(minutes=m), certificates=[certificate])
               for m in range(0, 600, 60)]  # fmt: skip
    assert len(reports[0].queued) == 2
    assert all(r.queued == () for r in reports[1:])
    service.dispatch(SYSTEM, NOW)
    assert len(sms.sent) == 1
    assert "через 90 дней" in sms.sent[0].text
    assert service.remind(SYSTEM, NOW + timedelta(days=1), certificates=[certificate]).queued == ()


def test_expiry_reminders_at_30_and_7_days_each_once() -> None:
    service = _service(MemoryStorage(), MemorySms())
    certificate = _expiring(date(2026, 7, 29))
    queued: list[str] = []
    for day in range(100):
        queued += service.remind(
            SYSTEM, NOW + timedelta(days=day), certificates=[certificate]
        ).queued
    keys = sorted({m.dedup_key or "" for m in service.outbox(SYSTEM, limit=None)})
    assert keys == [f"certificate-expiry:c1:{n}" for n in (30, 7, 90)]
    assert len(queued) == 6  # three reminders, each by SMS and e-mail


def test_no_reminder_long_before_or_after_expiry() -> None:
    service = _service(MemoryStorage(), MemorySms())
    far = _expiring(date(2026, 12, 31), "far")
    gone = _expiring(date(2026, 4, 1), "gone")
    assert service.remind(SYSTEM, NOW, certificates=[far, gone]).queued == ()


def test_approaching_info_deadline_is_reminded_3_days_and_1_day_before() -> None:
    service = _service(MemoryStorage(), MemorySms())
    request = DeadlineReminder("a1", "№ 17", date(2026, 5, 6), Contact(phone=PHONE))
    days = [service.remind(SYSTEM, NOW + timedelta(days=d), deadlines=[request]).queued
            for d in range(7)]  # fmt: skip
    assert [len(q) for q in days] == [0, 0, 0, 1, 0, 1, 0]
    texts = [m.body for m in service.outbox(SYSTEM, limit=None)]
    assert any("через 3 дня" in t for t in texts)
    assert any("через 1 день" in t for t in texts)


def _operator(service: NotificationService) -> Actor:
    """An operator seated in the service's storage (requeueing is an operator's decision)."""
    return seat(service.storage, f"operator-{id(service)}", Role.OPERATOR, at=NOW)
