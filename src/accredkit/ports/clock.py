"""Clock port: the domain never reads the time itself."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["Clock"]


class Clock(Protocol):
    """Where the current time comes from."""

    def now(self) -> datetime:
        """The current time, UTC-aware."""
        ...
