"""The consequence table: event type → handlers, in table order (docs/architecture.md)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import (
    EVENT_FOR_TRIGGER,
    ApplicationApproved,
    ApplicationEvent,
    ApplicationRejected,
    HistoryEntry,
)
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.domain.certificates.certificate import CertificateIssued
from accredkit.domain.events import DomainEvent
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts.organisation_licences import LicenceGate
from accredkit.services.applications.consequences import Consequences, handler_name
from accredkit.services.applications.decisions import (
    DecisionRecorder,
    StatusNotifier,
    builtin_consequences,
)

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
        .adding(ApplicationEvent, Said("every", heard))
        .adding(ApplicationApproved, Said("approved", heard))
        .adding(ApplicationRejected, Said("rejected", heard))
    )
    with MemoryStorage().unit_of_work() as uow:
        caused = table.carry_out(uow, None, _event(ApplicationApproved, Trigger.APPROVE))  # type: ignore[arg-type]
    assert heard == ["every", "approved"]
    assert [getattr(e, "certificate_id", None) for e in caused] == ["every", "approved"]


def test_an_empty_table_causes_nothing() -> None:
    assert Consequences().handlers_for(_event(ApplicationApproved, Trigger.APPROVE)) == ()


@pytest.mark.parametrize("trigger", list(EVENT_FOR_TRIGGER))
def test_the_shipped_table_ends_every_move_with_the_applicants_notice(trigger: Trigger) -> None:
    gate, notices = LicenceGate(None), StatusNotifier(lambda uow, account: None)  # type: ignore[arg-type]
    recorder = DecisionRecorder(None, None, None, lambda uow, account: None)  # type: ignore[arg-type]
    table = builtin_consequences(gate, recorder, notices)
    names = [
        handler_name(h) for h in table.handlers_for(_event(EVENT_FOR_TRIGGER[trigger], trigger))
    ]
    assert names[-1] == "StatusNotifier"
    expected = {
        Trigger.SUBMIT: ["LicenceGate"],
        Trigger.APPROVE: ["LicenceGate", "DecisionRecorder.approved"],
        Trigger.REJECT: ["DecisionRecorder.rejected"],
        Trigger.REQUEST_INFO: ["DecisionRecorder.info_requested"],
    }
    assert names[:-1] == expected.get(trigger, [])
