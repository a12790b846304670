"""The application lifecycle (DESIGN §2.3) as one table of data.

Each row says: in this state, this trigger moves the application to that state, if one of
these roles fires it and every named guard agrees. The aggregate (``application.py``)
looks a row up and runs its guards *before* it changes anything; documentation renders
the same rows (``render_table_markdown``), so the rules are written down exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Final, Protocol

import attrs

from accredkit.errors import TransitionNotAllowed, Violation

__all__ = [
    "TERMINAL_STATES",
    "TRANSITIONS",
    "ApplicationStatus",
    "Guard",
    "GuardContext",
    "Role",
    "Transition",
    "Trigger",
    "access_requirements_met",
    "deadline_open",
    "deadline_passed",
    "documents_complete",
    "four_eyes",
    "info_request_given",
    "reachable_states",
    "reason_given",
    "render_table_markdown",
    "terminal_states",
    "transition_for",
    "transitions_from",
]


class ApplicationStatus(StrEnum):
    """Where an application stands; the values are a contract (DESIGN §2.3)."""

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


class Role(StrEnum):
    """Who acts: the applicant, the accrediting body's staff, or the system itself."""

    APPLICANT = "applicant"  # заявитель
    REVIEWER = "reviewer"  # эксперт, готовит рассмотрение
    APPROVER = "approver"  # аккредитационная комиссия
    OPERATOR = "operator"  # оператор
    SYSTEM = "system"  # автоматическая обработка


class GuardContext(Protocol):
    """What a guard may look at: the application's facts and the caller's inputs."""

    @property
    def actor(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def unmet_requirements(self) -> frozenset[str] | None: ...
    @property
    def sent_for_approval_by(self) -> str | None: ...
    @property
    def info_deadline(self) -> datetime | None: ...
    @property
    def question(self) -> str | None: ...
    @property
    def deadline(self) -> datetime | None: ...
    def missing_documents(self) -> tuple[str, ...]: ...
    def invalid_documents(self) -> tuple[str, ...]: ...


Guard = Callable[[GuardContext], tuple[Violation, ...]]
"""A named rule over a context: no violations means the move may happen."""

_OK: Final[tuple[Violation, ...]] = ()


def _v(code: str, field: str, ru: str, en: str) -> tuple[Violation, ...]:
    return (Violation(code=f"application.{code}", field=field, message_ru=ru, message_en=en),)


def documents_complete(ctx: GuardContext) -> tuple[Violation, ...]:
    """Every required document kind is attached, and every attached document passed its check."""
    missing, invalid = ctx.missing_documents(), ctx.invalid_documents()
    if not missing and not invalid:
        return _OK
    parts_ru, parts_en = [], []
    if missing:
        parts_ru.append("не приложены: " + ", ".join(missing))
        parts_en.append("missing: " + ", ".join(missing))
    if invalid:
        parts_ru.append("не прошли проверку: " + ", ".join(invalid))
        parts_en.append("failed their check: " + ", ".join(invalid))
    return _v(
        "documents_incomplete",
        "documents",
        "Комплект документов неполон или содержит непроверенные файлы ("
        + "; ".join(parts_ru)
        + ").",
        "The document set is incomplete or holds unchecked files (" + "; ".join(parts_en) + ").",
    )


def access_requirements_met(ctx: GuardContext) -> tuple[Violation, ...]:
    """The account meets the cabinet's access requirements (given by the caller, DESIGN §2.5)."""
    unmet = ctx.unmet_requirements
    if unmet is None:
        return _v(
            "access_requirements_unchecked",
            "account",
            "Не проверены требования к учетной записи.",
            "The account's access requirements were not checked.",
        )
    if not unmet:
        return _OK
    listed = ", ".join(sorted(unmet))
    return _v(
        "access_requirements_unmet",
        "account",
        f"Учетная запись не отвечает требованиям доступа: {listed}.",
        f"The account does not meet the access requirements: {listed}.",
    )


def reason_given(ctx: GuardContext) -> tuple[Violation, ...]:
    """A negative decision states its reason."""
    if ctx.reason:
        return _OK
    return _v(
        "reason_required",
        "reason",
        "Укажите причину решения.",
        "State the reason for the decision.",
    )


def four_eyes(ctx: GuardContext) -> tuple[Violation, ...]:
    """The one who prepared the review (sent it for approval) may not also decide it."""
    if ctx.sent_for_approval_by is None or ctx.actor != ctx.sent_for_approval_by:
        return _OK
    return _v(
        "four_eyes",
        "actor",
        "Решение принимает не тот, кто готовил рассмотрение (принцип четырех глаз).",
        "The decision must be made by someone other than the reviewer (four eyes).",
    )


def info_request_given(ctx: GuardContext) -> tuple[Violation, ...]:
    """A request for information says what is needed and by when (a future, UTC-aware time)."""
    found: list[Violation] = []
    if not ctx.question:
        found += _v(
            "question_required",
            "question",
            "Укажите, какие сведения нужны.",
            "Say what information is needed.",
        )
    deadline = ctx.deadline
    if deadline is None or deadline.utcoffset() is None:
        found += _v(
            "deadline_required",
            "deadline",
            "Укажите срок представления сведений (с часовым поясом).",
            "Give a response deadline (time-zone aware).",
        )
    elif deadline <= ctx.at:
        found += _v(
            "deadline_in_past",
            "deadline",
            "Срок представления сведений должен быть в будущем.",
            "The response deadline must be in the future.",
        )
    return tuple(found)


def deadline_open(ctx: GuardContext) -> tuple[Violation, ...]:
    """The applicant answers before the response deadline."""
    if ctx.info_deadline is None or ctx.at < ctx.info_deadline:
        return _OK
    return _v(
        "deadline_passed",
        "deadline",
        "Срок представления сведений истек.",
        "The response deadline has passed.",
    )


def deadline_passed(ctx: GuardContext) -> tuple[Violation, ...]:
    """The system withdraws an application only once its response deadline has passed."""
    if ctx.info_deadline is not None and ctx.at >= ctx.info_deadline:
        return _OK
    return _v(
        "deadline_not_passed",
        "deadline",
        "Срок представления сведений еще не истек.",
        "The response deadline has not passed yet.",
    )


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
        _row(submitted,    accept,            processing,   {operator, system}),
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
    raise TransitionNotAllowed(
        f"An application in status {state!s} cannot take {trigger!s} from the {role!s} role.",
        message_ru=f"Действие «{trigger!s}» недоступно роли «{role!s}» в статусе «{state_ru}».",
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
