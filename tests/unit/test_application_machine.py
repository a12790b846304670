"""The aggregate driven against a plain model: every trigger, every state, every role.

The model writes the lifecycle down a second time, in the simplest way (a dict of moves
and the guard rules in a few lines each), so a change to the table or a guard that the
tests were not told about shows up here as a disagreement.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from accredkit.domain.applications.application import Application, DocumentRef, TransitionInput
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.events import (
    ApplicationAccepted,
    ApplicationApproved,
    ApplicationEvent,
    ApplicationRejected,
    ApplicationSentForApproval,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    InformationProvided,
    InformationRequested,
)
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.errors import NotFound, TransitionNotAllowed, ValidationError

S, T, R = ApplicationStatus, Trigger, Role
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
TYPE = PORTAL.type("temporary")

# (state, trigger) -> (target, roles), written independently of lifecycle.TRANSITIONS.
MOVES: dict[tuple[ApplicationStatus, Trigger], tuple[ApplicationStatus, set[Role]]] = {
    (S.DRAFT, T.SUBMIT): (S.SUBMITTED, {R.APPLICANT}),
    (S.DRAFT, T.WITHDRAW): (S.WITHDRAWN, {R.APPLICANT}),
    (S.SUBMITTED, T.ACCEPT): (S.PROCESSING, {R.REVIEWER, R.OPERATOR, R.SYSTEM}),
    (S.SUBMITTED, T.REJECT): (S.REJECTED, {R.OPERATOR, R.SYSTEM}),
    (S.SUBMITTED, T.WITHDRAW): (S.WITHDRAWN, {R.APPLICANT}),
    (S.PROCESSING, T.REQUEST_INFO): (S.NEEDS_INFO, {R.REVIEWER}),
    (S.PROCESSING, T.SEND_FOR_APPROVAL): (S.UNDER_REVIEW, {R.REVIEWER}),
    (S.PROCESSING, T.WITHDRAW): (S.WITHDRAWN, {R.APPLICANT}),
    (S.NEEDS_INFO, T.ANSWER): (S.PROCESSING, {R.APPLICANT}),
    (S.NEEDS_INFO, T.EXPIRE_INFO): (S.WITHDRAWN, {R.SYSTEM}),
    (S.NEEDS_INFO, T.WITHDRAW): (S.WITHDRAWN, {R.APPLICANT}),
    (S.UNDER_REVIEW, T.REQUEST_INFO): (S.NEEDS_INFO, {R.APPROVER}),
    (S.UNDER_REVIEW, T.APPROVE): (S.APPROVED, {R.APPROVER}),
    (S.UNDER_REVIEW, T.REJECT): (S.REJECTED, {R.APPROVER}),
    (S.UNDER_REVIEW, T.WITHDRAW): (S.WITHDRAWN, {R.APPLICANT}),
}
# trigger -> the event it raises, written independently of the table's outputs.
EVENTS: dict[Trigger, type[ApplicationEvent]] = {
    T.SUBMIT: ApplicationSubmitted,
    T.ACCEPT: ApplicationAccepted,
    T.REQUEST_INFO: InformationRequested,
    T.ANSWER: InformationProvided,
    T.SEND_FOR_APPROVAL: ApplicationSentForApproval,
    T.APPROVE: ApplicationApproved,
    T.REJECT: ApplicationRejected,
    T.WITHDRAW: ApplicationWithdrawn,
    T.EXPIRE_INFO: ApplicationWithdrawn,
}
ENDED = {S.APPROVED, S.REJECTED, S.WITHDRAWN}
DECIDED = {S.APPROVED, S.REJECTED}
ACTORS = ("kim", "lee")
UNMET: tuple[frozenset[str] | None, ...] = (None, frozenset(), frozenset({"second_factor"}))
QUESTIONS = (None, "", "Приложите вкладыш к диплому")
REASONS = (None, "", "  ", "Не хватает стажа")
PATHS: tuple[tuple[Trigger, ...], ...] = (
    (),
    (T.SUBMIT,),
    (T.SUBMIT, T.ACCEPT),
    (T.SUBMIT, T.ACCEPT, T.REQUEST_INFO),
    (T.SUBMIT, T.ACCEPT, T.SEND_FOR_APPROVAL),
)
GOOD_INPUT = TransitionInput(
    unmet_requirements=frozenset(), question="Нужна справка", deadline=T0 + timedelta(days=2)
)


def _ref(kind: str, valid: bool, n: int) -> DocumentRef:
    return DocumentRef(
        kind=kind, sha256=f"{n:064x}", filename=f"{kind}-{n}.pdf", size=n, valid=valid
    )


@attrs.define
class Model:
    """What the application should look like, kept with plain values."""

    status: ApplicationStatus = S.DRAFT
    history: int = 0
    documents: dict[str, tuple[str, bool]] = attrs.field(factory=dict)  # sha -> kind, valid
    sent_by: str | None = None
    deadline: datetime | None = None
    # Who took, questioned or sent on the case while it was being prepared (wider four eyes).
    preparers: set[str] = attrs.field(factory=set)

    def complete(self) -> bool:
        valid_kinds = {kind for kind, ok in self.documents.values() if ok}
        all_valid = all(ok for _, ok in self.documents.values())
        return all_valid and set(TYPE.required_documents) <= valid_kinds

    def guards_pass(
        self, trigger: Trigger, actor: str, at: datetime, reason: str | None, given: TransitionInput
    ) -> bool:
        reason_ok = bool(reason and reason.strip())
        fresh_eyes = actor != self.sent_by and actor not in self.preparers
        if trigger is T.SUBMIT:
            return self.complete() and given.unmet_requirements == frozenset()
        if trigger is T.REJECT:
            return reason_ok and (self.status is S.SUBMITTED or fresh_eyes)
        if trigger is T.APPROVE:
            return fresh_eyes
        if trigger is T.REQUEST_INFO:
            return bool(given.question) and given.deadline is not None and given.deadline > at
        if trigger is T.ANSWER:
            return self.deadline is not None and at < self.deadline
        if trigger is T.EXPIRE_INFO:
            return self.deadline is not None and at >= self.deadline
        return True


class ApplicationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.app = Application.create(
            id="app-1", applicant_id="ann", catalogue="portal", accreditation_type=TYPE, at=T0
        )
        self.model = Model()
        self.now = T0
        self.serial = 0

    @rule(hours=st.integers(0, 48))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule(kind=st.sampled_from((*TYPE.required_documents, "other")), valid=st.booleans())
    def attach(self, kind: str, valid: bool) -> None:
        self.serial += 1
        ref = _ref(kind, valid, self.serial)
        before = self.app
        if self.model.status in (S.DRAFT, S.NEEDS_INFO):
            self.app = self.app.attach_document(ref)
            self.model.documents[ref.sha256] = (kind, valid)
        else:
            try:
                self.app.attach_document(ref)
            except TransitionNotAllowed:
                assert self.app is before
            else:
                raise AssertionError(f"attached a document in {self.model.status}")

    @initialize(
        complete=st.booleans(), path=st.sampled_from(PATHS), reviewer=st.sampled_from(ACTORS)
    )
    def start(self, complete: bool, path: tuple[Trigger, ...], reviewer: str) -> None:
        """Begin in any non-final state, reached by legal moves checked like any other."""
        if complete or path:
            self.attach_every_required_document()
        for trigger in path:
            role = next(iter(MOVES[(self.model.status, trigger)][1]))
            actor = reviewer if role is R.REVIEWER else "ann"
            self._fire(trigger, role, actor, None, GOOD_INPUT)

    @rule()
    def attach_every_required_document(self) -> None:
        for kind in TYPE.required_documents:
            self.attach(kind, valid=True)

    @rule(data=st.data())
    def detach(self, data: st.DataObject) -> None:
        known = sorted(self.model.documents) or ["0" * 64]
        sha = data.draw(st.sampled_from(known))
        editable = self.model.status in (S.DRAFT, S.NEEDS_INFO)
        if editable and sha in self.model.documents:
            self.app = self.app.detach_document(sha)
            del self.model.documents[sha]
            return
        expected = NotFound if editable else TransitionNotAllowed
        try:
            self.app.detach_document(sha)
        except expected:
            pass
        else:
            raise AssertionError("detach should have been refused")

    @rule(
        trigger=st.sampled_from(Trigger),
        role=st.sampled_from(Role),
        actor=st.sampled_from(ACTORS),
        reason=st.sampled_from(REASONS),
        unmet=st.sampled_from(UNMET),
        question=st.sampled_from(QUESTIONS),
        deadline_hours=st.none() | st.integers(-24, 96),
    )
    def fire_anything(
        self,
        trigger: Trigger,
        role: Role,
        actor: str,
        reason: str | None,
        unmet: frozenset[str] | None,
        question: str | None,
        deadline_hours: int | None,
    ) -> None:
        deadline = None if deadline_hours is None else self.now + timedelta(hours=deadline_hours)
        given = TransitionInput(unmet_requirements=unmet, question=question, deadline=deadline)
        self._fire(trigger, role, actor, reason, given)

    @rule(data=st.data(), actor=st.sampled_from(ACTORS))
    def fire_something_sensible(self, data: st.DataObject, actor: str) -> None:
        """A move the table allows from here, with inputs that mostly pass its guards."""
        self._sensible(data, actor)

    @rule(data=st.data(), actor=st.sampled_from(ACTORS))
    def fire_something_sensible_again(self, data: st.DataObject, actor: str) -> None:
        """The same, as a second rule: it doubles the weight of progress over noise."""
        self._sensible(data, actor)

    def _sensible(self, data: st.DataObject, actor: str) -> None:
        here = self.model.status
        options = [(t, r) for (s, t), (_, roles) in MOVES.items() if s is here for r in roles]
        if not options:
            return
        trigger, role = data.draw(st.sampled_from(options))
        if self.model.deadline is not None:
            near = [self.model.deadline + timedelta(seconds=d) for d in (-1, 0, 1)]
            self.now = max(self.now, data.draw(st.sampled_from([self.now, *near])))
        # Inputs that pass more often than not, and sometimes do not.
        hours = data.draw(st.sampled_from([None, -1, 0, 1, 24, 48, 48]))
        given = TransitionInput(
            unmet_requirements=data.draw(st.sampled_from([*UNMET, frozenset(), frozenset()])),
            question=data.draw(st.sampled_from([*QUESTIONS, "Нужна справка", "Нужна справка"])),
            deadline=None if hours is None else self.now + timedelta(hours=hours),
        )
        reason = data.draw(st.sampled_from([*REASONS, "Нет стажа", "Нет стажа", "Нет стажа"]))
        self._fire(trigger, role, actor, reason, given)

    def _fire(
        self, trigger: Trigger, role: Role, actor: str, reason: str | None, given: TransitionInput
    ) -> None:
        before, snapshot = self.app, attrs.evolve(self.app)
        move = MOVES.get((self.model.status, trigger))
        legal = move is not None and role in move[1]
        if not legal or not self.model.guards_pass(trigger, actor, self.now, reason, given):
            refusal = TransitionNotAllowed if not legal else ValidationError
            with pytest.raises(refusal) as caught:
                self.app.fire(
                    trigger, actor=actor, role=role, at=self.now, reason=reason, context=given
                )
            error = caught.value
            if isinstance(error, TransitionNotAllowed):
                assert error.code == "application.transition_not_allowed"
                assert (error.state, error.trigger, error.role) == (
                    self.model.status.value,
                    trigger.value,
                    role.value,
                )
            else:
                assert isinstance(error, ValidationError)
                assert error.violations
                assert all(v.code.startswith("application.") for v in error.violations)
            assert self.app is before
            assert self.app == snapshot
            return
        assert move is not None
        history_before = self.app.history
        self.app, event = self.app.fire(
            trigger, actor=actor, role=role, at=self.now, reason=reason, context=given
        )
        target = move[0]
        assert type(event) is EVENTS[trigger]
        assert (event.from_status, event.to_status, event.actor) == (
            self.model.status,
            target,
            actor,
        )
        entry = self.app.history[-1]
        assert (entry.trigger, entry.role, entry.at, entry.from_status, entry.to_status) == (
            trigger,
            role,
            self.now,
            self.model.status,
            target,
        )
        assert self.app.history[:-1] == history_before
        preparing = trigger in (T.ACCEPT, T.REQUEST_INFO, T.SEND_FOR_APPROVAL)
        if preparing and self.model.status in (S.SUBMITTED, S.PROCESSING) and role is not R.SYSTEM:
            self.model.preparers.add(actor)
        self.model.status = target
        self.model.history += 1
        if trigger is T.SEND_FOR_APPROVAL:
            self.model.sent_by = actor
        elif trigger is T.REQUEST_INFO:
            self.model.sent_by, self.model.deadline = None, given.deadline
        elif trigger is T.ANSWER:
            self.model.deadline = None

    @invariant()
    def matches_the_model(self) -> None:
        event(f"status {self.app.status}")
        assert self.app.status is self.model.status
        assert len(self.app.history) == self.model.history
        assert {d.sha256 for d in self.app.documents} == set(self.model.documents)
        assert self.app.sent_for_approval_by == self.model.sent_by
        deadline = None if self.app.info_request is None else self.app.info_request.deadline
        assert deadline == self.model.deadline
        assert self.app.info_deadline == self.model.deadline
        assert (self.app.closed_at is not None) == (self.app.status in ENDED)
        assert (self.app.decided_at is not None) == (self.app.status in DECIDED)
        submitted = any(entry.trigger is T.SUBMIT for entry in self.app.history)
        assert (self.app.submitted_at is not None) == submitted


ApplicationMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=30, deadline=None
)
TestApplicationMachine = ApplicationMachine.TestCase
