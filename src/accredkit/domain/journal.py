"""Audit journal entries (журнал операций): who did what to which subject, and when.

An entry's bytes are canonical JSON (RFC 8785), written once with the sequence
number the store assigns; the Merkle tree hashes those stored bytes, and
verification never re-serialises them. Details hold ids and document hashes only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Self

import attrs

from accredkit.domain.canonical_json import (
    MAX_SAFE_INTEGER,
    CanonicalJsonError,
    canonical_json,
    canonical_json_checked,
    load_canonical,
)
from accredkit.domain.journal_privacy import key_violation, personal_data_in_text, value_violation
from accredkit.domain.utc import remembered_spelling
from accredkit.errors import ValidationError, Violation

__all__ = [
    "ENTRY_FORMAT",
    "SYSTEM_ACTOR",
    "JournalDraft",
    "JournalEntry",
    "format_time",
    "parse_time",
]

ENTRY_FORMAT = 1
SYSTEM_ACTOR = "system"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\Z")
_WORD = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
_ACTION = re.compile(r"[a-z][a-z0-9_]{0,31}(\.[a-z][a-z0-9_]{0,31}){1,3}\Z")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\Z")
_MAX_DEPTH = 6
_MAX_TEXT = 2000
_MAX_ENTRY_BYTES = 16_384
_ENTRY_KEYS = frozenset({"action", "actor", "details", "role", "seq", "subject", "time", "v"})


@remembered_spelling
def format_time(moment: datetime) -> str:
    """UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` — one spelling for one instant."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_time(text: str) -> datetime:
    """The inverse of ``format_time``; anything else is refused.

    Raises:
        ValueError: ``text`` is not in the one accepted spelling.
    """
    if not isinstance(text, str) or not _TIME.match(text):
        raise ValueError(f"time {text!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ")
    try:
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    except ValueError as error:
        raise ValueError(f"time {text!r}: {error}") from None


def _violation(code: str, field: str, ru: str, en: str) -> Violation:
    return Violation(f"journal.{code}", field, ru, en)


@attrs.define
class _Inspection:
    """What one walk over the details found: every violation, and any astral key."""

    found: list[Violation] = attrs.Factory(list)
    astral_keys: bool = False


def _inspect(value: Any, path: str, depth: int, seen: _Inspection) -> Any:
    """Copy ``value`` (so later edits by the caller cannot reach the entry) while checking
    its shape — JSON without floats, safe integers, shallow, modest strings — and
    screening every key and value for personal data, in one walk."""
    if depth > _MAX_DEPTH:
        seen.found.append(
            _violation(
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
                _violation(
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
                    _violation(
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
            copy[str(key)] = _inspect(item, child, depth + 1, seen)
        return copy
    if kind is list or isinstance(value, list | tuple):
        return [_inspect(item, f"{path}[{i}]", depth + 1, seen) for i, item in enumerate(value)]
    if isinstance(value, float):
        seen.found.append(
            _violation(
                "details.float",
                path,
                "Дробные числа в журнал не пишут: передайте целое или строку.",
                "Floating-point numbers are not journaled: pass an integer or a string.",
            )
        )
    elif isinstance(value, str | int):  # a str or int subclass: store the plain value
        plain = str.__str__(value) if isinstance(value, str) else int(value)
        return _inspect(plain, path, depth, seen)
    else:
        seen.found.append(
            _violation(
                "details.type",
                path,
                f"Тип {type(value).__name__} нельзя записать в журнал.",
                f"Type {type(value).__name__} cannot be journaled.",
            )
        )
    return None


def _too_long(path: str) -> Violation:
    return _violation(
        "details.too_long",
        path,
        f"Строка длиннее {_MAX_TEXT} символов.",
        f"Text longer than {_MAX_TEXT} characters.",
    )


def _field_violations(
    time: Any, actor: str, role: str, action: str, subject_type: str, subject_id: str
) -> list[Violation]:
    found: list[Violation] = []
    if not isinstance(time, datetime) or time.utcoffset() is None:
        found.append(
            _violation(
                "time.naive",
                "time",
                "Время записи должно быть в UTC с указанием часового пояса.",
                "The time must be a timezone-aware UTC datetime.",
            )
        )
    if not isinstance(actor, str) or (actor != SYSTEM_ACTOR and not _ID.match(actor)):
        found.append(
            _violation(
                "actor.format",
                "actor",
                "Исполнитель — идентификатор учетной записи или «system».",
                "The actor is an account id or 'system'.",
            )
        )
    if not isinstance(role, str) or not _WORD.match(role):
        found.append(
            _violation(
                "role.format",
                "role",
                "Роль — слово из строчных латинских букв, цифр и «_».",
                "The role is a lower-case word (letters, digits, '_').",
            )
        )
    if not isinstance(action, str) or not _ACTION.match(action):
        found.append(
            _violation(
                "action.format",
                "action",
                "Действие записывается через точку: application.approved.",
                "The action is dotted: application.approved.",
            )
        )
    if not isinstance(subject_type, str) or not _WORD.match(subject_type):
        found.append(
            _violation(
                "subject_type.format",
                "subject_type",
                "Тип объекта — слово из строчных латинских букв, цифр и «_».",
                "The subject type is a lower-case word (letters, digits, '_').",
            )
        )
    if not isinstance(subject_id, str) or not _ID.match(subject_id):
        found.append(
            _violation(
                "subject_id.format",
                "subject_id",
                "Идентификатор объекта: латинские буквы, цифры и . _ : - (до 128 символов).",
                "The subject id: letters, digits and . _ : - (up to 128 characters).",
            )
        )
    return found


@attrs.frozen(hash=False)
class JournalDraft:
    """An entry about to be appended: everything but the sequence number.

    Raises:
        ValidationError: on construction, listing every broken rule — a field out of
            shape, a float, or anything that looks like a secret or personal data.
    """

    time: datetime
    actor: str
    role: str
    action: str
    subject_type: str
    subject_id: str
    details: Mapping[str, Any] = attrs.field(factory=dict)
    _around_seq: tuple[bytes, bytes] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        found = _field_violations(
            self.time, self.actor, self.role, self.action, self.subject_type, self.subject_id
        )
        for name in ("actor", "subject_id"):
            value = getattr(self, name)
            if isinstance(value, str) and personal_data_in_text(value):
                found.append(
                    _violation(
                        f"{name}.personal_data",
                        name,
                        "Идентификатор похож на персональные данные (СНИЛС, телефон, почта).",
                        "The id looks like personal data (SNILS, phone, e-mail).",
                    )
                )
        details: object = self.details
        seen = _Inspection()
        if not isinstance(details, Mapping):
            found.append(
                _violation(
                    "details.type", "details", "Подробности — словарь.", "Details are a mapping."
                )
            )
        else:
            object.__setattr__(self, "details", _inspect(details, "details", 1, seen))
            found.extend(seen.found)
        if not found:
            found.extend(self._prepare(seen.astral_keys))
        if found:
            raise ValidationError.of(found, value=self.action)

    def _prepare(self, astral_keys: bool) -> list[Violation]:
        """Write the canonical bytes once, split where the number goes; ``encode`` joins."""
        try:
            whole = canonical_json_checked(self.document(0), astral_keys=astral_keys)
        except CanonicalJsonError as error:
            return [_violation("details.json", "details", "Подробности не JSON.", str(error))]
        if len(whole) > _MAX_ENTRY_BYTES:
            return [
                _violation(
                    "details.too_large",
                    "details",
                    f"Запись больше {_MAX_ENTRY_BYTES} байт: сократите подробности.",
                    f"The entry exceeds {_MAX_ENTRY_BYTES} bytes: shorten the details.",
                )
            ]
        # The top-level number is the last "seq" key: only subject, time and v follow it,
        # and their values are validated words, ids and a time.
        head, _, tail = whole.rpartition(b'"seq":0,')
        object.__setattr__(self, "_around_seq", (head + b'"seq":', b"," + tail))
        return []

    def document(self, seq: int) -> dict[str, Any]:
        """The JSON object of the entry numbered ``seq``."""
        return {
            "action": self.action,
            "actor": self.actor,
            "details": self.details,
            "role": self.role,
            "seq": seq,
            "subject": {"id": self.subject_id, "type": self.subject_type},
            "time": format_time(self.time),
            "v": ENTRY_FORMAT,
        }

    def encode(self, seq: int) -> bytes:
        """The canonical bytes (RFC 8785) of the entry numbered ``seq``, as stored and hashed.

        Raises:
            ValueError: ``seq`` is negative or not an integer.
        """
        if type(seq) is not int or seq < 0:
            raise ValueError(f"sequence number {seq!r} must be a non-negative integer")
        head, tail = self._around_seq
        return head + b"%d" % seq + tail

    def entry(self, seq: int) -> JournalEntry:
        """This draft as the entry numbered ``seq``."""
        return JournalEntry(
            seq=seq,
            time=self.time,
            actor=self.actor,
            role=self.role,
            action=self.action,
            subject_type=self.subject_type,
            subject_id=self.subject_id,
            details=self.details,
        )


def _undecodable(reason_en: str) -> ValidationError:
    return ValidationError.of(
        [
            _violation(
                "entry.undecodable",
                "entry",
                f"Запись журнала не читается: {reason_en}",
                f"The journal entry cannot be read: {reason_en}",
            )
        ]
    )


@attrs.frozen(hash=False)
class JournalEntry:
    """A journal entry as stored: a draft plus the sequence number it was given."""

    seq: int
    time: datetime
    actor: str
    role: str
    action: str
    subject_type: str
    subject_id: str
    details: Mapping[str, Any] = attrs.field(factory=dict)

    def encode(self) -> bytes:
        """The canonical bytes of this entry."""
        return canonical_json(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this entry."""
        return {
            "action": self.action,
            "actor": self.actor,
            "details": self.details,
            "role": self.role,
            "seq": self.seq,
            "subject": {"id": self.subject_id, "type": self.subject_type},
            "time": format_time(self.time),
            "v": ENTRY_FORMAT,
        }

    @classmethod
    def decode(cls, data: bytes) -> Self:
        """Read stored bytes back, refusing anything that is not exactly what ``encode`` writes.

        Raises:
            ValidationError: code ``journal.entry.undecodable`` — not canonical JSON,
                not an entry object, an unknown format version or a field out of shape.
        """
        try:
            doc = load_canonical(bytes(data))
        except CanonicalJsonError as error:
            raise _undecodable(str(error)) from None
        if not isinstance(doc, dict) or set(doc) != _ENTRY_KEYS:
            raise _undecodable("not an entry object")
        subject = doc["subject"]
        seq = doc["seq"]
        if doc["v"] != ENTRY_FORMAT or type(seq) is not int or seq < 0:
            raise _undecodable("unknown format or sequence number")
        if not isinstance(subject, dict) or set(subject) != {"id", "type"}:
            raise _undecodable("the subject is not {id, type}")
        if not isinstance(doc["details"], dict):
            raise _undecodable("details are not an object")
        try:
            time = parse_time(doc["time"])
        except ValueError as error:
            raise _undecodable(str(error)) from None
        found = _field_violations(
            time, doc["actor"], doc["role"], doc["action"], subject["type"], subject["id"]
        )
        if found:
            raise _undecodable("; ".join(v.message_en for v in found))
        return cls(
            seq=seq,
            time=time,
            actor=doc["actor"],
            role=doc["role"],
            action=doc["action"],
            subject_type=subject["type"],
            subject_id=subject["id"],
            details=doc["details"],
        )
