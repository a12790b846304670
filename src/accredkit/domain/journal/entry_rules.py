"""What a journal entry may hold (docs/journal.md): ids, action names, bounded details.

Every field an entry is drafted with is checked here before anything is encoded, and
every violation is reported at once; the details are walked to a bounded depth, so no
personal data, secret or oversized text reaches the journal (``privacy.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from accredkit.domain.journal.canonical_json import MAX_SAFE_INTEGER
from accredkit.domain.journal.privacy import key_violation, value_violation
from accredkit.errors import Violation

__all__ = [
    "SYSTEM_ACTOR",
    "DetailsInspection",
    "field_violations",
    "inspect_details",
    "journal_violation",
]

SYSTEM_ACTOR = "system"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\Z")
_WORD = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
_ACTION = re.compile(r"[a-z][a-z0-9_]{0,31}(\.[a-z][a-z0-9_]{0,31}){1,3}\Z")
_MAX_DEPTH = 6
_MAX_TEXT = 2000


def journal_violation(code: str, field: str, ru: str, en: str) -> Violation:
    """A violation of the journal's rules, coded ``journal.<code>``."""
    return Violation(f"journal.{code}", field, ru, en)


@attrs.define
class DetailsInspection:
    """What one walk over the details found: every violation, and any astral key."""

    found: list[Violation] = attrs.Factory(list)
    astral_keys: bool = False


def inspect_details(value: Any, path: str, depth: int, seen: DetailsInspection) -> Any:
    """Copy ``value`` (so later edits by the caller cannot reach the entry) while checking
    its shape — JSON without floats, safe integers, shallow, modest strings — and
    screening every key and value for personal data, in one walk."""
    if depth > _MAX_DEPTH:
        seen.found.append(
            journal_violation(
                "details.too_deep", path, "Слишком глубокая вложенность.", "Nested too deeply."
            )
        )
        return None
    kind = type(value)
    if kind is str:
        if len(value) > _MAX_TEXT:
            seen.found.append(_too_long(path))
        elif problem := value_violation(path, value):
            seen.found.append(problem)
        return value
    if value is None or kind is bool:
        return value
    if kind is int:
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            seen.found.append(
                journal_violation(
                    "details.json",
                    path,
                    "Целое число вне точного диапазона JSON (±2⁵³).",
                    "An integer outside the exact range of JSON (±2⁵³).",
                )
            )
        elif problem := value_violation(path, value):
            seen.found.append(problem)
        return value
    if kind is dict or isinstance(value, Mapping):
        copy: dict[str, Any] = {}
        for key, item in value.items():
            child = f"{path}.{key}"
            if not isinstance(key, str) or not key or len(key) > 64 or not key.isprintable():
                seen.found.append(
                    journal_violation(
                        "details.key",
                        child,
                        "Имя поля — непустая строка до 64 печатных символов.",
                        "A key is a non-empty string of up to 64 printable characters.",
                    )
                )
                continue
            if not key.isascii() and max(key) > "\uffff":
                seen.astral_keys = True
            problem = key_violation(child, key, item)
            if problem is not None:
                seen.found.append(problem)
                continue
            copy[str(key)] = inspect_details(item, child, depth + 1, seen)
        return copy
    if kind is list or isinstance(value, list | tuple):
        return [
            inspect_details(item, f"{path}[{i}]", depth + 1, seen) for i, item in enumerate(value)
        ]
    if isinstance(value, float):
        seen.found.append(
            journal_violation(
                "details.float",
                path,
                "Дробные числа в журнал не пишут: передайте целое или строку.",
                "Floating-point numbers are not journaled: pass an integer or a string.",
            )
        )
    elif isinstance(value, str | int):  # a str or int subclass: store the plain value
        plain = str.__str__(value) if isinstance(value, str) else int(value)
        return inspect_details(plain, path, depth, seen)
    else:
        seen.found.append(
            journal_violation(
                "details.type",
                path,
                f"Тип {type(value).__name__} нельзя записать в журнал.",
                f"Type {type(value).__name__} cannot be journaled.",
            )
        )
    return None


def _too_long(path: str) -> Violation:
    return journal_violation(
        "details.too_long",
        path,
        f"Строка длиннее {_MAX_TEXT} символов.",
        f"Text longer than {_MAX_TEXT} characters.",
    )


def field_violations(
    time: Any, actor: str, role: str, action: str, subject_type: str, subject_id: str
) -> list[Violation]:
    found: list[Violation] = []
    if not isinstance(time, datetime) or time.utcoffset() is None:
        found.append(
            journal_violation(
                "time.naive",
                "time",
                "Время записи должно быть в UTC с указанием часового пояса.",
                "The time must be a timezone-aware UTC datetime.",
            )
        )
    if not isinstance(actor, str) or (actor != SYSTEM_ACTOR and not _ID.match(actor)):
        found.append(
            journal_violation(
                "actor.format",
                "actor",
                "Исполнитель — идентификатор учетной записи или «system».",
                "The actor is an account id or 'system'.",
            )
        )
    if not isinstance(role, str) or not _WORD.match(role):
        found.append(
            journal_violation(
                "role.format",
                "role",
                "Роль — слово из строчных латинских букв, цифр и «_».",
                "The role is a lower-case word (letters, digits, '_').",
            )
        )
    if not isinstance(action, str) or not _ACTION.match(action):
        found.append(
            journal_violation(
                "action.format",
                "action",
                "Действие записывается через точку: application.approved.",
                "The action is dotted: application.approved.",
            )
        )
    if not isinstance(subject_type, str) or not _WORD.match(subject_type):
        found.append(
            journal_violation(
                "subject_type.format",
                "subject_type",
                "Тип объекта — слово из строчных латинских букв, цифр и «_».",
                "The subject type is a lower-case word (letters, digits, '_').",
            )
        )
    if not isinstance(subject_id, str) or not _ID.match(subject_id):
        found.append(
            journal_violation(
                "subject_id.format",
                "subject_id",
                "Идентификатор объекта: латинские буквы, цифры и . _ : - (до 128 символов).",
                "The subject id: letters, digits and . _ : - (up to 128 characters).",
            )
        )
    return found
