"""Messaging on memory and SQLite storage, with the real document inspector."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.correspondence.messages import MessageSent, MessageSide
from accredkit.domain.documents.rules import DEFAULT_POLICY
from accredkit.errors import NotFound, PermissionDenied, ValidationError
from accredkit.ports.storage import Storage
from accredkit.services.authority import Authority
from accredkit.services.correspondence.messages import MessageService
from accredkit.services.publishing import PublishingStorage
from accredkit.services.schema import APPLICATIONS, MESSAGES
from accredkit.testing.documents import javascript_pdf, text_pdf
from tests.support.seats import LONG_SESSIONS, seat_all, seated

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
ORG = "1027700132195"
OTHER_ORG = "1037739010891"
ALICE = seated("alice")
BOB = seated("bob")
REP = seated("rep", organisation_ogrn=ORG)
OTHER_REP = seated("rep-2", organisation_ogrn=OTHER_ORG)
REVIEWER = seated("reviewer", Role.REVIEWER)
APPROVER = seated("approver", Role.APPROVER)
PEOPLE = (ALICE, BOB, REP, OTHER_REP, REVIEWER, APPROVER)


@pytest.fixture(params=["memory", "sqlite"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PublishingStorage]:
    inner: Storage = (
        MemoryStorage() if request.param == "memory" else SqliteStorage(tmp_path / "c.db")
    )
    published = PublishingStorage(inner)
    with published.unit_of_work() as uow:
        repo = uow.repository(APPLICATIONS)
        for id_, applicant, ogrn in (
            ("app-alice", "alice", None),
            ("app-bob", "bob", None),
            ("app-org", "someone", ORG),
            ("app-other-org", "someone-else", OTHER_ORG),
        ):
            repo.add(
                Application.create(
                    id=id_,
                    applicant_id=applicant,
                    catalogue="portal",
                    accreditation_type=PORTAL.type("general"),
                    at=T0,
                    organisation_ogrn=ogrn,
                )
            )
        uow.commit()
    yield published
    published.close()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def blobs() -> MemoryBlobStore:
    return MemoryBlobStore()


@pytest.fixture
def service(
    storage: PublishingStorage, blobs: MemoryBlobStore, clock: FrozenClock
) -> MessageService:
    inspector = ContentInspector.for_policy(DEFAULT_POLICY)
    seat_all(storage, *PEOPLE, at=T0)
    authority = Authority(clock, LONG_SESSIONS)
    return MessageService(
        storage, blobs, inspector, DEFAULT_POLICY, clock, SeededRandom(7), authority
    )


def _journal(storage: Storage) -> list[dict[str, object]]:
    with storage.unit_of_work() as uow:
        return [json.loads(data) for _, data in uow.journal.read()]


def _message_count(storage: Storage) -> int:
    with storage.unit_of_work() as uow:
        return uow.repository(MESSAGES).count()


def test_applicant_and_body_exchange_messages_in_order(
    service: MessageService, clock: FrozenClock
) -> None:
    service.send(ALICE, "app-alice", "  Добрый день!\r\nКогда рассмотрят?  ")
    clock.advance(timedelta(minutes=5))
    service.send(REVIEWER, "app-alice", "Завтра.")
    thread = service.thread(ALICE, "app-alice")
    assert [(m.side, m.text) for m in thread] == [
        (MessageSide.APPLICANT, "Добрый день!\nКогда рассмотрят?"),
        (MessageSide.BODY, "Завтра."),
    ]
    assert thread[0].author_id == "alice"
    assert thread[1].sent_at == T0 + timedelta(minutes=5)


def test_reading_marks_only_the_other_sides_messages(
    service: MessageService, clock: FrozenClock
) -> None:
    service.send(ALICE, "app-alice", "Вопрос")
    service.send(REVIEWER, "app-alice", "Ответ")
    clock.advance(timedelta(hours=1))
    thread = service.thread(ALICE, "app-alice")
    assert thread[0].read_at is None  # her own message stays unread until the body reads
    assert (thread[1].read_at, thread[1].read_by) == (T0 + timedelta(hours=1), "alice")
    body_view = service.thread(APPROVER, "app-alice")  # any staff member reads for the body
    assert body_view[0].read_by == "approver"
    assert body_view[1].read_by == "alice"
    assert service.thread(REVIEWER, "app-alice")[0].read_by == "approver"  # first read kept


def test_unread_counts_per_application_for_each_side(service: MessageService) -> None:
    service.send(ALICE, "app-alice", "1")
    service.send(ALICE, "app-alice", "2")
    service.send(BOB, "app-bob", "3")
    service.send(REVIEWER, "app-alice", "ответ")
    assert service.unread(REVIEWER) == {"app-alice": 2, "app-bob": 1}
    assert service.unread(ALICE) == {"app-alice": 1}
    assert service.unread(BOB) == {}
    assert service.unread_count(REVIEWER, "app-alice") == 2
    service.thread(REVIEWER, "app-alice")
    assert service.unread(REVIEWER) == {"app-bob": 1}
    assert service.unread_count(ALICE, "app-alice") == 1
    service.thread(ALICE, "app-alice")
    assert service.unread(ALICE) == {}


def test_another_applicant_can_neither_read_nor_write_a_thread(
    service: MessageService, storage: Storage
) -> None:
    service.send(ALICE, "app-alice", "личное")
    for attempt in (
        lambda: service.send(BOB, "app-alice", "подсмотрю"),
        lambda: service.thread(BOB, "app-alice"),
        lambda: service.unread_count(BOB, "app-alice"),
    ):
        with pytest.raises(NotFound) as hidden:
            attempt()
        with pytest.raises(NotFound) as missing:
            service.thread(BOB, "no-such-application")
        # the same answer as for a missing application: nothing is revealed
        assert hidden.value.code == missing.value.code == "application.not_found"
        assert hidden.value.message_ru.replace(
            "app-alice", "X"
        ) == missing.value.message_ru.replace("no-such-application", "X")
    assert _message_count(storage) == 1
    assert service.thread(ALICE, "app-alice")[0].read_at is None  # Bob marked nothing


def test_representative_sees_only_their_organisations_threads(
    service: MessageService, clock: FrozenClock
) -> None:
    service.send(REVIEWER, "app-org", "Организации")
    service.send(REVIEWER, "app-other-org", "Другой организации")
    clock.advance(timedelta(seconds=1))
    service.send(REP, "app-org", "Вопрос от представителя")
    assert next(m.text for m in service.thread(REP, "app-org")) == "Организации"
    with pytest.raises(NotFound):
        service.thread(REP, "app-other-org")
    with pytest.raises(NotFound):
        service.send(REP, "app-alice", "чужое")
    assert service.unread(OTHER_REP) == {"app-other-org": 1}
    assert service.unread(REP) == {}


def test_system_role_takes_no_part(service: MessageService) -> None:
    with pytest.raises(PermissionDenied):
        service.send(SYSTEM, "app-alice", "автоматическое")
    with pytest.raises(PermissionDenied):
        service.unread(SYSTEM)


def test_bad_attachment_refuses_the_whole_message_with_every_violation(
    service: MessageService, storage: Storage, blobs: MemoryBlobStore
) -> None:
    good = text_pdf()
    with pytest.raises(ValidationError) as refused:
        service.send(
            ALICE,
            "app-alice",
            "Текст\tс табуляцией",
            [("scan.pdf", good), ("macro.pdf", javascript_pdf()), ("x.exe", b"MZ\x90\x00")],
        )
    fields = {v.field.split(".")[0] for v in refused.value.violations}
    assert fields == {"text", "attachments[1]", "attachments[2]"}
    assert "message.control_character" in {v.code for v in refused.value.violations}
    assert _message_count(storage) == 0
    assert _journal(storage) == []
    assert not blobs.exists(hashlib.sha256(good).hexdigest())


def test_good_attachment_keeps_hash_name_and_size_and_bytes_go_to_blobs(
    service: MessageService, blobs: MemoryBlobStore
) -> None:
    data = text_pdf()
    sent = service.send(
        REVIEWER, "app-bob", "Пример заполнения во вложении", [("образец.pdf", data)]
    )
    (attachment,) = sent.attachments
    assert (attachment.filename, attachment.size) == ("образец.pdf", len(data))
    assert blobs.get(attachment.sha256) == data
    assert service.thread(BOB, "app-bob")[0].attachments == sent.attachments


def test_sending_journals_ids_only_and_publishes_an_event(
    service: MessageService, storage: PublishingStorage
) -> None:
    seen: list[object] = []
    storage.subscribers.append(seen.append)
    sent = service.send(ALICE, "app-alice", "Мой СНИЛС 112-233-445 95")
    service.thread(REVIEWER, "app-alice")
    sent_entry, read_entry = _journal(storage)
    assert sent_entry["action"] == "message.sent"
    assert sent_entry["subject"] == {"id": "app-alice", "type": "application"}
    assert sent_entry["details"] == {"attachments": [], "message_id": sent.id, "side": "applicant"}
    assert "112-233" not in json.dumps(sent_entry, ensure_ascii=False)
    assert read_entry["action"] == "message.read"
    assert read_entry["actor"] == "reviewer"
    assert seen == [MessageSent(sent.id, "app-alice", "alice", MessageSide.APPLICANT, T0)]


def test_reading_without_news_changes_nothing(service: MessageService, storage: Storage) -> None:
    service.send(ALICE, "app-alice", "один")
    service.thread(ALICE, "app-alice")
    assert [e["action"] for e in _journal(storage)] == ["message.sent"]


# Issue 15, item 11: attachments can be downloaded with the message's visibility ---------
def test_a_message_attachment_downloads_for_those_who_see_the_message(
    service: MessageService, storage: PublishingStorage
) -> None:
    colleague = seated("rep-3", organisation_ogrn=ORG)
    seat_all(storage, colleague, at=T0)
    scan = text_pdf(seed=11)
    sent = service.send(REP, "app-org", "Справка во вложении", [("spravka.pdf", scan)])
    (ref,) = sent.attachments
    for reader in (REP, REVIEWER, APPROVER, colleague):
        assert service.attachment(reader, sent.id, ref.sha256) == scan
    for stranger in (BOB, OTHER_REP):
        with pytest.raises(NotFound) as hidden:
            service.attachment(stranger, sent.id, ref.sha256)
        assert hidden.value.code == "message.not_found"
    with pytest.raises(NotFound) as missing:
        service.attachment(REP, sent.id, "0" * 64)
    assert missing.value.code == "message.attachment_not_found"
    with pytest.raises(NotFound) as unknown:
        service.attachment(REP, "no-such-message", ref.sha256)
    assert unknown.value.code == "message.not_found"
