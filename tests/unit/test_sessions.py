"""Sessions: hashed tokens, 15-minute idle limit, 12-hour absolute limit, fresh logins.

The last activity is stored at most once a minute (``touch_interval``): the idle limit
holds within that minute, never beyond the limit itself.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.sessions import (
    FactorUsed,
    Session,
    SessionEnd,
    SessionPolicy,
    SessionState,
    hash_token,
    open_session,
)
from accredkit.errors import AuthenticationFailed, ValidationError
from accredkit.testing.account_strategies import session_policies

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOKEN = bytes(range(32))
POLICY = SessionPolicy()


def new(now: datetime = T0) -> Session:
    return open_session(
        session_id="s1", account_id="a1", token=TOKEN, now=now, factor=FactorUsed.TOTP
    )


def test_policy_defaults() -> None:
    assert (
        SessionPolicy(
            idle=timedelta(minutes=15),
            absolute=timedelta(hours=12),
            fresh_login=timedelta(minutes=5),
            touch_interval=timedelta(minutes=1),
        )
        == POLICY
    )


def test_token_stored_only_as_sha256() -> None:
    session = new()
    assert session.token_hash == hashlib.sha256(TOKEN).hexdigest() == hash_token(TOKEN)
    assert TOKEN.hex() not in repr(session)


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_tokens_must_be_256_bits(size: int) -> None:
    with pytest.raises(ValueError, match="32 random bytes"):
        open_session(session_id="s", account_id="a", token=b"x" * size, now=T0,
                     factor=FactorUsed.NONE)  # fmt: skip


def test_idle_fourteen_fifty_nine_ok_fifteen_expired() -> None:
    session = new()
    assert session.is_active(POLICY, T0 + timedelta(minutes=14, seconds=59))
    assert session.state(POLICY, T0 + timedelta(minutes=15)) is SessionState.IDLE_EXPIRED
    with pytest.raises(AuthenticationFailed) as caught:
        session.touch(POLICY, T0 + timedelta(minutes=15))
    assert caught.value.code == "session.expired"


def test_touch_restarts_the_idle_timer() -> None:
    session = new().touch(POLICY, T0 + timedelta(minutes=14))
    assert session.is_active(POLICY, T0 + timedelta(minutes=28, seconds=59))
    assert not session.is_active(POLICY, T0 + timedelta(minutes=29))


def test_a_request_within_the_touch_interval_stores_nothing() -> None:
    session = new()
    assert session.touch(POLICY, T0 + timedelta(seconds=59)) is session
    moved = session.touch(POLICY, T0 + timedelta(minutes=1))
    assert moved.last_seen_at == T0 + timedelta(minutes=1)


def test_every_request_is_stored_with_a_zero_interval() -> None:
    policy = SessionPolicy(touch_interval=timedelta(0))
    assert new().touch(policy, T0 + timedelta(seconds=1)).last_seen_at == T0 + timedelta(seconds=1)


@pytest.mark.parametrize("interval", [timedelta(seconds=-1), timedelta(minutes=15)])
def test_the_touch_interval_stays_below_the_idle_limit(interval: timedelta) -> None:
    with pytest.raises(ValueError, match="touch interval"):
        SessionPolicy(touch_interval=interval)


@given(session_policies(), st.lists(st.integers(0, 400), min_size=1, max_size=60))
def test_the_idle_limit_holds_within_the_touch_interval(
    policy: SessionPolicy, gaps: list[int]
) -> None:
    """Whatever the requests, a session idle for the limit is refused, and one idle for
    less than the limit minus the touch interval is accepted."""
    session = new()
    last_request = now = T0
    for gap in gaps:
        now += timedelta(seconds=gap)
        idle_for = now - last_request
        young = now - T0 < policy.absolute
        if idle_for >= policy.idle or not young:
            assert not session.is_active(policy, now)
            return
        if idle_for < policy.idle - policy.touch_interval:
            assert session.is_active(policy, now)
        if not session.is_active(policy, now):
            return  # ended early, within the touch interval of the limit
        session = session.touch(policy, now)
        last_request = now
    just_before = policy.ends_no_earlier_than(last_request) - timedelta(microseconds=1)
    if just_before - T0 < policy.absolute:
        assert session.is_active(policy, just_before)
    assert not session.is_active(policy, last_request + policy.idle)


def test_absolute_limit_holds_under_steady_activity() -> None:
    session = new()
    now = T0
    while now - T0 < timedelta(hours=12) - timedelta(minutes=10):
        now += timedelta(minutes=10)
        session = session.touch(POLICY, now)
    assert session.is_active(POLICY, T0 + timedelta(hours=11, minutes=59, seconds=59))
    end = T0 + timedelta(hours=12)
    assert session.state(POLICY, end) is SessionState.ABSOLUTE_EXPIRED
    with pytest.raises(AuthenticationFailed):
        session.touch(POLICY, end)


@given(session_policies(), st.lists(st.integers(1, 600), min_size=1, max_size=200))
def test_no_activity_pattern_outlives_the_absolute_limit(
    policy: SessionPolicy, gaps: list[int]
) -> None:
    session = new()
    now = T0
    for gap in gaps:
        now += timedelta(seconds=gap)
        if not session.is_active(policy, now):
            break
        session = session.touch(policy, now)
        assert now - session.created_at < policy.absolute
        assert now - T0 < policy.absolute


@given(session_policies(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2)))
def test_active_exactly_within_both_limits(policy: SessionPolicy, elapsed: timedelta) -> None:
    session = new()
    expected = elapsed < policy.idle and elapsed < policy.absolute
    assert session.is_active(policy, T0 + elapsed) == expected


def test_logout_ends_session_and_touch_refused() -> None:
    ended = new().end(SessionEnd.LOGOUT, T0 + timedelta(minutes=1))
    assert ended.state(POLICY, T0 + timedelta(minutes=2)) is SessionState.ENDED
    assert ended.end_reason is SessionEnd.LOGOUT
    with pytest.raises(AuthenticationFailed) as caught:
        ended.touch(POLICY, T0 + timedelta(minutes=2))
    assert caught.value.code == "session.ended"


def test_ending_twice_keeps_the_first_reason() -> None:
    ended = new().end(SessionEnd.PASSWORD_CHANGED, T0).end(SessionEnd.BLOCKED, T0)
    assert ended.end_reason is SessionEnd.PASSWORD_CHANGED


def test_expire_records_why() -> None:
    assert new().expire(POLICY, T0 + timedelta(minutes=15)).end_reason is SessionEnd.IDLE
    assert new().expire(POLICY, T0 + timedelta(minutes=1)).ended is False


def test_fresh_login_window_is_five_minutes() -> None:
    session = new().touch(POLICY, T0 + timedelta(minutes=4))
    assert session.is_fresh(POLICY, T0 + timedelta(minutes=5))
    assert not session.is_fresh(POLICY, T0 + timedelta(minutes=5, seconds=1))
    again = session.reauthenticated(T0 + timedelta(minutes=9), FactorUsed.SMS)
    assert again.is_fresh(POLICY, T0 + timedelta(minutes=13))
    assert again.factor is FactorUsed.SMS


def test_idle_limit_within_absolute_enforced() -> None:
    with pytest.raises(ValueError, match="idle"):
        SessionPolicy(idle=timedelta(hours=13))


def test_naive_time_refused() -> None:
    with pytest.raises(ValidationError):
        new().is_active(POLICY, datetime(2026, 3, 2, 9, 1))
