"""What any value from outside must be before a use case looks at it.

Every entry point calls these on the plain values it is given (text, numbers, choices,
moments, file bytes), so one set of rules holds everywhere (docs/security.md, "Hostile
input"): text has a length limit and no control, NUL or bidirectional-override
characters, and is not empty once invisible characters are removed; numbers are
integers in a range; a choice is one of its enumeration's codes; a moment is UTC-aware.
Each refusal is a ``ValidationError`` whose violation names the field.
"""

from __future__ import annotations

import enum
import unicodedata
from datetime import datetime
from typing import Final, TypeVar

from accredkit.errors import ValidationError, Violation

__all__ = [
    "ID_LENGTH",
    "LINE_LENGTH",
    "TEXT_LENGTH",
    "aware_moment",
    "choice",
    "file_bytes",
    "free_text",
    "identifier",
    "line",
    "number",
    "optional_line",
    "optional_text",
    "secret",
    "text",
]

LINE_LENGTH: Final = 300
"""A one-line value: a name, a specialty, a reason, a subject."""
TEXT_LENGTH: Final = 10_000
"""A free text: a message, a question, an answer, a ticket."""
ID_LENGTH: Final = 200
"""An id or a token handed back by the cabinet."""

_E = TypeVar("_E", bound=enum.Enum)
_BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)
_INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164\u115f\u1160")


def _refuse(code: str, field: str, ru: str, en: str, value: object = None) -> ValidationError:
    return ValidationError.of((Violation(f"input.{code}", field, ru, en),), value=value)


def _screen(value: object, field: str, limit: int, *, multiline: bool) -> str:
    if not isinstance(value, str):
        raise _refuse(
            "not_text",
            field,
            f"Поле {field}: ожидается текст.",
            f"{field}: text is expected, not {type(value).__name__}.",
        )
    if len(value) > limit:
        raise _refuse(
            "too_long",
            field,
            f"Поле {field}: не длиннее {limit} символов (сейчас {len(value)}).",
            f"{field}: at most {limit} characters ({len(value)} given).",
        )
    if value.isascii() and value.isprintable():
        return value
    for char in value:
        if char in _BIDI_CONTROLS:
            raise _refuse(
                "bidi_control",
                field,
                f"Поле {field} содержит символ управления направлением текста.",
                f"{field} holds a bidirectional control character (U+{ord(char):04X}).",
            )
        category = unicodedata.category(char)
        allowed_break = multiline and char in "\r\n\t"
        if category in ("Cc", "Zl", "Zp", "Cs", "Co", "Cn") and not allowed_break:
            raise _refuse(
                "control_character",
                field,
                f"Поле {field} содержит управляющие или недопустимые символы.",
                f"{field} holds a control or unassigned character (U+{ord(char):04X}).",
            )
    return value


def _visible(value: str) -> bool:
    return any(
        not char.isspace() and char not in _INVISIBLE and unicodedata.category(char) != "Cf"
        for char in value
    )


def text(value: object, field: str, *, limit: int = TEXT_LENGTH, multiline: bool = True) -> str:
    """``value`` as a required free text, stripped.

    Raises:
        ValidationError: not a string (``input.not_text``), longer than ``limit``
            (``input.too_long``), a control or NUL character (``input.control_character``;
            line breaks and tabs are allowed in multi-line text), a bidirectional control
            (``input.bidi_control``), or nothing visible (``input.blank``).
    """
    screened = _screen(value, field, limit, multiline=multiline)
    if not _visible(screened):
        raise _refuse(
            "blank",
            field,
            f"Заполните поле {field}.",
            f"{field} is empty (or holds only invisible characters).",
        )
    return screened.strip()


def free_text(value: object, field: str, *, limit: int = TEXT_LENGTH) -> str:
    """``value`` screened as free text, stripped; nothing visible gives ``""``.

    For the fields whose use case has its own "write something" rule (an answer, a
    reason): the text rules hold, and a text of invisible characters only reaches that
    rule as empty, so it is refused there with the use case's own code.
    """
    screened = _screen(value, field, limit, multiline=True)
    return screened.strip() if _visible(screened) else ""


def secret(value: object, field: str, *, limit: int = 1024) -> str:
    """A password or code as typed: text without control characters, never altered."""
    return _screen(value, field, limit, multiline=False)


def line(value: object, field: str, *, limit: int = LINE_LENGTH) -> str:
    """``value`` as a required one-line text (no line breaks), stripped."""
    return text(value, field, limit=limit, multiline=False)


def optional_text(
    value: object, field: str, *, limit: int = TEXT_LENGTH, multiline: bool = True
) -> str | None:
    """``None`` or blank stays ``None``; anything else must be a valid text."""
    if value is None:
        return None
    screened = _screen(value, field, limit, multiline=multiline)
    if not screened.strip():
        return None
    return text(screened, field, limit=limit, multiline=multiline)


def optional_line(value: object, field: str, *, limit: int = LINE_LENGTH) -> str | None:
    """``None`` or blank stays ``None``; anything else must be a valid one-line text."""
    return optional_text(value, field, limit=limit, multiline=False)


def identifier(value: object, field: str) -> str:
    """An id or token the cabinet handed out: short one-line text, as given."""
    screened = _screen(value, field, ID_LENGTH, multiline=False)
    if not _visible(screened) or screened != screened.strip():
        raise _refuse(
            "bad_id",
            field,
            f"Поле {field}: неверный идентификатор.",
            f"{field} is not a valid id.",
        )
    return screened


def number(value: object, field: str, *, minimum: int, maximum: int) -> int:
    """``value`` as an integer within ``minimum … maximum`` (``bool`` is not a number).

    Raises:
        ValidationError: ``input.not_integer`` or ``input.out_of_range``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(
            "not_integer",
            field,
            f"Поле {field}: ожидается целое число.",
            f"{field}: an integer is expected, not {type(value).__name__}.",
        )
    if not minimum <= value <= maximum:
        raise _refuse(
            "out_of_range",
            field,
            f"Поле {field}: от {minimum} до {maximum} (указано {value}).",
            f"{field}: {minimum} to {maximum} ({value} given).",
            value=value,
        )
    return value


def choice(kind: type[_E], value: object, field: str) -> _E:
    """``value`` as a member of the enumeration ``kind`` (a member or its code).

    Raises:
        ValidationError: ``input.unknown_choice``, listing the codes allowed.
    """
    if isinstance(value, kind):
        return value
    codes = [str(member.value) for member in kind]
    if isinstance(value, str) and len(value) <= ID_LENGTH:
        for member in kind:
            if member.value == value:
                return member
    shown = repr(value)[:60]
    raise _refuse(
        "unknown_choice",
        field,
        f"Поле {field}: недопустимое значение {shown}; возможны: {', '.join(codes)}.",
        f"{field}: {shown} is not one of {', '.join(codes)}.",
        value=shown,
    )


def aware_moment(value: object, field: str) -> datetime:
    """``value`` as a timezone-aware ``datetime``.

    Raises:
        ValidationError: ``input.not_datetime`` or ``input.naive_datetime``.
    """
    if not isinstance(value, datetime):
        raise _refuse(
            "not_datetime",
            field,
            f"Поле {field}: ожидается дата и время.",
            f"{field}: a datetime is expected, not {type(value).__name__}.",
        )
    if value.utcoffset() is None:
        raise _refuse(
            "naive_datetime",
            field,
            f"Поле {field}: укажите часовой пояс.",
            f"{field}: the datetime needs a time zone (UTC-aware).",
        )
    return value


def file_bytes(value: object, field: str) -> bytes:
    """``value`` as file content (``bytes``)."""
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    if not isinstance(value, bytes):
        raise _refuse(
            "not_bytes",
            field,
            f"Поле {field}: ожидается содержимое файла.",
            f"{field}: file content (bytes) is expected, not {type(value).__name__}.",
        )
    return value
