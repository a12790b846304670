"""Moments in time: every time the domain is given must be a UTC-aware ``datetime``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from accredkit.errors import ValidationError, Violation

__all__ = ["remembered_spelling", "require_utc"]

_SPELLINGS_KEPT = 4096


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


def remembered_spelling(spell: Callable[[datetime], str]) -> Callable[[datetime], str]:
    """``spell``, remembering the text of each UTC instant it was given (a bounded number).

    Rows and journal entries written together repeat their instants (one dispatch's
    ``now``, its lease's end), and formatting a ``datetime`` costs more than a look-up.
    Only ``UTC`` times are kept: two of them are equal exactly when they are one
    instant, while equal times in another zone may differ in offset (a fold).
    """
    texts: dict[datetime, str] = {}

    def spelled(moment: datetime) -> str:
        if moment.tzinfo is not UTC:
            return spell(moment)
        text = texts.get(moment)
        if text is None:
            text = spell(moment)
            if len(texts) >= _SPELLINGS_KEPT:
                texts.clear()
            texts[moment] = text
        return text

    return spelled
