"""History of an account's applications, on memory and SQLite storage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.applications.application import Application, TransitionInput
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.errors import NotFound, PermissionDenied
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.history import HistoryService
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS
from accredkit.testing.lifecycle_strategies import complete_draft
from tests.support.seats import LONG_SESSIONS, seat_all, seated

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
ORG = "1027700132195"
ALICE = seated("alice")
BOB = seated("bob")
COLLEAGUE = seated("colleague", organisation_ogrn=ORG)
OPERATOR = seated("operator", Role.OPERATOR)


def _authority(storage: Storage) -> Authority:
    """The permission gate, with the test's people seated in ``storage``."""
    seat_all(storage, ALICE, BOB, COLLEAGUE, OPERATOR, at=T0)
    return Authority(FrozenClock(T0 + timedelta(days=10)), LONG_SESSIONS)


MET = TransitionInput(unmet_requirements=frozenset())


def _walk(app: Application, *moves: tuple[Trigger, Role, str | None]) -> Application:
    at = app.created_at
    for trigger, role, reason in moves:
        at += timedelta(days=1)
        actor = app.applicant_id if role is Role.APPLICANT else f"{role}-1"
        if trigger is Trigger.APPROVE:
            actor = "approver-2"
        app, _ = app.fire(trigger, actor=actor, role=role, at=at, reason=reason, context=MET)
    return app


def _draft(id: str, applicant: str, at: datetime, ogrn: str | None = None) -> Application:
    app = complete_draft(PORTAL.type("general"), at=at, id=id, applicant_id=applicant)
    return app if ogrn is None else Application(**{**app.__dict__, "organisation_ogrn": ogrn})


@pytest.fixture(params=["memory", "sqlite"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    store: Storage = (
        MemoryStorage() if request.param == "memory" else SqliteStorage(tmp_path / "h.db")
    )
    approved = _walk(
        _draft("a-approved", "alice", T0),
        (Trigger.SUBMIT, Role.APPLICANT, None),
        (Trigger.ACCEPT, Role.OPERATOR, None),
        (Trigger.SEND_FOR_APPROVAL, Role.REVIEWER, None),
        (Trigger.APPROVE, Role.APPROVER, "Соответствует требованиям"),
    )
    rejected = _walk(
        _draft("a-rejected", "alice", T0 + timedelta(days=10), ORG),
        (Trigger.SUBMIT, Role.APPLICANT, None),
        (Trigger.REJECT, Role.OPERATOR, "Неполный комплект документов"),
    )
    draft = _draft("a-draft", "alice", T0 + timedelta(days=20))
    bobs = _draft("b-1", "bob", T0)
    with store.unit_of_work() as uow:
        for app in (approved, rejected, draft, bobs):
            uow.repository(APPLICATIONS).add(app)
        uow.commit()
    yield store
    store.close()


def _acts(uow: UnitOfWork, application_id: str) -> list[object]:
    app = uow.repository(APPLICATIONS).get(application_id)
    return [
        f"act:{e.trigger}" for e in app.history if e.trigger in (Trigger.APPROVE, Trigger.REJECT)
    ]


def test_history_lists_every_application_newest_first_with_transitions_and_reasons(
    storage: Storage,
) -> None:
    records = HistoryService(storage, _authority(storage), acts=_acts).history(ALICE)
    assert [r.application_id for r in records] == ["a-draft", "a-rejected", "a-approved"]
    draft, rejected, approved = records
    assert draft.transitions == ()
    assert draft.acts == ()
    assert [e.trigger for e in approved.transitions] == [
        Trigger.SUBMIT,
        Trigger.ACCEPT,
        Trigger.SEND_FOR_APPROVAL,
        Trigger.APPROVE,
    ]
    assert [(d.trigger, d.actor, d.reason) for d in approved.decisions] == [
        (Trigger.APPROVE, "approver-2", "Соответствует требованиям")
    ]
    assert rejected.status is ApplicationStatus.REJECTED
    assert rejected.decision_reason == "Неполный комплект документов"
    assert rejected.acts == ("act:reject",)
    assert approved.decided_at == T0 + timedelta(days=4)


def test_certificates_come_from_the_linked_reader(storage: Storage) -> None:
    service = HistoryService(
        storage,
        _authority(storage),
        certificates=lambda uow, app_id: ["cert-1"] if app_id == "a-approved" else [],
    )
    by_id = {r.application_id: r for r in service.history(ALICE)}
    assert by_id["a-approved"].certificates == ("cert-1",)
    assert by_id["a-rejected"].certificates == ()


def test_staff_read_any_account_and_applicants_only_their_own(storage: Storage) -> None:
    service = HistoryService(storage, _authority(storage))
    assert [r.application_id for r in service.history(OPERATOR, "bob")] == ["b-1"]
    with pytest.raises(PermissionDenied):
        service.history(BOB, "alice")
    with pytest.raises(PermissionDenied):
        service.history(BOB, "no-such-account")  # the same answer: existence not revealed
    assert [r.application_id for r in service.history(BOB)] == ["b-1"]


def test_representative_sees_only_the_organisations_applications_of_a_colleague(
    storage: Storage,
) -> None:
    service = HistoryService(storage, _authority(storage))
    assert [r.application_id for r in service.history(COLLEAGUE, "alice")] == ["a-rejected"]
    assert service.history(COLLEAGUE, "bob") == []


def test_one_applications_history_is_hidden_from_others(storage: Storage) -> None:
    service = HistoryService(storage, _authority(storage))
    assert service.application(ALICE, "a-approved").status is ApplicationStatus.APPROVED
    with pytest.raises(NotFound):
        service.application(BOB, "a-approved")
