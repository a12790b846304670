"""Message text rules, sides and the Message aggregate."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.correspondence.messages import (
    MAX_ATTACHMENTS,
    MAX_TEXT_LENGTH,
    Message,
    MessageAttachment,
    MessageSide,
    normalise_text,
    side_of,
    text_violations,
)
from accredkit.errors import PermissionDenied, ValidationError

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)

_PLAIN = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
_FORBIDDEN = st.sampled_from(
    ["\x00", "\t", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\ud800"]
)


def _codes(text: str) -> set[str]:
    return {v.code for v in text_violations(normalise_text(text))}


@given(st.text(_PLAIN | st.just("\n"), max_size=200))
def test_plain_text_with_newlines_is_accepted_once_it_has_a_visible_character(text: str) -> None:
    normalised = normalise_text(text)
    assert _codes(text) == (set() if normalised else {"message.empty"})


@given(st.text(_PLAIN, max_size=50), _FORBIDDEN, st.text(_PLAIN, max_size=50))
def test_any_control_character_but_newline_is_refused(before: str, bad: str, after: str) -> None:
    assert "message.control_character" in _codes(f"x{before}{bad}{after}x")


@given(st.text(max_size=300))
def test_normalising_is_idempotent_and_yields_nfc_without_carriage_returns(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once
    assert unicodedata.is_normalized("NFC", once)


@given(st.integers(1, 40))
def test_length_limit_is_inclusive(extra: int) -> None:
    assert _codes("я" * MAX_TEXT_LENGTH) == set()
    assert _codes("я" * (MAX_TEXT_LENGTH + extra)) == {"message.too_long"}


def test_whitespace_only_is_empty_and_every_violation_is_listed() -> None:
    assert _codes(" \r\n \n") == {"message.empty"}
    assert _codes("\x00" + "a" * MAX_TEXT_LENGTH) == {
        "message.too_long",
        "message.control_character",
    }


def test_windows_newlines_become_newlines() -> None:
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"


def test_sides_follow_roles() -> None:
    assert side_of(Role.APPLICANT) is MessageSide.APPLICANT
    assert {side_of(r) for r in (Role.REVIEWER, Role.APPROVER, Role.OPERATOR)} == {MessageSide.BODY}
    assert MessageSide.BODY.other is MessageSide.APPLICANT
    with pytest.raises(PermissionDenied):
        side_of(Role.SYSTEM)


def _message(**changes: object) -> Message:
    base: dict[str, object] = {
        "id": "m1",
        "application_id": "a1",
        "applicant_id": "alice",
        "author_id": "alice",
        "side": MessageSide.APPLICANT,
        "text": "Здравствуйте",
        "at": T0,
    }
    base.update(changes)
    return Message.create(**base)  # type: ignore[arg-type]


def test_create_refuses_bad_text_naive_time_and_too_many_files_at_once() -> None:
    files = tuple(MessageAttachment("0" * 64, f"{i}.pdf", 1) for i in range(MAX_ATTACHMENTS + 1))
    with pytest.raises(ValidationError) as refused:
        _message(text="", at=datetime(2026, 1, 1), attachments=files)
    assert {v.code for v in refused.value.violations} == {
        "message.empty",
        "message.naive_time",
        "message.too_many_attachments",
    }


def test_first_read_is_kept() -> None:
    message = _message()
    read = message.mark_read("reviewer", T0)
    assert (read.read_by, read.read_at, read.unread) == ("reviewer", T0, False)
    assert read.mark_read("approver", T0.replace(hour=10)) is read
