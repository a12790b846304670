"""Working calendar on the ``holidays`` package, with a deployment's own overrides.

The Russian production calendar moves days off by government decree each year; the
package knows the holidays, and ``overrides`` adds what a deployment must (a working
Saturday, an extra day off).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import holidays

from accredkit.errors import ConfigurationError

__all__ = ["HolidaysCalendar"]


class HolidaysCalendar:
    """Weekends and public holidays of ``country`` are days off, unless overridden."""

    def __init__(self, country: str = "RU", overrides: Mapping[date, bool] | None = None) -> None:
        try:
            self._holidays = holidays.country_holidays(country)
        except NotImplementedError as error:
            raise ConfigurationError(
                f"calendar: no holidays known for country {country!r}",
                code="config.calendar",
                value=country,
            ) from error
        self.country = country
        self.overrides = dict(overrides or {})

    def is_working_day(self, day: date) -> bool:
        """``True`` on working days (override first, then holidays and weekends)."""
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5 and day not in self._holidays
