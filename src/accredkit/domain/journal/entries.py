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

from accredkit.domain.journal.canonical_json import (
    CanonicalJsonError,
    canonical_json,
    canonical_json_checked,
    load_canonical,
)
from accredkit.domain.journal.entry_rules import (
    SYSTEM_ACTOR,
    DetailsInspection,
    field_violations,
    inspect_details,
    journal_violation,
)
from accredkit.domain.journal.privacy import personal_data_in_text
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

_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\Z")
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
        found = field_violations(
            self.time, self.actor, self.role, self.action, self.subject_type, self.subject_id
        )
        for name in ("actor", "subject_id"):
            value = getattr(self, name)
            if isinstance(value, str) and personal_data_in_text(value):
                found.append(
                    journal_violation(
                        f"{name}.personal_data",
                        name,
                        "Идентификатор похож на персональные данные (СНИЛС, телефон, почта).",
                        "The id looks like personal data (SNILS, phone, e-mail).",
                    )
                )
        details: object = self.details
        seen = DetailsInspection()
        if not isinstance(details, Mapping):
            found.append(
                journal_violation(
                    "details.type", "details", "Подробности — словарь.", "Details are a mapping."
                )
            )
        else:
            object.__setattr__(self, "details", inspect_details(details, "details", 1, seen))
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
            return [
                journal_violation("details.json", "details", "Подробности не JSON.", str(error))
            ]
        if len(whole) > _MAX_ENTRY_BYTES:
            return [
                journal_violation(
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
            journal_violation(
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
        found = field_violations(
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
