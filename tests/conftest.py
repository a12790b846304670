"""Shared test configuration: hypothesis profiles (``ci``, ``fast``, ``dev``), cabinet fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from accredkit.testing.accounts_harness import AccountsHarness
from accredkit.testing.cabinet_people import sqlite_config

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


CABINET_START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


@pytest.fixture(params=["memory", "sqlite"])
def cabinet_harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountsHarness]:
    """A harnessed cabinet (frozen clock, recording senders, a test CA) on each storage."""
    config = sqlite_config(tmp_path) if request.param == "sqlite" else None
    h = AccountsHarness(config, at=CABINET_START)
    yield h
    h.close()
