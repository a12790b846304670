"""Messages (сообщения) in an application's thread between the applicant and the body.

A thread belongs to one application; each message is written by one side (the applicant
or the organisation's representative, or the accrediting body's staff) and is read by
the other. Text is checked here; attachments are checked like documents by the service
and only their hash, name and size are kept.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Final

import attrs

from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.events import DomainEvent
from accredkit.domain.masks import mask_text
from accredkit.errors import PermissionDenied, ValidationError, Violation

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_TEXT_LENGTH",
    "Message",
    "MessageAttachment",
    "MessageSent",
    "MessageSide",
    "MessagesRead",
    "attachment_count_violations",
    "normalise_text",
    "side_of",
    "text_violations",
]

MAX_TEXT_LENGTH: Final = 4000
"""Longest message, in characters after normalisation."""

MAX_ATTACHMENTS: Final = 10
"""Most files one message may carry."""

# Bidirectional embeddings, overrides and isolates: invisible, and they reorder what a
# reader sees ("Trojan Source"). Refused like control characters.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class MessageSide(StrEnum):
    """Which side of the thread wrote a message."""

    APPLICANT = "applicant"  # заявитель (или представитель организации)
    BODY = "body"  # аккредитующий орган

    @property
    def other(self) -> MessageSide:
        """The side that reads what this side writes."""
        return MessageSide.BODY if self is MessageSide.APPLICANT else MessageSide.APPLICANT


def side_of(role: Role) -> MessageSide:
    """The side a role writes and reads for.

    Raises:
        PermissionDenied: the system role takes no part in conversations
            (``permission.role``).
    """
    if role is Role.APPLICANT:
        return MessageSide.APPLICANT
    if role in (Role.REVIEWER, Role.APPROVER, Role.OPERATOR):
        return MessageSide.BODY
    raise PermissionDenied(
        f"role {role} takes no part in conversations",
        message_ru=f"Роль «{role.label_ru}» не участвует в переписке.",
        code="permission.role",
        value=str(role),
    )


def normalise_text(text: str) -> str:
    """NFC, newlines as ``\\n`` (``\\r\\n`` and ``\\r`` folded), outer whitespace dropped."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _forbidden(char: str) -> bool:
    if char == "\n":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS


def text_violations(text: str) -> tuple[Violation, ...]:
    """Every rule the (normalised) message text breaks.

    Non-empty; at most ``MAX_TEXT_LENGTH`` characters; no control characters except
    newlines (tabs included), no lone surrogates, no bidirectional overrides.
    """
    found: list[Violation] = []
    if not text:
        found.append(
            Violation(
                "message.empty",
                "text",
                "Сообщение пустое: напишите текст.",
                "The message is empty: write some text.",
            )
        )
    if len(text) > MAX_TEXT_LENGTH:
        found.append(
            Violation(
                "message.too_long",
                "text",
                f"Сообщение длиннее {MAX_TEXT_LENGTH} символов ({len(text)}).",
                f"The message is longer than {MAX_TEXT_LENGTH} characters ({len(text)}).",
            )
        )
    bad = next((i for i, char in enumerate(text) if _forbidden(char)), None)
    if bad is not None:
        code = f"U+{ord(text[bad]):04X}"
        found.append(
            Violation(
                "message.control_character",
                "text",
                f"В тексте невидимый управляющий символ {code} (позиция {bad + 1}); "
                "наберите текст заново, не копируя его.",
                f"The text holds an invisible control character {code} at position {bad + 1}; "
                "type it again instead of pasting.",
            )
        )
    return tuple(found)


@attrs.frozen
class MessageAttachment:
    """A file sent with a message: only its hash, name and size are kept."""

    sha256: str
    filename: str = attrs.field(repr=mask_text)
    size: int


@attrs.frozen
class MessageSent(DomainEvent):
    """A message was sent in an application's thread (ids only, never the text)."""

    message_id: str
    application_id: str
    author_id: str
    side: MessageSide
    at: datetime
    attachments: tuple[str, ...] = ()
    """The SHA-256 of each attached file."""


@attrs.frozen
class MessagesRead(DomainEvent):
    """Someone read new messages of an application's thread."""

    application_id: str
    message_ids: tuple[str, ...]
    side: MessageSide
    at: datetime


@attrs.frozen
class Message:
    """One message of an application's thread.

    ``applicant_id`` and ``organisation_ogrn`` are copied from the application (they
    never change there), so unread counts for a reader are one indexed query.
    """

    id: str
    application_id: str
    applicant_id: str
    author_id: str
    side: MessageSide
    text: str = attrs.field(repr=mask_text)
    sent_at: datetime
    version: int = 0
    organisation_ogrn: str | None = None
    attachments: tuple[MessageAttachment, ...] = ()
    read_at: datetime | None = None
    read_by: str | None = None

    @classmethod
    def create(
        cls,
        *,
        id: str,
        application_id: str,
        applicant_id: str,
        author_id: str,
        side: MessageSide,
        text: str,
        at: datetime,
        organisation_ogrn: str | None = None,
        attachments: tuple[MessageAttachment, ...] = (),
    ) -> Message:
        """A new, unread message with normalised text.

        Raises:
            ValidationError: the text breaks a rule (every violation listed), there are
                more than ``MAX_ATTACHMENTS`` attachments, or ``at`` is naive.
        """
        text = normalise_text(text)
        found = list(text_violations(text))
        found.extend(attachment_count_violations(len(attachments)))
        if at.utcoffset() is None:
            found.append(
                Violation(
                    "message.naive_time",
                    "sent_at",
                    "Время должно быть указано с часовым поясом (UTC).",
                    "The time must be time-zone aware (UTC).",
                )
            )
        if found:
            raise ValidationError.of(found, value=application_id)
        return cls(
            id=id,
            application_id=application_id,
            applicant_id=applicant_id,
            author_id=author_id,
            side=side,
            text=text,
            sent_at=at,
            organisation_ogrn=organisation_ogrn,
            attachments=attachments,
        )

    @property
    def unread(self) -> bool:
        """Not yet read by the other side."""
        return self.read_at is None

    def mark_read(self, reader_id: str, at: datetime) -> Message:
        """The message as read by ``reader_id`` at ``at`` (the first read is kept)."""
        if self.read_at is not None:
            return self
        return attrs.evolve(self, read_at=at, read_by=reader_id)


def attachment_count_violations(count: int) -> tuple[Violation, ...]:
    """A violation when a message carries more than ``MAX_ATTACHMENTS`` files."""
    if count <= MAX_ATTACHMENTS:
        return ()
    return (
        Violation(
            "message.too_many_attachments",
            "attachments",
            f"К сообщению можно приложить не больше {MAX_ATTACHMENTS} файлов ({count}).",
            f"A message may carry at most {MAX_ATTACHMENTS} files ({count}).",
        ),
    )
