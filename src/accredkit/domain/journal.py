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

from accredkit.domain.canonical_json import CanonicalJsonError, canonical_json, load_canonical
from accredkit.domain.journal_privacy import personal_data_in_text, personal_data_violations
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
_MAX_DETAILS_BYTES = 16_384
_ENTRY_KEYS = frozenset({"action", "actor", "details", "role", "seq", "subject", "time", "v"})


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


def _shape_violations(value: Any, path: str, depth: int) -> list[Violation]:
    """Detail values must be JSON without floats, shallow and of modest size."""
    if depth > _MAX_DEPTH:
        return [
            _violation(
                "details.too_deep", path, "Слишком глубокая вложенность.", "Nested too deeply."
            )
        ]
    if value is None or isinstance(value, bool | int):
        return []
    if isinstance(value, float):
        return [
            _violation(
                "details.float",
                path,
                "Дробные числа в журнал не пишут: передайте целое или строку.",
                "Floating-point numbers are not journaled: pass an integer or a string.",
            )
        ]
    if isinstance(value, str):
        if len(value) > _MAX_TEXT:
            return [
                _violation(
                    "details.too_long",
                    path,
                    f"Строка длиннее {_MAX_TEXT} символов.",
                    f"Text longer than {_MAX_TEXT} characters.",
                )
            ]
        return []
    if isinstance(value, Mapping):
        found: list[Violation] = []
        for key, item in value.items():
            if not isinstance(key, str) or not key or len(key) > 64 or not key.isprintable():
                found.append(
                    _violation(
                        "details.key",
                        f"{path}.{key}",
                        "Имя поля — непустая строка до 64 печатных символов.",
                        "A key is a non-empty string of up to 64 printable characters.",
                    )
                )
                continue
            found.extend(_shape_violations(item, f"{path}.{key}", depth + 1))
        return found
    if isinstance(value, list | tuple):
        return [
            v
            for i, item in enumerate(value)
            for v in _shape_violations(item, f"{path}[{i}]", depth + 1)
        ]
    return [
        _violation(
            "details.type",
            path,
            f"Тип {type(value).__name__} нельзя записать в журнал.",
            f"Type {type(value).__name__} cannot be journaled.",
        )
    ]


def _copy(value: Any) -> Any:
    """A private deep copy, so a caller's later edits cannot reach an entry."""
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value


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
    details: Mapping[str, Any] = attrs.field(factory=dict, converter=_copy)

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
        details: object = self.details  # the converter copies whatever it was given
        if not isinstance(details, Mapping):
            found.append(
                _violation(
                    "details.type", "details", "Подробности — словарь.", "Details are a mapping."
                )
            )
        else:
            shape = _shape_violations(details, "details", 1)
            found.extend(shape or personal_data_violations(details))
            if not shape:
                try:
                    size = len(canonical_json(details))
                except CanonicalJsonError as error:
                    found.append(
                        _violation("details.json", "details", "Подробности не JSON.", str(error))
                    )
                else:
                    if size > _MAX_DETAILS_BYTES:
                        found.append(
                            _violation(
                                "details.too_large",
                                "details",
                                f"Подробности больше {_MAX_DETAILS_BYTES} байт.",
                                f"Details exceed {_MAX_DETAILS_BYTES} bytes.",
                            )
                        )
        if found:
            raise ValidationError.of(found, value=self.action)

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
        return canonical_json(self.document(seq))

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
