"""The Application aggregate: each guard, history, events and documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.applications.application import Application, DocumentRef, TransitionInput
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.events import (
    ApplicationAccepted,
    ApplicationApproved,
    ApplicationRejected,
    ApplicationSentForApproval,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    InformationProvided,
    InformationRequested,
)
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.errors import NotFound, TransitionNotAllowed, ValidationError
from accredkit.testing.lifecycle_strategies import complete_draft, document_refs

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
MET = TransitionInput(unmet_requirements=frozenset())
S = ApplicationStatus


def draft() -> Application:
    return complete_draft(PORTAL.type("general"), at=T0)


def submitted() -> Application:
    app, _ = draft().fire(
        Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0, context=MET
    )
    return app


def processing() -> Application:
    app, _ = submitted().fire(Trigger.ACCEPT, actor="op", role=Role.OPERATOR, at=T0)
    return app


def under_review(reviewer: str = "reviewer-1") -> Application:
    app, _ = processing().fire(Trigger.SEND_FOR_APPROVAL, actor=reviewer, role=Role.REVIEWER, at=T0)
    return app


def needs_info(deadline: datetime = T0 + timedelta(days=10)) -> Application:
    app, _ = processing().fire(
        Trigger.REQUEST_INFO,
        actor="reviewer-1",
        role=Role.REVIEWER,
        at=T0,
        context=TransitionInput(question="Приложите диплом с вкладышем", deadline=deadline),
    )
    return app


def codes(error: ValidationError) -> set[str]:
    return {v.code for v in error.violations}


# --- submit -------------------------------------------------------------------------------


def test_submit_moves_draft_to_submitted_with_history_and_event() -> None:
    app, event = draft().fire(
        Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0, context=MET
    )
    assert app.status is S.SUBMITTED
    assert app.submitted_at == T0
    entry = app.history[-1]
    assert (entry.actor, entry.role, entry.at, entry.from_status, entry.to_status) == (
        "applicant-1",
        Role.APPLICANT,
        T0,
        S.DRAFT,
        S.SUBMITTED,
    )
    assert isinstance(event, ApplicationSubmitted)
    assert (event.application_id, event.from_status, event.to_status) == (
        app.id,
        S.DRAFT,
        S.SUBMITTED,
    )


def test_submit_refused_with_a_required_document_missing() -> None:
    app = draft()
    passport = next(d for d in app.documents if d.kind == "passport")
    app = app.detach_document(passport.sha256)
    with pytest.raises(ValidationError) as caught:
        app.fire(Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0, context=MET)
    assert caught.value.code == "application.documents_incomplete"
    assert "passport" in caught.value.violations[0].message_en


def test_submit_refused_with_a_document_that_failed_its_check() -> None:
    bad = DocumentRef(kind="other", sha256="ab" * 32, filename="scan.jpg", size=10, valid=False)
    app = draft().attach_document(bad)
    with pytest.raises(ValidationError) as caught:
        app.fire(Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0, context=MET)
    assert codes(caught.value) == {"application.documents_incomplete"}
    assert "scan.jpg" in caught.value.message


def test_submit_refused_when_access_requirements_unmet() -> None:
    given_ = TransitionInput(unmet_requirements=frozenset({"second_factor", "phone"}))
    with pytest.raises(ValidationError) as caught:
        draft().fire(
            Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0, context=given_
        )
    assert codes(caught.value) == {"application.access_requirements_unmet"}
    assert "phone, second_factor" in caught.value.message


def test_submit_refused_when_access_requirements_were_not_checked() -> None:
    with pytest.raises(ValidationError) as caught:
        draft().fire(Trigger.SUBMIT, actor="applicant-1", role=Role.APPLICANT, at=T0)
    assert codes(caught.value) == {"application.access_requirements_unchecked"}


def test_submit_reports_every_failing_guard_at_once() -> None:
    empty = Application.create(
        id="a",
        applicant_id="u",
        catalogue="portal",
        accreditation_type=PORTAL.type("general"),
        at=T0,
    )
    with pytest.raises(ValidationError) as caught:
        empty.fire(
            Trigger.SUBMIT,
            actor="u",
            role=Role.APPLICANT,
            at=T0,
            context=TransitionInput(unmet_requirements=frozenset({"verified"})),
        )
    assert codes(caught.value) == {
        "application.documents_incomplete",
        "application.access_requirements_unmet",
    }


def test_submit_refused_from_a_staff_role() -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        draft().fire(Trigger.SUBMIT, actor="op", role=Role.OPERATOR, at=T0, context=MET)
    assert (caught.value.state, caught.value.trigger, caught.value.role) == (
        "draft",
        "submit",
        "operator",
    )


# --- decisions ----------------------------------------------------------------------------


def test_reject_refused_without_reason() -> None:
    for reason in (None, "", "   "):
        with pytest.raises(ValidationError) as caught:
            under_review().fire(
                Trigger.REJECT, actor="chair", role=Role.APPROVER, at=T0, reason=reason
            )
        assert codes(caught.value) == {"application.reason_required"}


def test_reject_after_automatic_checks_needs_a_reason_too() -> None:
    with pytest.raises(ValidationError) as caught:
        submitted().fire(Trigger.REJECT, actor="system", role=Role.SYSTEM, at=T0)
    assert caught.value.code == "application.reason_required"
    app, event = submitted().fire(
        Trigger.REJECT, actor="system", role=Role.SYSTEM, at=T0, reason="Диплом не читается"
    )
    assert app.status is S.REJECTED
    assert isinstance(event, ApplicationRejected)


def test_reject_with_reason_records_the_decision() -> None:
    app, event = under_review().fire(
        Trigger.REJECT, actor="chair", role=Role.APPROVER, at=T0, reason="  Нет стажа  "
    )
    assert app.status is S.REJECTED
    assert (app.decision_reason, app.decided_at, app.closed_at) == ("Нет стажа", T0, T0)
    assert app.history[-1].reason == "Нет стажа"
    assert isinstance(event, ApplicationRejected)
    assert event.reason == "Нет стажа"


def test_four_eyes_approver_must_differ_from_reviewer() -> None:
    app = under_review(reviewer="kim")
    with pytest.raises(ValidationError) as caught:
        app.fire(Trigger.APPROVE, actor="kim", role=Role.APPROVER, at=T0)
    assert codes(caught.value) == {"application.four_eyes"}
    with pytest.raises(ValidationError) as caught:
        app.fire(Trigger.REJECT, actor="kim", role=Role.APPROVER, at=T0, reason="x")
    assert codes(caught.value) == {"application.four_eyes"}
    approved, event = app.fire(Trigger.APPROVE, actor="lee", role=Role.APPROVER, at=T0)
    assert approved.status is S.APPROVED
    assert isinstance(event, ApplicationApproved)


def test_send_for_approval_records_who_prepared_the_review() -> None:
    app, event = processing().fire(
        Trigger.SEND_FOR_APPROVAL, actor="kim", role=Role.REVIEWER, at=T0
    )
    assert app.sent_for_approval_by == "kim"
    assert isinstance(event, ApplicationSentForApproval)


def test_accept_records_an_event() -> None:
    _, event = submitted().fire(Trigger.ACCEPT, actor="system", role=Role.SYSTEM, at=T0)
    assert isinstance(event, ApplicationAccepted)


# --- information requests -----------------------------------------------------------------


def test_request_info_carries_question_and_deadline() -> None:
    deadline = T0 + timedelta(days=14)
    app, event = processing().fire(
        Trigger.REQUEST_INFO,
        actor="kim",
        role=Role.REVIEWER,
        at=T0,
        context=TransitionInput(question="Нужна копия трудовой книжки", deadline=deadline),
    )
    assert app.status is S.NEEDS_INFO
    assert app.info_request is not None
    assert (app.info_request.deadline, app.info_request.asked_by) == (deadline, "kim")
    assert isinstance(event, InformationRequested)
    assert (event.question, event.deadline) == ("Нужна копия трудовой книжки", deadline)


def test_request_info_refused_without_question_or_with_past_deadline() -> None:
    with pytest.raises(ValidationError) as caught:
        processing().fire(Trigger.REQUEST_INFO, actor="kim", role=Role.REVIEWER, at=T0)
    assert codes(caught.value) == {"application.question_required", "application.deadline_required"}
    past = TransitionInput(question="?", deadline=T0)
    with pytest.raises(ValidationError) as caught:
        processing().fire(
            Trigger.REQUEST_INFO, actor="kim", role=Role.REVIEWER, at=T0, context=past
        )
    assert codes(caught.value) == {"application.deadline_in_past"}
    naive = TransitionInput(question="?", deadline=datetime(2030, 1, 1))
    with pytest.raises(ValidationError) as caught:
        processing().fire(
            Trigger.REQUEST_INFO, actor="kim", role=Role.REVIEWER, at=T0, context=naive
        )
    assert codes(caught.value) == {"application.deadline_required"}


def test_answer_returns_to_processing_and_clears_the_request() -> None:
    app, event = needs_info().fire(
        Trigger.ANSWER, actor="applicant-1", role=Role.APPLICANT, at=T0 + timedelta(days=1)
    )
    assert app.status is S.PROCESSING
    assert app.info_request is None
    assert isinstance(event, InformationProvided)


def test_answer_refused_once_the_deadline_passed() -> None:
    app = needs_info(deadline=T0 + timedelta(days=3))
    with pytest.raises(ValidationError) as caught:
        app.fire(
            Trigger.ANSWER, actor="applicant-1", role=Role.APPLICANT, at=T0 + timedelta(days=3)
        )
    assert codes(caught.value) == {"application.deadline_passed"}


def test_system_withdraws_only_after_the_deadline() -> None:
    deadline = T0 + timedelta(days=3)
    app = needs_info(deadline=deadline)
    with pytest.raises(ValidationError) as caught:
        app.fire(
            Trigger.EXPIRE_INFO,
            actor="system",
            role=Role.SYSTEM,
            at=deadline - timedelta(seconds=1),
        )
    assert codes(caught.value) == {"application.deadline_not_passed"}
    gone, event = app.fire(Trigger.EXPIRE_INFO, actor="system", role=Role.SYSTEM, at=deadline)
    assert gone.status is S.WITHDRAWN
    assert isinstance(event, ApplicationWithdrawn)
    assert event.trigger is Trigger.EXPIRE_INFO


def test_only_the_system_expires_a_request() -> None:
    app = needs_info(deadline=T0 + timedelta(days=1))
    for role in (Role.APPLICANT, Role.REVIEWER, Role.APPROVER, Role.OPERATOR):
        with pytest.raises(TransitionNotAllowed):
            app.fire(Trigger.EXPIRE_INFO, actor="x", role=role, at=T0 + timedelta(days=2))


def test_approver_may_ask_for_more_and_the_review_starts_over() -> None:
    app, _ = under_review(reviewer="kim").fire(
        Trigger.REQUEST_INFO,
        actor="chair",
        role=Role.APPROVER,
        at=T0,
        context=TransitionInput(question="?", deadline=T0 + timedelta(days=5)),
    )
    assert (app.status, app.sent_for_approval_by) == (S.NEEDS_INFO, None)


# --- refusals change nothing --------------------------------------------------------------


def test_refused_moves_leave_the_application_equal_to_before() -> None:
    app = under_review(reviewer="kim")
    before = attrs.evolve(app)
    with pytest.raises(ValidationError):
        app.fire(Trigger.APPROVE, actor="kim", role=Role.APPROVER, at=T0)
    with pytest.raises(TransitionNotAllowed):
        app.fire(Trigger.SUBMIT, actor="kim", role=Role.APPLICANT, at=T0)
    assert app == before
    assert len(app.history) == 3


def test_a_move_builds_the_same_frozen_value_attrs_would() -> None:
    before = processing()
    after, event = before.fire(Trigger.SEND_FOR_APPROVAL, actor="kim", role=Role.REVIEWER, at=T0)
    expected = attrs.evolve(
        before,
        status=S.UNDER_REVIEW,
        history=(*before.history, event.entry),
        sent_for_approval_by="kim",
    )
    assert after == expected
    assert hash(after) == hash(expected)
    assert attrs.asdict(after) == attrs.asdict(expected)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        after.status = S.DRAFT  # type: ignore[misc]
    assert before.status is S.PROCESSING


def test_naive_time_and_empty_actor_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        submitted().fire(Trigger.ACCEPT, actor="op", role=Role.OPERATOR, at=datetime(2025, 1, 1))
    assert caught.value.code == "application.naive_time"
    with pytest.raises(ValidationError) as caught:
        submitted().fire(Trigger.ACCEPT, actor="", role=Role.OPERATOR, at=T0)
    assert caught.value.code == "application.actor_required"


def test_available_triggers_follow_the_table() -> None:
    assert draft().available_triggers(Role.APPLICANT) == (Trigger.SUBMIT, Trigger.WITHDRAW)
    assert under_review().available_triggers(Role.APPROVER) == (
        Trigger.REQUEST_INFO,
        Trigger.APPROVE,
        Trigger.REJECT,
    )


# --- documents ----------------------------------------------------------------------------


@given(document_refs())
def test_attach_then_detach_restores_the_documents(ref: DocumentRef) -> None:
    app = draft()
    attached = app.attach_document(ref)
    assert attached.documents[-1] == ref
    assert attached.detach_document(ref.sha256).documents == app.documents


def test_attach_refuses_the_same_content_twice() -> None:
    app = draft()
    with pytest.raises(ValidationError) as caught:
        app.attach_document(app.documents[0])
    assert caught.value.code == "application.duplicate_document"


def test_attach_refuses_a_malformed_hash() -> None:
    bad = DocumentRef(kind="other", sha256="XYZ", filename="a.pdf", size=1, valid=True)
    with pytest.raises(ValidationError) as caught:
        draft().attach_document(bad)
    assert caught.value.code == "application.bad_document_ref"


def test_detach_unknown_document_is_not_found() -> None:
    with pytest.raises(NotFound) as caught:
        draft().detach_document("00" * 32)
    assert caught.value.code == "application.document_not_found"


@pytest.mark.parametrize("make", [submitted, processing, under_review])
def test_documents_frozen_outside_draft_and_needs_info(make: Callable[[], Application]) -> None:
    app = make()
    with pytest.raises(TransitionNotAllowed) as caught:
        app.attach_document(
            DocumentRef(kind="other", sha256="cd" * 32, filename="x.pdf", size=1, valid=True)
        )
    assert caught.value.code == "application.not_editable"


def test_documents_may_be_added_while_information_is_requested() -> None:
    ref = DocumentRef(kind="other", sha256="ef" * 32, filename="extra.pdf", size=9, valid=True)
    assert needs_info().attach_document(ref).documents[-1] == ref


@given(st.sampled_from(sorted(PORTAL.type("specialized").required_documents)))
def test_create_copies_required_documents_of_the_type(kind: str) -> None:
    app = Application.create(
        id="a",
        applicant_id="u",
        catalogue="portal",
        accreditation_type=PORTAL.type("specialized"),
        at=T0,
    )
    assert kind in app.required_documents
    assert (app.status, app.version, app.history) == (S.DRAFT, 0, ())
