"""The lifecycle table itself: its shape, its reach and its contract values."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import (
    TERMINAL_STATES,
    TRANSITIONS,
    ApplicationStatus,
    Role,
    Trigger,
    reachable_states,
    render_table_markdown,
    terminal_states,
    transition_for,
    transitions_from,
)
from accredkit.domain.authority.permissions import PERMISSIONS
from accredkit.errors import TransitionNotAllowed

DOC = Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_status_values_are_the_contract() -> None:
    assert [s.value for s in ApplicationStatus] == [
        "draft",
        "submitted",
        "processing",
        "under_review",
        "needs_info",
        "approved",
        "rejected",
        "withdrawn",
    ]


def test_every_status_has_its_russian_label() -> None:
    assert ApplicationStatus.UNDER_REVIEW.label_ru == "на согласовании"
    assert ApplicationStatus.NEEDS_INFO.label_ru == "требуются сведения"
    assert {s.label_ru for s in ApplicationStatus} == {
        "черновик",
        "подано",
        "в обработке",
        "на согласовании",
        "требуются сведения",
        "одобрено",
        "отклонено",
        "отозвано",
    }


def test_every_state_is_reachable_from_draft() -> None:
    assert reachable_states(ApplicationStatus.DRAFT) == frozenset(ApplicationStatus)


def test_terminal_states_are_the_outcomes_and_have_no_exits() -> None:
    outcomes = {ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
    assert terminal_states() == TERMINAL_STATES == outcomes
    for state in outcomes:
        assert transitions_from(state) == ()
        assert reachable_states(state) == {state}


def test_every_non_terminal_state_can_still_reach_an_outcome() -> None:
    for state in set(ApplicationStatus) - TERMINAL_STATES:
        assert reachable_states(state) & TERMINAL_STATES


def test_every_trigger_and_role_is_used_by_some_row() -> None:
    assert {row.trigger for row in TRANSITIONS} == set(Trigger)
    movers = set().union(*(row.roles for row in TRANSITIONS))
    # Support, audit and administration move no application; the permission table uses them.
    assert set(Role) - movers == {Role.SUPPORT, Role.AUDITOR, Role.ADMINISTRATOR}
    granted = set().union(*(row.roles for row in PERMISSIONS.values()))
    assert granted == set(Role)


def test_one_row_per_state_and_trigger() -> None:
    keys = [(row.source, row.trigger) for row in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_negative_decisions_need_a_reason_and_decisions_four_eyes() -> None:
    for row in TRANSITIONS:
        names = {guard.__name__ for guard in row.guards}
        if row.trigger is Trigger.REJECT:
            assert "reason_given" in names
        if row.source is ApplicationStatus.UNDER_REVIEW and row.trigger in (
            Trigger.APPROVE,
            Trigger.REJECT,
        ):
            assert "four_eyes" in names


@pytest.mark.parametrize(
    ("state", "trigger", "role"),
    list(itertools.product(ApplicationStatus, Trigger, Role)),
)
def test_transition_for_matches_the_table_exactly(
    state: ApplicationStatus, trigger: Trigger, role: Role
) -> None:
    rows = [r for r in TRANSITIONS if r.source is state and r.trigger is trigger]
    if rows and role in rows[0].roles:
        assert transition_for(state, trigger, role) is rows[0]
        return
    app = Application(
        id="a",
        applicant_id="u",
        catalogue="portal",
        type_code="general",
        created_at=T0,
        status=state,
    )
    with pytest.raises(TransitionNotAllowed) as caught:
        app.fire(trigger, actor="someone", role=role, at=T0)
    assert (caught.value.state, caught.value.trigger, caught.value.role) == (
        state.value,
        trigger.value,
        role.value,
    )
    assert caught.value.code == "application.transition_not_allowed"


def test_refusal_message_names_the_state_in_russian() -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        transition_for(ApplicationStatus.APPROVED, Trigger.WITHDRAW, Role.APPLICANT)
    assert caught.value.message_ru == (
        "Действие «отозвать» недоступно роли «заявитель» в статусе «одобрено»."
    )


def test_every_trigger_and_role_has_a_russian_label() -> None:
    assert all(trigger.label_ru for trigger in Trigger)
    assert Role.APPROVER.label_ru == "аккредитационная комиссия"


def test_rendered_table_has_a_line_per_row() -> None:
    lines = render_table_markdown().splitlines()
    assert len(lines) == 2 + len(TRANSITIONS)
    assert "`four_eyes`" in render_table_markdown()


def test_docs_quote_the_table_rendered_from_code() -> None:
    assert render_table_markdown() in DOC.read_text(encoding="utf-8")
