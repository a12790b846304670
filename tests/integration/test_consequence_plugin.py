"""A new consequence of a move is one row output and one handler, added by a plugin.

See docs/architecture.md, "What a move causes".

"Notify the employer on approval": the plugin names the effect ``employer_notice`` on
the rows raising ``ApplicationApproved`` and registers its handler; it queues the notice
through the outbox in the approval's own unit of work, after the shipped handlers
(certificate, act, the applicant's notice). An approval that is refused after the handler
ran queues nothing (docs/architecture.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import accredkit
from accredkit import (
    Application,
    ApplicationApproved,
    ApplicationEvent,
    Email,
    queue_notification,
)
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.domain.authority.actors import SYSTEM
from accredkit.errors import PluginError, ValidationError, Violation
from accredkit.ports.storage import UnitOfWork
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.numbering import short_number
from accredkit.services.schema import APPLICATIONS
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import complete_application, signed_in, staff_member

EMPLOYER = Email.parse("kadry@clinic.example")
ARCHITECTURE = Path(__file__).parents[2] / "docs" / "architecture.md"


class EmployerNotice:
    """The plugin: one row output (``employer_notice`` on approvals) and its handler."""

    @accredkit.hookimpl
    def accredkit_register_consequences(self, register: Any) -> None:
        register(ApplicationApproved, "employer_notice", self.notify)

    def notify(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Queue the approval notice to the employer, in the approval's unit of work."""
        queue_notification(
            uow,
            to=EMPLOYER,
            template="application.status.approved",
            params={"application": short_number(application)},
            now=event.at,
            dedup_key=f"employer-approval:{application.id}",
        )


class RefusesApprovals:
    """A later row that refuses every approval, after the employer's notice was staged."""

    @accredkit.hookimpl
    def accredkit_register_consequences(self, register: Any) -> None:
        register(ApplicationApproved, "employer_check", self.refuse)

    def refuse(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        raise ValidationError(
            "the employer is not known",
            violations=[
                Violation("employer.unknown", "employer", "Нет работодателя.", "No employer.")
            ],
        )


def _harness(*plugins: object) -> Iterator[AccountsHarness]:
    harness = AccountsHarness(plugins=plugins)
    yield harness
    harness.close()


@pytest.fixture
def notified() -> Iterator[AccountsHarness]:
    yield from _harness(EmployerNotice())


@pytest.fixture
def refused() -> Iterator[AccountsHarness]:
    yield from _harness(EmployerNotice(), RefusesApprovals())


def _ready_for_decision(h: AccountsHarness) -> tuple[str, Callable[[], Application]]:
    """An application under review, and the approval to run on it."""
    person = signed_in(h)
    app = complete_application(h, person.actor)
    h.cabinet.applications.submit(person.actor, app.id)
    reviewer = staff_member(h, Role.REVIEWER, n=70).actor
    h.cabinet.reviews.take(reviewer, app.id)
    h.cabinet.reviews.send_for_approval(reviewer, app.id)
    approver = staff_member(h, Role.APPROVER, n=71).actor
    return app.id, lambda: h.cabinet.reviews.approve(approver, app.id)


def _outbox(h: AccountsHarness) -> list[tuple[str, str]]:
    """(dedup key, recipient) of every queued message, in the order they were queued."""
    messages = h.cabinet.notifications.outbox(SYSTEM, limit=None)
    return [(m.dedup_key or "", m.recipient) for m in sorted(messages, key=lambda m: m.created_at)]


def test_a_plugin_adds_the_employer_notice_to_approvals(notified: AccountsHarness) -> None:
    app_id, approve = _ready_for_decision(notified)
    before = _outbox(notified)
    approved = approve()
    assert approved.status is ApplicationStatus.APPROVED
    new = [entry for entry in _outbox(notified) if entry not in before]
    employer = [key for key, to in new if to == str(EMPLOYER)]
    assert employer == [f"employer-approval:{app_id}"]
    # The shipped consequences still ran: the applicant's notice and the certificate.
    assert any(key.startswith(f"application-status:{app_id}:") for key, _ in new)
    with notified.cabinet.storage.unit_of_work() as uow:
        assert uow.repository(CERTIFICATES).query({"application_id": app_id})
    # The plugin's row comes after the shipped ones, and only approvals answer it.
    table = notified.cabinet.consequences
    rows = table.rows
    assert rows[-1].plugin != "builtin"
    assert (rows[-1].event, rows[-1].effect) == (ApplicationApproved, "employer_notice")
    assert all(row.plugin == "builtin" for row in rows[:-1])
    # The lifecycle row of the approval names the new effect last; the table agrees.
    naming = [row for row in table.lifecycle if "employer_notice" in row.effect_names]
    assert [(row.source, row.trigger) for row in naming] == [
        (ApplicationStatus.UNDER_REVIEW, Trigger.APPROVE)
    ]
    assert naming[0].effect_names[-1] == "employer_notice"
    assert table.disagreements() == []


def test_the_employer_is_not_told_of_other_moves(notified: AccountsHarness) -> None:
    _ready_for_decision(notified)
    assert all(to != str(EMPLOYER) for _, to in _outbox(notified))


def test_a_refused_approval_queues_nothing(refused: AccountsHarness) -> None:
    app_id, approve = _ready_for_decision(refused)
    before = _outbox(refused)
    with pytest.raises(ValidationError) as info:
        approve()
    assert info.value.violations[0].code == "employer.unknown"
    assert _outbox(refused) == before
    with refused.cabinet.storage.unit_of_work() as uow:
        stored = uow.repository(APPLICATIONS).get(app_id)
        assert stored.status is ApplicationStatus.UNDER_REVIEW
        assert not uow.repository(CERTIFICATES).query({"application_id": app_id})


@pytest.mark.parametrize(
    ("event_type", "effect", "handler"),
    [
        ("ApplicationApproved", "employer_notice", print),
        (Violation, "employer_notice", print),
        (ApplicationApproved, "employer_notice", "notify"),
        (ApplicationApproved, print, None),  # the effect left unnamed
        (ApplicationApproved, "employer notice", print),
        (ApplicationApproved, "notice", print),  # the shipped notice is named already
    ],
)
def test_a_consequence_needs_an_application_event_a_new_effect_and_a_callable(
    event_type: object, effect: object, handler: object
) -> None:
    class Wrong:
        @accredkit.hookimpl
        def accredkit_register_consequences(self, register: Any) -> None:
            register(event_type, effect, handler)

    with pytest.raises(PluginError) as info, accredkit.bootstrap(plugins=[Wrong()]) as cabinet:
        assert cabinet.consequences  # a clash with a shipped effect shows when it is built
    assert info.value.code == "plugin.consequence"


def test_the_architecture_page_shows_the_shipped_table() -> None:
    with accredkit.bootstrap() as cabinet:
        rendered = cabinet.consequences.render_markdown()
    page = ARCHITECTURE.read_text(encoding="utf-8")
    found = re.search(r"<!-- consequences -->\n(.*?)<!-- /consequences -->", page, re.DOTALL)
    assert found is not None, "docs/architecture.md lost its consequence table"
    assert found.group(1) == rendered
