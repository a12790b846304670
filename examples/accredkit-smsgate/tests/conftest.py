"""Fixtures: a working fake gateway and a broken one, both on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from accredkit_smsgate.testing import FakeGateway

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    """A gateway that accepts every message (HTTP 202) and records it."""
    with FakeGateway() as running:
        yield running


@pytest.fixture
def broken_gateway() -> Iterator[FakeGateway]:
    """A gateway that is down for maintenance (HTTP 503)."""
    with FakeGateway(status=503, reply={"error": "maintenance"}) as running:
        yield running
