"""Working-calendar port: which days are working days (production calendar)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

__all__ = ["WorkingCalendar"]


class WorkingCalendar(Protocol):
    """Answers whether a day is a working day in the deployment's country."""

    def is_working_day(self, day: date) -> bool:
        """``True`` for a working day, ``False`` for weekends and holidays."""
        ...
