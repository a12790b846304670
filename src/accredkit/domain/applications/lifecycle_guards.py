"""The guards of the lifecycle table: named rules over one attempted move.

Each guard looks at a ``GuardContext`` (the application's facts and the caller's inputs)
and returns every violation it finds, an empty tuple when the move may happen. The
violation codes are stable (``application.four_eyes``, …): hosts match on them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final, Protocol

from accredkit.errors import Violation

__all__ = [
    "Guard",
    "GuardContext",
    "access_requirements_met",
    "deadline_open",
    "deadline_passed",
    "documents_complete",
    "four_eyes",
    "info_request_given",
    "reason_given",
]


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
    def prepared_by(self) -> frozenset[str]: ...
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
    """The account meets the access requirements the caller found (``docs/security.md``)."""
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
    """Whoever prepared the case may not also decide it (``docs/authority.md``).

    Preparing is taking the case, asking for information while it was being processed,
    or sending it for approval; a role granted later does not wash that out.
    """
    if ctx.actor != ctx.sent_for_approval_by and ctx.actor not in ctx.prepared_by:
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
