"""The application lifecycle (docs/lifecycle.md) as one table of data, outputs included.

Each row says: in this state, this trigger moves the application to that state, if one of
these roles fires it and every named guard (``lifecycle_guards.py``) agrees — and what the
move causes: the field change (``lifecycle_changes.py``), the event, and the consequences
that follow (licence check, certificate, act, notice). The aggregate (``application.py``)
looks a row up, runs its guards *before* it changes anything, then applies the row's
change and raises the row's event; the handler table (``services/applications/consequences.py``)
carries out the effects. Documentation renders the same rows (``render_table_markdown``),
so the rules are written down exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

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
from accredkit.domain.applications.lifecycle_changes import (
    FieldChange,
    record_answer,
    record_decision,
    record_info_request,
    record_sending,
    record_submission,
    record_withdrawal,
    status_only,
)
from accredkit.domain.applications.lifecycle_guards import (
    Guard,
    access_requirements_met,
    deadline_open,
    deadline_passed,
    documents_complete,
    four_eyes,
    info_request_given,
    reason_given,
)
from accredkit.domain.applications.lifecycle_terms import ApplicationStatus, Role, Trigger
from accredkit.errors import TransitionNotAllowed

__all__ = [
    "CERTIFICATE",
    "LICENCE",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "ApplicationStatus",
    "Effect",
    "Role",
    "Transition",
    "Trigger",
    "reachable_states",
    "render_table_markdown",
    "row_of",
    "terminal_states",
    "transition_for",
    "transitions_from",
]


@attrs.frozen
class Effect:
    """One consequence a move names, carried out by the handler of that name.

    ``licence`` (the organisation's licence is checked), ``certificate`` (one is issued),
    ``act`` (an act is signed; ``detail``: the decision it records), ``notice`` (the
    applicant is told; ``detail``: the template) — or a plugin's name. The handler table
    (``services/applications/consequences.py``) carries them out, and a test keeps the two in step.
    """

    name: str
    detail: str | None = None

    def __str__(self) -> str:
        return self.name if self.detail is None else f"{self.name} `{self.detail}`"


LICENCE: Final = Effect("licence")
CERTIFICATE: Final = Effect("certificate")


def _act(decision: str) -> Effect:
    return Effect("act", decision)


def _notice(template: str) -> Effect:
    return Effect("notice", template)


@attrs.frozen
class Transition:
    """One row of the table: the move (state, trigger, target, roles, guards) and its outputs.

    The outputs are what the move causes: ``change`` sets the application's fields,
    ``event`` is the event it raises, ``effects`` the consequences that follow, in order.
    """

    source: ApplicationStatus
    trigger: Trigger
    target: ApplicationStatus
    roles: frozenset[Role]
    guards: tuple[Guard, ...]
    change: FieldChange
    event: type[ApplicationEvent]
    effects: tuple[Effect, ...]

    def detail(self, effect: str) -> str | None:
        """The detail of the named effect (an act's decision, a notice's template), if any."""
        return next((e.detail for e in self.effects if e.name == effect), None)

    @property
    def effect_names(self) -> tuple[str, ...]:
        """The names of the consequences the move causes, in order."""
        return tuple(effect.name for effect in self.effects)


@attrs.frozen
class _Outputs:
    change: FieldChange
    event: type[ApplicationEvent]
    effects: tuple[Effect, ...]


def _out(change: FieldChange, event: type[ApplicationEvent], *effects: Effect) -> _Outputs:
    return _Outputs(change, event, effects)


def _row(
    source: ApplicationStatus,
    trigger: Trigger,
    target: ApplicationStatus,
    roles: set[Role],
    outputs: _Outputs,
    *guards: Guard,
) -> Transition:
    return Transition(
        source,
        trigger,
        target,
        frozenset(roles),
        guards,
        outputs.change,
        outputs.event,
        outputs.effects,
    )


def _table() -> tuple[Transition, ...]:
    s, t, r = ApplicationStatus, Trigger, Role
    draft, submitted, processing, under_review = s.DRAFT, s.SUBMITTED, s.PROCESSING, s.UNDER_REVIEW
    needs_info, approved, rejected, withdrawn = s.NEEDS_INFO, s.APPROVED, s.REJECTED, s.WITHDRAWN
    submit, accept, withdraw, expire_info = t.SUBMIT, t.ACCEPT, t.WITHDRAW, t.EXPIRE_INFO
    request_info, answer, send_for_approval = t.REQUEST_INFO, t.ANSWER, t.SEND_FOR_APPROVAL
    approve, reject = t.APPROVE, t.REJECT
    applicant, reviewer, approver, operator, system = (
        r.APPLICANT,
        r.REVIEWER,
        r.APPROVER,
        r.OPERATOR,
        r.SYSTEM,
    )
    # fmt: off
    # What a move causes (the outputs column): the field change, the event, and the
    # consequences that follow, in the order they run.
    #                 field change         event                       consequences
    submission = _out(record_submission,   ApplicationSubmitted,       LICENCE,
                      _notice("application.status.submitted"))
    taking     = _out(status_only,         ApplicationAccepted,
                      _notice("application.status.processing"))
    asking     = _out(record_info_request, InformationRequested,       _act("info_request"),
                      _notice("application.info_requested"))
    answering  = _out(record_answer,       InformationProvided,
                      _notice("application.status.processing"))
    sending    = _out(record_sending,      ApplicationSentForApproval,
                      _notice("application.status.under_review"))
    approval   = _out(record_decision,     ApplicationApproved,        LICENCE, CERTIFICATE,
                      _act("approved"), _notice("application.status.approved"))
    refusal    = _out(record_decision,     ApplicationRejected,        _act("rejected"),
                      _notice("application.status.rejected"))
    closing    = _out(record_withdrawal,   ApplicationWithdrawn,
                      _notice("application.status.withdrawn"))
    return (
        #    state         trigger            target        roles               outputs
        #    guards (on the next line)
        _row(draft,        submit,            submitted,    {applicant},        submission,
             documents_complete, access_requirements_met),
        _row(draft,        withdraw,          withdrawn,    {applicant},        closing),
        _row(submitted,    accept,            processing,   {reviewer, operator, system}, taking),
        _row(submitted,    reject,            rejected,     {operator, system}, refusal,
             reason_given),
        _row(submitted,    withdraw,          withdrawn,    {applicant},        closing),
        _row(processing,   request_info,      needs_info,   {reviewer},         asking,
             info_request_given),
        _row(processing,   send_for_approval, under_review, {reviewer},         sending),
        _row(processing,   withdraw,          withdrawn,    {applicant},        closing),
        _row(needs_info,   answer,            processing,   {applicant},        answering,
             deadline_open),
        _row(needs_info,   expire_info,       withdrawn,    {system},           closing,
             deadline_passed),
        _row(needs_info,   withdraw,          withdrawn,    {applicant},        closing),
        _row(under_review, request_info,      needs_info,   {approver},         asking,
             info_request_given),
        _row(under_review, approve,           approved,     {approver},         approval,
             four_eyes),
        _row(under_review, reject,            rejected,     {approver},         refusal,
             reason_given, four_eyes),
        _row(under_review, withdraw,          withdrawn,    {applicant},        closing),
    )
    # fmt: on


TRANSITIONS: Final[tuple[Transition, ...]] = _table()
"""The lifecycle: every legal move, and nothing else."""

_INDEX: Final[Mapping[tuple[str, str], Transition]] = {
    (row.source, row.trigger): row for row in TRANSITIONS
}
if len(_INDEX) != len(TRANSITIONS):  # pragma: no cover - guards the table at import
    raise AssertionError("two rows share a state and a trigger")


_STATUS_VALUES: Final = frozenset(ApplicationStatus)
_TRIGGER_VALUES: Final = frozenset(Trigger)
_ROLE_VALUES: Final = frozenset(Role)


def row_of(event: ApplicationEvent) -> Transition:
    """The row whose move raised ``event`` (its outputs say what the move causes)."""
    return _INDEX[(event.from_status, event.trigger)]


def transition_for(state: ApplicationStatus, trigger: Trigger, role: Role) -> Transition:
    """The row that lets ``role`` fire ``trigger`` in ``state``.

    Args:
        state: The application's current status.
        trigger: What is being done.
        role: Who is doing it.

    Returns:
        The matching row of ``TRANSITIONS``.

    Raises:
        TransitionNotAllowed: No row matches, or the row does not admit ``role``.
    """
    row = _INDEX.get((state, trigger))
    if row is not None and role in row.roles:
        return row
    state_ru = ApplicationStatus(state).label_ru if state in _STATUS_VALUES else str(state)
    trigger_ru = Trigger(trigger).label_ru if trigger in _TRIGGER_VALUES else str(trigger)
    role_ru = Role(role).label_ru if role in _ROLE_VALUES else str(role)
    raise TransitionNotAllowed(
        f"An application in status {state!s} cannot take {trigger!s} from the {role!s} role.",
        message_ru=f"Действие «{trigger_ru}» недоступно роли «{role_ru}» в статусе «{state_ru}».",
        state=str(state),
        trigger=str(trigger),
        role=str(role),
    )


def transitions_from(state: ApplicationStatus) -> tuple[Transition, ...]:
    """The rows that leave ``state``, in table order."""
    return tuple(row for row in TRANSITIONS if row.source == state)


def reachable_states(
    start: ApplicationStatus = ApplicationStatus.DRAFT,
    table: Iterable[Transition] = TRANSITIONS,
) -> frozenset[ApplicationStatus]:
    """Every state some sequence of rows leads to from ``start`` (``start`` included)."""
    rows = tuple(table)
    seen = {start}
    frontier = [start]
    while frontier:
        here = frontier.pop()
        for row in rows:
            if row.source == here and row.target not in seen:
                seen.add(row.target)
                frontier.append(row.target)
    return frozenset(seen)


def terminal_states(table: Iterable[Transition] = TRANSITIONS) -> frozenset[ApplicationStatus]:
    """The states no row leaves: the application's outcome is final there."""
    sources = {row.source for row in table}
    return frozenset(s for s in ApplicationStatus if s not in sources)


TERMINAL_STATES: Final[frozenset[ApplicationStatus]] = terminal_states()


def render_table_markdown(table: Iterable[Transition] = TRANSITIONS) -> str:
    """The table as Markdown, for ``docs/lifecycle.md`` (a test keeps the two in step)."""
    lines = [
        "| state | trigger | target | roles | guards | field change | event | consequences |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table:
        roles = ", ".join(sorted(str(role) for role in row.roles))
        guards = ", ".join(f"`{guard.__name__}`" for guard in row.guards) or "—"
        effects = ", ".join(str(effect) for effect in row.effects) or "—"
        lines.append(
            f"| `{row.source}` ({row.source.label_ru}) | `{row.trigger}` | "
            f"`{row.target}` ({row.target.label_ru}) | {roles} | {guards} | "
            f"`{row.change.__name__}` | `{row.event.__name__}` | {effects} |"
        )
    return "\n".join(lines) + "\n"
