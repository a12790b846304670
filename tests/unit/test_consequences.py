"""The consequence table: event type → handlers, in table order (docs/architecture.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import (
    ApplicationApproved,
    ApplicationEvent,
    ApplicationRejected,
    HistoryEntry,
    InformationRequested,
)
from accredkit.domain.applications.lifecycle import (
    TERMINAL_STATES,
    TRANSITIONS,
    ApplicationStatus,
    Role,
    Transition,
    Trigger,
)
from accredkit.domain.applications.lifecycle_changes import MoveFacts
from accredkit.domain.certificates.certificate import CertificateIssued
from accredkit.domain.correspondence.templates import TEMPLATES
from accredkit.domain.events import DomainEvent
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts.organisation_licences import LicenceGate
from accredkit.services.applications.consequences import Consequence, Consequences, handler_name
from accredkit.services.applications.decisions import (
    DecisionRecorder,
    Holder,
    HolderOnce,
    StatusNotifier,
    builtin_consequences,
)
from accredkit.services.correspondence.reminders import Contact

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _event(kind: type[ApplicationEvent], trigger: Trigger) -> ApplicationEvent:
    entry = HistoryEntry(
        AT,
        "arkady",
        Role.APPROVER,
        trigger,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.APPROVED,
    )
    return kind("app-1", entry)


class Said:
    """A handler that notes it ran and raises one event."""

    def __init__(self, name: str, heard: list[str]) -> None:
        self.name, self.heard = name, heard

    def __call__(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> tuple[DomainEvent, ...]:
        self.heard.append(self.name)
        return (CertificateIssued(self.name, "№ 1", event.application_id, event.at),)


def test_handlers_run_in_table_order_and_a_base_class_row_answers_every_move() -> None:
    heard: list[str] = []
    table = (
        Consequences()
        .adding(ApplicationEvent, "every", Said("every", heard))
        .adding(ApplicationApproved, "approved", Said("approved", heard))
        .adding(ApplicationRejected, "rejected", Said("rejected", heard))
    )
    with MemoryStorage().unit_of_work() as uow:
        event, caused = table.carry_out(uow, None, _event(ApplicationApproved, Trigger.APPROVE))  # type: ignore[arg-type]
    assert heard == ["every", "approved"]
    assert [getattr(e, "certificate_id", None) for e in caused] == ["every", "approved"]
    # The move's event names the certificate its handlers issued (the last one here).
    assert isinstance(event, ApplicationApproved)
    assert event.certificate_id == "approved"


def test_an_empty_table_causes_nothing() -> None:
    assert Consequences().handlers_for(_event(ApplicationApproved, Trigger.APPROVE)) == ()


def _shipped() -> Consequences:
    gate, notices = LicenceGate(None), StatusNotifier(lambda uow, account: None)  # type: ignore[arg-type]
    recorder = DecisionRecorder(None, None, None, lambda uow, account: None)  # type: ignore[arg-type]
    return builtin_consequences(gate, recorder, notices)


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: f"{r.source}-{r.trigger}")
def test_the_shipped_table_ends_every_move_with_the_applicants_notice(row: Transition) -> None:
    names = [handler_name(h) for h in _shipped().handlers_for(_event(row.event, row.trigger))]
    assert names[-1] == "StatusNotifier"
    expected = {
        Trigger.SUBMIT: ["LicenceGate"],
        Trigger.APPROVE: ["LicenceGate", "DecisionRecorder.certify", "DecisionRecorder.sign"],
        Trigger.REJECT: ["DecisionRecorder.sign"],
        Trigger.REQUEST_INFO: ["DecisionRecorder.sign"],
    }
    assert names[:-1] == expected.get(row.trigger, [])


def test_every_effect_a_row_names_has_its_handler_and_no_handler_is_unnamed() -> None:
    shipped = _shipped()
    assert shipped.disagreements() == []
    for row in TRANSITIONS:
        assert shipped.effects_for(row.event) == row.effect_names
        assert row.effect_names[-1] == "notice"


def test_a_row_without_its_handler_or_a_handler_without_its_row_is_named() -> None:
    shipped = _shipped()
    without_acts = attrs.evolve(shipped, rows=tuple(r for r in shipped.rows if r.effect != "act"))
    missing = without_acts.disagreements()
    assert len(missing) == sum(1 for row in TRANSITIONS if "act" in row.effect_names)
    assert all("'act'" in line for line in missing)
    stray = Consequence(ApplicationRejected, "employer_notice", Said("x", []))
    extra = attrs.evolve(shipped, rows=(*shipped.rows, stray)).disagreements()
    rejections = [row for row in TRANSITIONS if row.event is ApplicationRejected]
    assert len(extra) == len(rejections) == 2
    assert all("employer_notice" in line for line in extra)


def test_an_added_effect_is_named_by_every_row_of_its_event_and_only_once() -> None:
    table = _shipped().adding(ApplicationApproved, "employer_notice", Said("x", []), "plugin")
    assert table.disagreements() == []
    named = [row for row in table.lifecycle if "employer_notice" in row.effect_names]
    assert [row.trigger for row in named] == [Trigger.APPROVE]
    assert named[0].effect_names[-1] == "employer_notice"
    assert table.lifecycle[0] == TRANSITIONS[0]  # other rows untouched
    with pytest.raises(ValueError, match="employer_notice"):
        table.adding(ApplicationApproved, "employer_notice", Said("y", []))
    with pytest.raises(ValueError, match="notice"):
        table.adding(ApplicationEvent, "notice", Said("z", []))


def test_every_notice_a_row_names_is_a_template_the_notifier_can_fill() -> None:
    for row in TRANSITIONS:
        template = row.detail("notice")
        assert template is not None
        assert template in TEMPLATES
        assert set(TEMPLATES[template].params) <= {"application", "deadline"}
        if row.event is InformationRequested:
            assert "deadline" in TEMPLATES[template].params


@attrs.frozen
class _Move:
    actor: str = "kim"
    at: datetime = AT
    reason: str | None = "Не хватает стажа"
    question: str | None = "Нужна справка"
    deadline: datetime | None = AT + timedelta(days=3)


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: f"{r.source}-{r.trigger}")
def test_a_move_closes_the_case_exactly_when_its_target_is_terminal(row: Transition) -> None:
    move: MoveFacts = _Move()
    changes = row.change(move)
    assert ("closed_at" in changes) is (row.target in TERMINAL_STATES)
    assert {"status", "history", "version", "id"}.isdisjoint(changes)


class _Reads:
    def __init__(self) -> None:
        self.reads: list[str] = []

    def __call__(self, uow: UnitOfWork, account_id: str) -> Holder | None:
        self.reads.append(account_id)
        return Holder(account_id, None, Contact(None, None, "ru"))


def test_the_applicant_is_read_once_per_unit_of_work() -> None:
    reads = _Reads()
    holders = HolderOnce(reads)
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        first = holders(uow, "acc-1")
        assert holders(uow, "acc-1") is first
        assert holders(uow, "acc-2") is not None
    with storage.unit_of_work() as other:
        holders(other, "acc-2")
    assert reads.reads == ["acc-1", "acc-2", "acc-2"]
