"""The outbox path's shortcuts give exactly what the slow way gives (docs/benchmarks.md).

Copies by position equal ``attrs.evolve``'s and are validated alike; an instant's
remembered spelling equals a fresh one, and equal times in a zone with a fold (one
wall-clock time, two instants) are never confused.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.storage._rows import index_value
from accredkit.converter import converter
from accredkit.domain.copies import replaced
from accredkit.domain.correspondence.outbox import Channel, MessageStatus, OutboxMessage
from accredkit.domain.journal.entries import format_time

NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
MESSAGE = OutboxMessage(
    id="a" * 32,
    channel=Channel.SMS,
    recipient="+79123456789",
    language="ru",
    template="application.status.approved",
    params=(("application", "№ 1"),),
    subject=None,
    body="Заявление № 1 одобрено.",
    created_at=NOW,
    next_attempt_at=NOW,
)

aware_times = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [UTC, timezone(timedelta(hours=3), "MSK"), timezone(-timedelta(hours=5, minutes=30))]
    ),
)
changes = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(MessageStatus),
        "attempts": st.integers(0, 50),
        "version": st.integers(0, 1_000),
        "next_attempt_at": aware_times,
        "last_error": st.none() | st.text(max_size=20),
        "secret": st.booleans(),
    },
)


@given(changes)
def test_a_copy_by_position_equals_evolve(changed: dict[str, Any]) -> None:
    copy = replaced(MESSAGE, **changed)
    assert copy == attrs.evolve(MESSAGE, **changed)
    assert type(copy) is OutboxMessage


def test_a_copy_runs_the_validators_and_refuses_unknown_fields() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        replaced(MESSAGE, next_attempt_at=datetime(2026, 5, 8, 10, 0))
    with pytest.raises(TypeError):
        replaced(MESSAGE, colour="red")


@attrs.frozen
class Named:
    """A class with a keyword-only field: copied the slow way, still correctly."""

    id: str
    version: int = attrs.field(kw_only=True)


def test_a_class_with_keyword_only_fields_is_copied_too() -> None:
    assert replaced(Named("x", version=1), version=2) == Named("x", version=2)


@given(aware_times)
def test_a_remembered_spelling_equals_a_fresh_one(moment: datetime) -> None:
    utc = moment.astimezone(UTC)
    for _ in range(2):  # the second call reads the remembered text
        assert index_value(moment) == utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert format_time(moment) == utc.replace(tzinfo=None).isoformat("T", "microseconds") + "Z"
        assert converter().unstructure(moment) == moment.isoformat()


def test_one_wall_clock_time_of_a_fold_stays_two_instants() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    first = datetime(2025, 10, 26, 2, 30, tzinfo=berlin)  # 00:30 UTC
    second = first.replace(fold=1)  # an hour later: 01:30 UTC
    assert first == second  # one zone: Python compares the wall-clock times
    for moment, hour in ((first, 0), (second, 1), (first, 0)):
        assert index_value(moment) == f"2025-10-26T0{hour}:30:00.000000Z"
        assert format_time(moment) == f"2025-10-26T0{hour}:30:00.000000Z"
        assert converter().unstructure(moment) == moment.isoformat()
