"""The working calendar follows the Russian production calendar, transfers included.

The days below are the official production calendar (производственный календарь) of
2023–2026 as the government decrees on transfers of days off set it: every weekday that
is a day off, and every Saturday or Sunday that is a working day. Issue 15, item 2: the
working Saturdays 2024-04-27, 2024-11-02, 2024-12-28 and 2025-11-01 were counted as days
off.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accredkit.adapters.holidays_calendar import HolidaysCalendar


def _days(*texts: str) -> frozenset[date]:
    return frozenset(date.fromisoformat(text) for text in texts)


WEEKDAYS_OFF = {
    2023: _days(
        "2023-01-02", "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06",
        "2023-02-23", "2023-02-24",  # 24.02 moved from Sunday 01.01
        "2023-03-08", "2023-05-01",
        "2023-05-08",  # moved from Sunday 08.01
        "2023-05-09", "2023-06-12",
        "2023-11-06",  # Unity Day fell on Saturday 04.11
    ),
    2024: _days(
        "2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08",
        "2024-02-23", "2024-03-08",
        "2024-04-29",  # for Saturday 27.04
        "2024-04-30",  # for Saturday 02.11
        "2024-05-01", "2024-05-09",
        "2024-05-10",  # moved from Saturday 06.01
        "2024-06-12", "2024-11-04",
        "2024-12-30",  # for Saturday 28.12
        "2024-12-31",  # moved from Sunday 07.01
    ),
    2025: _days(
        "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08",
        "2025-05-01",
        "2025-05-02",  # moved from Saturday 04.01
        "2025-05-08",  # moved from Sunday 23.02
        "2025-05-09", "2025-06-12",
        "2025-06-13",  # moved from Saturday 08.03
        "2025-11-03",  # for Saturday 01.11
        "2025-11-04",
        "2025-12-31",  # moved from Sunday 05.01
    ),
    2026: _days(
        "2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08",
        "2026-01-09",  # moved from Saturday 03.01
        "2026-02-23",
        "2026-03-09",  # Women's Day fell on Sunday 08.03
        "2026-05-01",
        "2026-05-11",  # Victory Day fell on Saturday 09.05
        "2026-06-12", "2026-11-04",
        "2026-12-31",  # moved from Sunday 04.01
    ),
}  # fmt: skip
WORKING_WEEKEND_DAYS = {
    2023: _days(),
    2024: _days("2024-04-27", "2024-11-02", "2024-12-28"),
    2025: _days("2025-11-01"),
    2026: _days(),
}
WORKING_DAYS_IN_YEAR = {2023: 247, 2024: 248, 2025: 247, 2026: 247}
CALENDAR = HolidaysCalendar("RU")


def _official(day: date) -> bool:
    if day.weekday() >= 5:
        return day in WORKING_WEEKEND_DAYS[day.year]
    return day not in WEEKDAYS_OFF[day.year]


@pytest.mark.parametrize("year", sorted(WEEKDAYS_OFF))
def test_every_day_of_the_year_matches_the_production_calendar(year: int) -> None:
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
    days = [day for day in days if day.year == year]
    wrong = [day for day in days if CALENDAR.is_working_day(day) != _official(day)]
    assert wrong == []
    assert sum(CALENDAR.is_working_day(day) for day in days) == WORKING_DAYS_IN_YEAR[year]


@pytest.mark.parametrize(
    "saturday", sorted(day for days in WORKING_WEEKEND_DAYS.values() for day in days)
)
def test_working_saturdays_are_working_days(saturday: date) -> None:
    assert saturday.weekday() == 5
    assert CALENDAR.is_working_day(saturday)


def test_an_override_still_wins_over_a_working_saturday() -> None:
    assert not HolidaysCalendar("RU", {date(2025, 11, 1): False}).is_working_day(date(2025, 11, 1))
