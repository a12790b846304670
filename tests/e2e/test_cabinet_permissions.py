"""Who may do what in the cabinet, with real accounts, on memory and SQLite.

Every refusal must leave the cabinet as it was: the application, the journal, the
outbox, the messages and the blob store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import Actor
from accredkit.errors import NotFound, PermissionDenied, ValidationError
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.schema import ACTS, APPLICATIONS, MESSAGES, OUTBOX
from accredkit.testing import documents as files
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import (
    administrator,
    complete_application,
    person_form,
    signed_in,
    staff_member,
    unverified,
)


def _reviewer(h: AccountsHarness) -> Actor:
    return staff_member(h, Role.REVIEWER, n=900).actor


def _approver(h: AccountsHarness) -> Actor:
    return staff_member(h, Role.APPROVER, n=901).actor


@attrs.frozen
class Snapshot:
    """What a refused call must not change."""

    applications: tuple[Application, ...]
    journal: int
    outbox: int
    messages: int
    certificates: int
    acts: int


def _snapshot(h: AccountsHarness) -> Snapshot:
    with h.cabinet.storage.unit_of_work() as uow:
        return Snapshot(
            applications=tuple(uow.repository(APPLICATIONS).query({}, order_by="created_at")),
            journal=uow.journal.size(),
            outbox=uow.repository(OUTBOX).count(),
            messages=uow.repository(MESSAGES).count(),
            certificates=uow.repository(CERTIFICATES).count(),
            acts=uow.repository(ACTS).count(),
        )


def _in_needs_info(h: AccountsHarness, actor: Actor, reviewer: Actor, seed: int) -> Application:
    app = complete_application(h, actor, seed=seed)
    h.cabinet.applications.submit(actor, app.id)
    h.cabinet.reviews.take(reviewer, app.id)
    return h.cabinet.reviews.request_info(reviewer, app.id, "Приложите удостоверение за 2025 год")


Operation = Callable[[AccountsHarness, Actor, str, bytes], Any]

# name, operation(harness, intruder, application id, a fresh valid file)
INTRUSIONS: list[tuple[str, Operation]] = [
    ("read", lambda h, a, app, _: h.cabinet.applications.get(a, app)),
    ("read history", lambda h, a, app, _: h.cabinet.history.application(a, app)),
    ("read thread", lambda h, a, app, _: h.cabinet.messages.thread(a, app)),
    ("attach", lambda h, a, app, pdf: h.cabinet.applications.attach(a, app, pdf, "x.pdf", "other")),
    ("detach", lambda h, a, app, _: h.cabinet.applications.detach(a, app, "0" * 64)),
    ("submit", lambda h, a, app, _: h.cabinet.applications.submit(a, app)),
    ("answer", lambda h, a, app, _: h.cabinet.applications.answer(a, app, "Вот ответ")),
    ("withdraw", lambda h, a, app, _: h.cabinet.applications.withdraw(a, app, "не нужно")),
    ("message", lambda h, a, app, _: h.cabinet.messages.send(a, app, "Здравствуйте")),
]


def test_another_applicant_is_told_the_application_does_not_exist(
    cabinet_harness: AccountsHarness,
) -> None:
    h = cabinet_harness
    owner = signed_in(h, default_form())
    intruder = signed_in(h, person_form(1))
    draft = complete_application(h, owner.actor, seed=1)
    waiting = _in_needs_info(h, owner.actor, _reviewer(h), seed=2)
    fresh = files.text_pdf(seed=999)
    fresh_digest = h.cabinet.applications.check(fresh, "x.pdf").sha256
    before = _snapshot(h)
    for target in (draft.id, waiting.id):
        for name, operation in INTRUSIONS:
            with pytest.raises(NotFound) as refused:
                operation(h, intruder.actor, target, fresh)
            with pytest.raises(NotFound) as missing:
                operation(h, intruder.actor, "no-such-application", fresh)
            assert refused.value.code == missing.value.code == "application.not_found", name
            assert refused.value.message_ru == missing.value.message_ru, name
            assert _snapshot(h) == before, name
            assert not h.cabinet.blobs.exists(fresh_digest), name
    assert h.cabinet.applications.list(intruder.actor) == []


def test_the_owner_still_can_after_the_intruder_was_refused(
    cabinet_harness: AccountsHarness,
) -> None:
    h = cabinet_harness
    owner = signed_in(h, default_form())
    intruder = signed_in(h, person_form(2))
    draft = complete_application(h, owner.actor, seed=3)
    with pytest.raises(NotFound):
        h.cabinet.applications.submit(intruder.actor, draft.id)
    submitted = h.cabinet.applications.submit(owner.actor, draft.id)
    assert submitted.status is ApplicationStatus.SUBMITTED


def test_the_reviewer_who_sent_for_approval_cannot_decide_as_approver(
    cabinet_harness: AccountsHarness,
) -> None:
    h = cabinet_harness
    owner = signed_in(h)
    reviewer = staff_member(h, Role.REVIEWER, n=900)
    app = complete_application(h, owner.actor)
    h.cabinet.applications.submit(owner.actor, app.id)
    h.cabinet.reviews.take(reviewer.actor, app.id)
    h.cabinet.reviews.send_for_approval(reviewer.actor, app.id)
    admin = administrator(h)
    h.staff.grant(admin.actor, reviewer.account_id, Role.APPROVER)
    same_person = reviewer.actor  # the same session: the new role is read from storage
    before = _snapshot(h)
    with pytest.raises(ValidationError) as approving:
        h.cabinet.reviews.approve(same_person, app.id)
    assert approving.value.code == "application.four_eyes"
    assert _snapshot(h) == before
    with pytest.raises(ValidationError) as rejecting:
        h.cabinet.reviews.reject(same_person, app.id, "Недостаточно часов обучения")
    assert "application.four_eyes" in {v.code for v in rejecting.value.violations}
    assert _snapshot(h) == before
    assert h.cabinet.certificates.of_holder(owner.actor, owner.account_id) == []
    approved = h.cabinet.reviews.approve(_approver(h), app.id)  # a second officer may
    assert approved.status is ApplicationStatus.APPROVED


def test_an_unverified_account_cannot_submit_a_complete_application(
    cabinet_harness: AccountsHarness,
) -> None:
    h = cabinet_harness
    newcomer = unverified(h, person_form(3))
    app = complete_application(h, newcomer.actor, seed=4)
    missing = {r.code for r in h.requirements(newcomer.account_id)}
    assert {"access.phone_unconfirmed", "access.email_unconfirmed"} <= missing
    before = _snapshot(h)
    with pytest.raises(ValidationError) as refused:
        h.cabinet.applications.submit(newcomer.actor, app.id)
    assert refused.value.code == "application.access_requirements_unmet"
    [violation] = refused.value.violations
    for code in missing:
        assert code in violation.message_en
        assert code in violation.message_ru
    assert _snapshot(h) == before
    assert h.cabinet.applications.get(newcomer.actor, app.id).status is ApplicationStatus.DRAFT


STAFF_ONLY: list[tuple[str, Operation]] = [
    ("queue", lambda h, a, app, _: h.cabinet.reviews.queue(a)),
    ("take", lambda h, a, app, _: h.cabinet.reviews.take(a, app)),
    ("request info", lambda h, a, app, _: h.cabinet.reviews.request_info(a, app, "Что-то")),
    ("send for approval", lambda h, a, app, _: h.cabinet.reviews.send_for_approval(a, app)),
    ("approve", lambda h, a, app, _: h.cabinet.reviews.approve(a, app)),
    ("reject", lambda h, a, app, _: h.cabinet.reviews.reject(a, app, "Нет")),
    (
        "body report",
        lambda h, a, app, _: h.cabinet.reports.body_report(a, h.clock.now(), h.clock.now()),
    ),
    ("block", lambda h, a, app, _: h.accounts.block(a, a.id, "сам себя")),
    ("unblock", lambda h, a, app, _: h.accounts.unblock(a, a.id)),
    ("accept documents", lambda h, a, app, _: h.accounts.accept_identity_documents(a, a.id)),
]


def test_an_applicant_cannot_use_staff_operations(cabinet_harness: AccountsHarness) -> None:
    h = cabinet_harness
    owner = signed_in(h)
    app = complete_application(h, owner.actor)
    h.cabinet.applications.submit(owner.actor, app.id)
    before = _snapshot(h)
    for name, operation in STAFF_ONLY:
        with pytest.raises(PermissionDenied) as refused:
            operation(h, owner.actor, app.id, b"")
        assert refused.value.code == "permission.role", name
        assert _snapshot(h) == before, name
    assert h.account(owner.account_id).status.value == "verified"
