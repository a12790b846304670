"""What a move changes on the application beyond its status and history: one small function each.

A row of the lifecycle table (``lifecycle.py``) names its field change; the aggregate
(``application.py``) applies the row's change and nothing else, so the fields a move sets
are written once, next to the rule that allows it (docs/lifecycle.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Final, Protocol

import attrs

from accredkit.domain.masks import mask_text

__all__ = [
    "FieldChange",
    "InfoRequest",
    "MoveFacts",
    "record_answer",
    "record_decision",
    "record_info_request",
    "record_sending",
    "record_submission",
    "record_withdrawal",
    "status_only",
]


@attrs.frozen
class InfoRequest:
    """What the body asked for and by when the applicant must answer."""

    question: str = attrs.field(repr=mask_text)
    deadline: datetime
    asked_by: str
    asked_at: datetime


class MoveFacts(Protocol):
    """What a field change (and an event) may know of one move: who, when, why, what was asked."""

    @property
    def actor(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def question(self) -> str | None: ...
    @property
    def deadline(self) -> datetime | None: ...


FieldChange = Callable[[MoveFacts], Mapping[str, object]]
"""The application's fields a move sets (besides ``status`` and ``history``), by name."""

_NOTHING: Final[Mapping[str, object]] = {}


def status_only(move: MoveFacts) -> Mapping[str, object]:
    """Nothing but the status and the history entry (taking a case, sending no answer)."""
    return _NOTHING


def record_submission(move: MoveFacts) -> Mapping[str, object]:
    """The submission time: the reports' period and the overdue clock start here."""
    return {"submitted_at": move.at}


def record_info_request(move: MoveFacts) -> Mapping[str, object]:
    """The question and its deadline; a case sent back for information needs sending again."""
    deadline = move.deadline
    assert deadline is not None  # the row's guard info_request_given refused a missing one
    return {
        "info_request": InfoRequest(move.question or "", deadline, move.actor, move.at),
        "info_deadline": deadline,
        "sent_for_approval_by": None,
    }


def record_answer(move: MoveFacts) -> Mapping[str, object]:
    """The request is answered: no question and no deadline are pending any more."""
    return {"info_request": None, "info_deadline": None}


def record_sending(move: MoveFacts) -> Mapping[str, object]:
    """Who sent the case for approval (the four-eyes guard keeps the approver apart)."""
    return {"sent_for_approval_by": move.actor}


def record_decision(move: MoveFacts) -> Mapping[str, object]:
    """When and why the commission decided; the case is closed then."""
    return {"decided_at": move.at, "decision_reason": move.reason, "closed_at": move.at}


def record_withdrawal(move: MoveFacts) -> Mapping[str, object]:
    """The case is closed without a decision."""
    return {"closed_at": move.at}
