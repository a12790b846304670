"""Shared test configuration: hypothesis profiles, PostgreSQL, cabinet fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, settings

from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import sqlite_config
from tests.support.postgres import REQUIRE_ENV, PostgresServer, PostgresUnavailable

# Live servers and real browsers for the page tests (tests/browser_session.py).
pytest_plugins = ["tests.browser_session"]

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# PostgreSQL: one throwaway server per test session, a fresh database per test -----------
@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server in a temporary directory, stopped at session end.

    With ``ACCREDKIT_REQUIRE_POSTGRES=1`` (as ``make test`` sets) a server that cannot
    start fails the tests; without it they are skipped with the reason.
    """
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as error:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but did not start: {error}")
        pytest.skip(f"no PostgreSQL server available ({error}); {REQUIRE_ENV}=1 makes it fail")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty database, dropped after the test."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(urlsplit(url).path.lstrip("/"))


CABINET_START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def cabinet_harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountsHarness]:
    """A harnessed cabinet (frozen clock, recording senders, a test CA) on each storage."""
    config = sqlite_config(tmp_path) if request.param != "memory" else None
    if config is not None and request.param == "postgresql":
        config["storage"] = request.getfixturevalue("postgres_url")
    h = AccountsHarness(config, at=CABINET_START)
    yield h
    h.close()
