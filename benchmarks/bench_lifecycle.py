"""One lifecycle transition (role check + guards + history + event) vs ``transitions``.

Both sides walk the same graph (the rows of ``accredkit.domain.applications.lifecycle.TRANSITIONS``)
along the same path — submit → accept → send_for_approval → approve — for a batch of
applications, starting each batch from a fresh draft. An operation is one move.

- accredkit: ``Application.fire``: table look-up, role check, every guard of the row, a
  new frozen value with one more history entry, and the past-tense event.
- transitions: one ``Machine`` (``send_event=True``, no auto transitions) built from the
  same rows, each row with a condition callback doing the same role check and guards
  over a plain model object, and an ``after_state_change`` callback appending the same
  history record and setting ``sent_for_approval_by``. Models are attached once in setup
  and put back to ``draft`` by assigning the state attribute, which costs next to
  nothing; accredkit's drafts are likewise built once (they are immutable).

``describe`` also reports the ratio against ``transitions`` with conditions only (no
history callback), the cheapest fair reading of the baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from transitions import Machine

from accredkit.domain.applications.application import Application, TransitionInput
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.lifecycle import TRANSITIONS, Role, Transition, Trigger
from accredkit.testing.lifecycle_strategies import complete_draft
from benchmarks._runner import Benchmark, Work, _time

AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
MET = TransitionInput(unmet_requirements=frozenset())
PATH: tuple[tuple[Trigger, str, Role], ...] = (
    (Trigger.SUBMIT, "applicant-1", Role.APPLICANT),
    (Trigger.ACCEPT, "operator-1", Role.OPERATOR),
    (Trigger.SEND_FOR_APPROVAL, "reviewer-1", Role.REVIEWER),
    (Trigger.APPROVE, "chair-1", Role.APPROVER),
)


class _Model:
    """A plain object carrying the same facts as the aggregate, for ``transitions``."""

    trigger: Callable[..., bool]  # bound by transitions.Machine when the model is added

    def __init__(self, draft: Application) -> None:
        self.state = "draft"
        self.required = draft.required_documents
        self.documents = [(d.kind, d.valid) for d in draft.documents]
        self.sent_by: str | None = None
        self.deadline: datetime | None = None
        self.history: list[tuple[Any, ...]] = []


def _guard_checks(row: Transition) -> list[Callable[[_Model, dict[str, Any]], bool]]:
    checks: dict[str, Callable[[_Model, dict[str, Any]], bool]] = {
        "documents_complete": lambda m, kw: (
            all(ok for _, ok in m.documents)
            and set(m.required) <= {kind for kind, ok in m.documents if ok}
        ),
        "access_requirements_met": lambda m, kw: kw.get("unmet") == frozenset(),
        "reason_given": lambda m, kw: bool(kw.get("reason")),
        "four_eyes": lambda m, kw: m.sent_by is None or kw["actor"] != m.sent_by,
        "info_request_given": lambda m, kw: (
            bool(kw.get("question"))
            and kw.get("deadline") is not None
            and kw["deadline"] > kw["at"]
        ),
        "deadline_open": lambda m, kw: m.deadline is None or kw["at"] < m.deadline,
        "deadline_passed": lambda m, kw: m.deadline is not None and kw["at"] >= m.deadline,
    }
    return [checks[guard.__name__] for guard in row.guards]


def _condition(row: Transition) -> Callable[[Any], bool]:
    roles = frozenset(str(role) for role in row.roles)
    checks = _guard_checks(row)

    def allowed(event: Any) -> bool:
        kw = event.kwargs
        return kw["role"] in roles and all(check(event.model, kw) for check in checks)

    return allowed


def _record(event: Any) -> None:
    kw = event.kwargs
    model = event.model
    trigger = event.event.name
    if trigger == "send_for_approval":
        model.sent_by = kw["actor"]
    model.history.append(
        (
            kw["at"],
            kw["actor"],
            kw["role"],
            trigger,
            event.transition.source,
            event.transition.dest,
            kw.get("reason"),
        )
    )


def _machine(models: list[_Model], *, with_history: bool) -> Machine:
    rows = [
        {
            "trigger": str(row.trigger),
            "source": str(row.source),
            "dest": str(row.target),
            "conditions": [_condition(row)],
        }
        for row in TRANSITIONS
    ]
    extra: dict[str, Any] = {"after_state_change": _record} if with_history else {}
    return Machine(
        model=models,
        states=sorted({str(r.source) for r in TRANSITIONS} | {str(r.target) for r in TRANSITIONS}),
        transitions=rows,
        initial="draft",
        send_event=True,
        auto_transitions=False,
        **extra,
    )


def _ours(drafts: list[Application]) -> Work:
    def work() -> None:
        for app in drafts:
            for trigger, actor, role in PATH:
                app, _event = app.fire(trigger, actor=actor, role=role, at=AT, context=MET)
            assert app.status == "approved"

    return work


def _theirs(models: list[_Model]) -> Work:
    path = [(str(trigger), actor, str(role)) for trigger, actor, role in PATH]
    unmet: frozenset[str] = frozenset()

    def work() -> None:
        for model in models:
            model.state, model.sent_by, model.history = "draft", None, []
            for trigger, actor, role in path:
                if not model.trigger(trigger, actor=actor, role=role, at=AT, unmet=unmet):
                    raise AssertionError(f"transitions refused {trigger}")
            assert model.state == "approved"

    return work


def _batch(quick: bool) -> tuple[list[Application], int]:
    count = 300 if quick else 2_000
    draft = complete_draft(PORTAL.type("general"), at=AT)
    return [draft] * count, count * len(PATH)


def _setup(quick: bool) -> tuple[Work, Work, int]:
    drafts, ops = _batch(quick)
    models = [_Model(d) for d in drafts]
    _machine(models, with_history=True)
    return _ours(drafts), _theirs(models), ops


def _describe() -> dict[str, Any]:
    drafts, _ = _batch(True)
    models = [_Model(d) for d in drafts]
    _machine(models, with_history=False)
    ours, bare = _ours(drafts), _theirs(models)
    ours()
    bare()
    best_ours = min(_time(ours) for _ in range(3))
    best_bare = min(_time(bare) for _ in range(3))
    return {"ratio vs transitions without the history callback": round(best_ours / best_bare, 3)}


BENCHMARKS = [
    Benchmark(
        name="lifecycle: Application.fire (one move)",
        baseline_name="transitions.Machine",
        setup=_setup,
        target=0.35,
        describe=_describe,
    )
]
