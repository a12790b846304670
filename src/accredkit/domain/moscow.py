"""Moscow time: the cabinet's calendar days (certificate dates, deadlines, reminders).

A fixed UTC+3 offset: Russia has kept no daylight saving since 2014, and a fixed offset
needs no time-zone database (the domain reads no files).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["MOSCOW", "moscow_date"]

MOSCOW = timezone(timedelta(hours=3), "MSK")


def moscow_date(moment: datetime) -> date:
    """The calendar day in Moscow at ``moment`` (UTC-aware)."""
    return moment.astimezone(MOSCOW).date()
