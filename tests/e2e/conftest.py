"""Fixtures for whole-cabinet tests: the cabinet on memory and on a real SQLite file."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from accredkit.testing.accounts_harness import AccountsHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


def sqlite_config(directory: Path) -> dict[str, Any]:
    """A cabinet on SQLite and encrypted files under ``directory``."""
    return {
        "storage": f"sqlite:///{directory}/cabinet.db",
        "blobs": f"file:///{directory}/blobs",
        "blob_key": base64.b64encode(bytes(range(32))).decode(),
        "otp_key": base64.b64encode(bytes(range(32, 64))).decode(),
        "checkpoint": str(directory / "checkpoint.json"),
    }


@pytest.fixture(params=["memory", "sqlite"])
def cabinet_harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountsHarness]:
    """A harnessed cabinet (frozen clock, recording senders, a test CA) on each storage."""
    config = sqlite_config(tmp_path) if request.param == "sqlite" else None
    h = AccountsHarness(config, at=START)
    yield h
    h.close()
