"""Moments in time: every time the domain is given must be a UTC-aware ``datetime``."""

from __future__ import annotations

from datetime import datetime, timedelta

from accredkit.errors import ValidationError, Violation

__all__ = ["require_utc"]


def require_utc(at: datetime, name: str = "at") -> datetime:
    """Return ``at`` if it is timezone-aware with a zero UTC offset.

    Naive times are ambiguous (whose midnight?) and time-step arithmetic (TOTP,
    code lifetimes) silently goes wrong with them, so they are refused outright.

    Raises:
        ValidationError: ``time.not_utc`` for a naive or non-UTC time.
    """
    if at.tzinfo is None or at.utcoffset() != timedelta(0):
        violation = Violation(
            code="time.not_utc",
            field=name,
            message_ru="Время должно быть указано в UTC с часовым поясом.",
            message_en="The time must be timezone-aware UTC.",
        )
        raise ValidationError.of((violation,), value=at)
    return at
