"""The application lifecycle (docs/lifecycle.md) as one table of data.

Each row says: in this state, this trigger moves the application to that state, if one of
these roles fires it and every named guard (``lifecycle_guards.py``) agrees. The aggregate
(``application.py``) looks a row up and runs its guards *before* it changes anything;
documentation renders the same rows (``render_table_markdown``), so the rules are written
down exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

import attrs

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
from accredkit.errors import TransitionNotAllowed

__all__ = [
    "TERMINAL_STATES",
    "TRANSITIONS",
    "ApplicationStatus",
    "Role",
    "Transition",
    "Trigger",
    "reachable_states",
    "render_table_markdown",
    "terminal_states",
    "transition_for",
    "transitions_from",
]


class ApplicationStatus(StrEnum):
    """Where an application stands; the values are a contract (docs/lifecycle.md)."""

    DRAFT = "draft"  # черновик
    SUBMITTED = "submitted"  # подано
    PROCESSING = "processing"  # в обработке
    UNDER_REVIEW = "under_review"  # на согласовании
    NEEDS_INFO = "needs_info"  # требуются сведения
    APPROVED = "approved"  # одобрено
    REJECTED = "rejected"  # отклонено
    WITHDRAWN = "withdrawn"  # отозвано

    @property
    def label_ru(self) -> str:
        """The label the cabinet shows (черновик, подано, …)."""
        return _LABELS_RU[self]

    @property
    def label_en(self) -> str:
        """The English label."""
        return self.value.replace("_", " ")


_LABELS_RU: Final[Mapping[ApplicationStatus, str]] = {
    ApplicationStatus.DRAFT: "черновик",
    ApplicationStatus.SUBMITTED: "подано",
    ApplicationStatus.PROCESSING: "в обработке",
    ApplicationStatus.UNDER_REVIEW: "на согласовании",
    ApplicationStatus.NEEDS_INFO: "требуются сведения",
    ApplicationStatus.APPROVED: "одобрено",
    ApplicationStatus.REJECTED: "отклонено",
    ApplicationStatus.WITHDRAWN: "отозвано",
}


class Trigger(StrEnum):
    """What someone (or the system) does to an application."""

    SUBMIT = "submit"  # подать
    ACCEPT = "accept"  # принять в обработку
    REQUEST_INFO = "request_info"  # запросить сведения
    ANSWER = "answer"  # представить сведения
    SEND_FOR_APPROVAL = "send_for_approval"  # направить на согласование
    APPROVE = "approve"  # одобрить
    REJECT = "reject"  # отклонить
    WITHDRAW = "withdraw"  # отозвать
    EXPIRE_INFO = "expire_info"  # срок представления сведений истёк

    @property
    def label_ru(self) -> str:
        """The action as the cabinet names it (подать, отозвать, …)."""
        return _TRIGGERS_RU[self]


class Role(StrEnum):
    """Who acts: the applicant, the accrediting body's staff, or the system itself."""

    APPLICANT = "applicant"  # заявитель
    REVIEWER = "reviewer"  # эксперт, готовит рассмотрение
    APPROVER = "approver"  # аккредитационная комиссия
    OPERATOR = "operator"  # оператор
    SUPPORT = "support"  # сотрудник поддержки
    AUDITOR = "auditor"  # аудитор
    ADMINISTRATOR = "administrator"  # администратор
    SYSTEM = "system"  # автоматическая обработка

    @property
    def label_ru(self) -> str:
        """The role as the cabinet names it (заявитель, эксперт, …)."""
        return _ROLES_RU[self]


_TRIGGERS_RU: Final[Mapping[Trigger, str]] = {
    Trigger.SUBMIT: "подать",
    Trigger.ACCEPT: "принять в обработку",
    Trigger.REQUEST_INFO: "запросить сведения",
    Trigger.ANSWER: "представить сведения",
    Trigger.SEND_FOR_APPROVAL: "направить на согласование",
    Trigger.APPROVE: "одобрить",
    Trigger.REJECT: "отклонить",
    Trigger.WITHDRAW: "отозвать",
    Trigger.EXPIRE_INFO: "отозвать по истечении срока",
}
_ROLES_RU: Final[Mapping[Role, str]] = {
    Role.APPLICANT: "заявитель",
    Role.REVIEWER: "эксперт",
    Role.APPROVER: "аккредитационная комиссия",
    Role.OPERATOR: "оператор",
    Role.SUPPORT: "сотрудник поддержки",
    Role.AUDITOR: "аудитор",
    Role.ADMINISTRATOR: "администратор",
    Role.SYSTEM: "система",
}


@attrs.frozen
class Transition:
    """One row of the table."""

    source: ApplicationStatus
    trigger: Trigger
    target: ApplicationStatus
    roles: frozenset[Role]
    guards: tuple[Guard, ...]


def _row(
    source: ApplicationStatus,
    trigger: Trigger,
    target: ApplicationStatus,
    roles: set[Role],
    *guards: Guard,
) -> Transition:
    return Transition(source, trigger, target, frozenset(roles), guards)


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
    return (
        #    state         trigger            target        roles               guards
        _row(draft,        submit,            submitted,    {applicant},        documents_complete,
                                                                                access_requirements_met),
        _row(draft,        withdraw,          withdrawn,    {applicant}),
        _row(submitted,    accept,            processing,   {reviewer, operator, system}),
        _row(submitted,    reject,            rejected,     {operator, system}, reason_given),
        _row(submitted,    withdraw,          withdrawn,    {applicant}),
        _row(processing,   request_info,      needs_info,   {reviewer},         info_request_given),
        _row(processing,   send_for_approval, under_review, {reviewer}),
        _row(processing,   withdraw,          withdrawn,    {applicant}),
        _row(needs_info,   answer,            processing,   {applicant},        deadline_open),
        _row(needs_info,   expire_info,       withdrawn,    {system},           deadline_passed),
        _row(needs_info,   withdraw,          withdrawn,    {applicant}),
        _row(under_review, request_info,      needs_info,   {approver},         info_request_given),
        _row(under_review, approve,           approved,     {approver},         four_eyes),
        _row(under_review, reject,            rejected,     {approver},         reason_given,
                                                                                four_eyes),
        _row(under_review, withdraw,          withdrawn,    {applicant}),
    )
    # fmt: on


TRANSITIONS: Final[tuple[Transition, ...]] = _table()
"""The lifecycle: every legal move, and nothing else."""

_INDEX: Final[Mapping[tuple[str, str], Transition]] = {
    (row.source, row.trigger): row for row in TRANSITIONS
}
if len(_INDEX) != len(TRANSITIONS):  # pragma: no cover - guards the table at import
    raise AssertionError("two rows share a state and a trigger")


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
    state_ru = _LABELS_RU.get(state, str(state))
    trigger_ru = _TRIGGERS_RU.get(trigger, str(trigger))
    role_ru = _ROLES_RU.get(role, str(role))
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
        "| state | trigger | target | roles | guards |",
        "|---|---|---|---|---|",
    ]
    for row in table:
        roles = ", ".join(sorted(str(role) for role in row.roles))
        guards = ", ".join(f"`{guard.__name__}`" for guard in row.guards) or "—"
        lines.append(
            f"| `{row.source}` ({row.source.label_ru}) | `{row.trigger}` | "
            f"`{row.target}` ({row.target.label_ru}) | {roles} | {guards} |"
        )
    return "\n".join(lines) + "\n"
