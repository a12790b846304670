"""pytest plugin (entry point ``pytest11``): fixtures for hosts and adapter authors.

- ``accredkit_clock``: a ``FrozenClock`` at a fixed Monday morning, UTC.
- ``accredkit_sms`` / ``accredkit_email``: recording senders (``.sent``).
- ``accredkit_cabinet``: an in-memory cabinet wired to the three fixtures above.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.bootstrap.cabinet import Cabinet, bootstrap


@pytest.fixture
def accredkit_clock() -> FrozenClock:
    """A clock frozen at 2026-01-12 09:00 UTC (a Monday); move it with ``advance``."""
    return FrozenClock()


@pytest.fixture
def accredkit_sms() -> MemorySms:
    """A recording SMS sender."""
    return MemorySms()


@pytest.fixture
def accredkit_email() -> MemoryEmail:
    """A recording e-mail sender."""
    return MemoryEmail()


@pytest.fixture
def accredkit_cabinet(
    accredkit_clock: FrozenClock, accredkit_sms: MemorySms, accredkit_email: MemoryEmail
) -> Iterator[Cabinet]:
    """An in-memory cabinet using the frozen clock and the recording senders."""
    cabinet = bootstrap(
        clock=accredkit_clock, random=SeededRandom(2026), sms=accredkit_sms, email=accredkit_email
    )
    yield cabinet
    cabinet.close()
