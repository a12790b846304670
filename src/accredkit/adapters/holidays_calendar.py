"""Working calendar on the ``holidays`` package, with a deployment's own overrides.

The Russian production calendar moves days off by government decree each year: a
holiday's day off moves to a weekday, and a Saturday becomes a working day in exchange
(2024-12-28, 2025-11-01). The package knows both — the holidays and the working weekend
days — and ``overrides`` adds what a deployment must (a decree the package does not know
yet, an extra day off).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from accredkit.errors import ConfigurationError

__all__ = ["HolidaysCalendar"]


class HolidaysCalendar:
    """Weekends and public holidays of ``country`` are days off, unless overridden."""

    def __init__(self, country: str = "RU", overrides: Mapping[date, bool] | None = None) -> None:
        self.country = country
        self.overrides = dict(overrides or {})
        self._holidays: Any = None  # the holidays package loads on the first question

    def _calendar(self) -> Any:
        """The country's holidays; importing them costs start-up, so only when asked."""
        if self._holidays is None:
            import holidays

            try:
                self._holidays = holidays.country_holidays(self.country)
            except NotImplementedError as error:
                raise ConfigurationError(
                    f"calendar: no holidays known for country {self.country!r}",
                    code="config.calendar",
                    value=self.country,
                ) from error
        return self._holidays

    def is_working_day(self, day: date) -> bool:
        """``True`` on working days (override first, then working weekend days, holidays
        and weekends)."""
        if day in self.overrides:
            return self.overrides[day]
        return bool(self._calendar().is_working_day(day))
