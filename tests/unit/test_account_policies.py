"""The ``[settings.sessions]``, ``[settings.otp]``, ``[settings.passwords]`` and
``[settings.login]`` tables.

Every in-range value builds the policy with exactly that value; everything else is
refused with the table's code, naming the value and the range (docs/configuration.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accredkit
from accredkit.bootstrap._account_policies import (
    LOGIN_TABLE,
    OTP_TABLE,
    PASSWORD_TABLE,
    SESSION_TABLE,
    PolicyKey,
    PolicyTable,
)
from accredkit.bootstrap._accounts_wiring import configured_policies
from accredkit.config import Config
from accredkit.errors import AuthenticationFailed, ConfigurationError
from accredkit.services.accounts.accounts import AccountSettings
from tests.support.accounts_harness import AccountsHarness

TABLES: tuple[PolicyTable[Any], ...] = (SESSION_TABLE, OTP_TABLE, PASSWORD_TABLE, LOGIN_TABLE)
LOGIN, PASSWORD = "112-233-445 95", "сосна у реки шумит"


def settings_of(table: PolicyTable[Any], given: object) -> AccountSettings:
    return configured_policies(Config(settings={table.name: given}))


def policy_of(settings: AccountSettings, table: PolicyTable[Any]) -> object:
    by_table = {
        "sessions": settings.sessions,
        "otp": settings.otp,
        "passwords": settings.password,
        "login": settings.login,
    }
    return by_table[table.name]


@st.composite
def sessions_tables(draw: st.DrawFn) -> dict[str, int]:
    """A consistent ``[settings.sessions]``: idle within absolute, touch below idle.

    A one-minute idle limit needs a touch interval below the default minute.
    """
    hours = draw(st.integers(1, 168))
    idle = draw(st.integers(1, min(720, hours * 60)))
    table = {
        "absolute_hours": hours,
        "idle_minutes": idle,
        "fresh_login_minutes": draw(st.integers(1, 60)),
        "touch_seconds": draw(st.integers(0, min(300, idle * 60 - 1))),
    }
    kept = {"idle_minutes", "touch_seconds"} if idle == 1 else {"idle_minutes"}
    return {k: v for k, v in table.items() if k in kept or draw(st.booleans())}


@st.composite
def otp_tables(draw: st.DrawFn) -> dict[str, int]:
    keys = draw(st.lists(st.sampled_from(OTP_TABLE.keys), unique=True))
    return {key.name: draw(st.integers(key.low, key.high)) for key in keys}


@st.composite
def password_tables(draw: st.DrawFn) -> dict[str, int]:
    """A consistent ``[settings.passwords]``: own characters within the minimum length."""
    shortest = draw(st.integers(8, 64))
    table = {
        "min_length": shortest,
        "max_length": draw(st.integers(64, 1024)),
        "min_own_characters": draw(st.integers(1, min(32, shortest))),
    }
    return {k: v for k, v in table.items() if draw(st.booleans()) or k == "min_length"}


@st.composite
def login_tables(draw: st.DrawFn) -> dict[str, int]:
    """A consistent ``[settings.login]``: the first wait within the cap."""
    cap = draw(st.integers(1, 3600))
    table = {
        "free_failures": draw(st.integers(0, 20)),
        "throttle_base_seconds": draw(st.integers(1, min(60, cap))),
        "throttle_cap_seconds": cap,
        "lock_after": draw(st.integers(1, 100)),
    }
    # A cap below the default first wait (2 s) needs a first wait of its own.
    kept = {"throttle_cap_seconds", "throttle_base_seconds"} if cap < 2 else set()
    return {k: v for k, v in table.items() if k in kept or draw(st.booleans())}


def expected(table: PolicyTable[Any], given: dict[str, int]) -> dict[str, object]:
    keys = {key.name: key for key in table.keys}
    return {keys[name].field: keys[name].converted(value) for name, value in given.items()}


@given(
    st.one_of(
        sessions_tables().map(lambda t: (SESSION_TABLE, t)),
        otp_tables().map(lambda t: (OTP_TABLE, t)),
        password_tables().map(lambda t: (PASSWORD_TABLE, t)),
        login_tables().map(lambda t: (LOGIN_TABLE, t)),
    )
)
def test_every_value_in_range_builds_the_policy_with_exactly_that_value(
    case: tuple[PolicyTable[Any], dict[str, int]],
) -> None:
    table, given_table = case
    policy = policy_of(settings_of(table, given_table), table)
    default = table.build()
    for key in table.keys:
        want = expected(table, given_table).get(key.field, getattr(default, key.field))
        assert getattr(policy, key.field) == want


def out_of_range(key: PolicyKey) -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(max_value=key.low - 1),
        st.integers(min_value=key.high + 1),
        st.booleans(),
        st.floats(allow_nan=False),
        st.text(max_size=4),
        st.lists(st.integers(key.low, key.high), max_size=2),
        st.none(),
    )


@st.composite
def bad_values(draw: st.DrawFn) -> tuple[PolicyTable[Any], PolicyKey, object]:
    table = draw(st.sampled_from(TABLES))
    key = draw(st.sampled_from(table.keys))
    return table, key, draw(out_of_range(key))


@given(bad_values())
def test_every_value_out_of_range_or_of_another_type_is_refused_with_the_code(
    case: tuple[PolicyTable[Any], PolicyKey, object],
) -> None:
    table, key, value = case
    with pytest.raises(ConfigurationError) as refused:
        settings_of(table, {key.name: value})
    error = refused.value
    assert error.code == f"config.{table.name}"
    assert error.value == value
    for text in (error.message, error.message_ru):
        assert f"settings.{table.name}.{key.name}" in text
        assert repr(value) in text
        assert f"{key.low}" in text
        assert f"{key.high}" in text
    assert key.span in error.hint_ru
    assert key.span in error.hint_en


@given(
    st.sampled_from(TABLES),
    st.text(min_size=1, max_size=20),
    st.integers(0, 100),
)
def test_a_key_the_table_does_not_know_is_refused_by_name(
    table: PolicyTable[Any], name: str, value: int
) -> None:
    if name in {key.name for key in table.keys}:
        name += "_"
    with pytest.raises(ConfigurationError) as refused:
        settings_of(table, {name: value})
    assert refused.value.code == f"config.{table.name}"
    assert repr(name) in refused.value.message
    assert table.keys[0].name in refused.value.message  # the known keys are listed


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
@pytest.mark.parametrize("value", [15, "idle_minutes=15", [1, 2], True])
def test_a_policy_that_is_not_a_table_is_refused(table: PolicyTable[Any], value: object) -> None:
    with pytest.raises(ConfigurationError) as refused:
        settings_of(table, value)
    assert refused.value.code == f"config.{table.name}"


@pytest.mark.parametrize(
    "given_table",
    [
        {"sessions": {"idle_minutes": 61, "absolute_hours": 1}},
        {"sessions": {"idle_minutes": 1, "touch_seconds": 60}},
        {"sessions": {"idle_minutes": 1}},  # the default touch interval is a minute
        {"passwords": {"min_length": 8, "min_own_characters": 9}},
        {"login": {"throttle_base_seconds": 30, "throttle_cap_seconds": 10}},
    ],
)
def test_keys_that_contradict_each_other_are_refused(given_table: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError) as refused:
        configured_policies(Config(settings=given_table))
    (name,) = given_table
    assert refused.value.code == f"config.{name}"
    assert refused.value.message_ru != refused.value.message


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"sessions": {"idle_minuets": 30}}, "config.sessions"),
        ({"otp": {"lifetime_minutes": 0}}, "config.otp"),
        ({"passwords": {"min_length": 7}}, "config.passwords"),
        ({"login": {"lock_after": 101}}, "config.login"),
        ({"recovery": {"ticket_minutes": 0}}, "config.recovery"),
        ({"second_factor": {"passkey_minutes": 5}}, "config.second_factor"),
        ({"retention_years": -1}, "config.retention"),
        ({"session_touch_seconds": 10, "sessions": {"touch_seconds": 10}}, "config.sessions"),
    ],
)
def test_a_bad_policy_fails_at_bootstrap(settings: dict[str, Any], code: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap({"settings": settings})
    assert refused.value.code == code


def test_the_accounts_and_the_gate_run_on_the_configured_policies() -> None:
    cabinet = accredkit.bootstrap(
        {
            "settings": {
                "sessions": {"idle_minutes": 30, "absolute_hours": 8},
                "otp": {"lifetime_minutes": 10, "max_tries": 3},
                "passwords": {"min_length": 16},
                "login": {"free_failures": 3, "lock_after": 50},
            }
        }
    )
    settings = cabinet.accounts.settings
    assert settings.sessions.idle == cabinet.authority.sessions.idle == timedelta(minutes=30)
    assert settings.sessions.absolute == timedelta(hours=8)
    assert (settings.otp.lifetime, settings.otp.max_tries) == (timedelta(minutes=10), 3)
    assert settings.password.min_length == 16
    assert (settings.login.free_failures, settings.login.lock_after) == (3, 50)
    cabinet.close()


def test_the_older_touch_key_still_sets_the_touch_interval_beside_the_table() -> None:
    settings = configured_policies(
        Config(settings={"session_touch_seconds": 2.5, "sessions": {"idle_minutes": 20}})
    )
    assert settings.sessions.touch_interval == timedelta(seconds=2.5)
    assert settings.sessions.idle == timedelta(minutes=20)


@pytest.mark.parametrize("idle", [5, 60])
def test_a_configured_idle_limit_ends_the_session(idle: int) -> None:
    harness = AccountsHarness({"settings": {"sessions": {"idle_minutes": idle}}})
    registered = harness.register()
    harness.verify(registered)
    step = harness.complete(registered.account_id, harness.accounts.login(LOGIN, PASSWORD))
    assert step.token is not None
    actor = harness.cabinet.actor(step.token)
    # Just under the limit minus the touch interval: the session and the gate admit it.
    harness.clock.advance(timedelta(minutes=idle - 1) - timedelta(seconds=1))
    assert harness.cabinet.applications.list(actor) == []
    assert harness.cabinet.actor(step.token).session_id == actor.session_id
    harness.clock.advance(timedelta(minutes=idle))
    with pytest.raises(AuthenticationFailed) as gate:
        harness.cabinet.applications.list(actor)
    assert gate.value.code == "session.expired"
    with pytest.raises(AuthenticationFailed) as login:
        harness.cabinet.actor(step.token)
    assert login.value.code == "session.expired"
    harness.close()
