"""Journal entries: shape, canonical bytes, strict decoding, no personal data; tree heads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.domain.journal.entries import JournalDraft, JournalEntry, format_time, parse_time
from accredkit.domain.journal.heads import SignedTreeHead, TreeHead
from accredkit.domain.journal.privacy import personal_data_in_text, refused_key
from accredkit.errors import ValidationError
from accredkit.testing import strategies as ak
from accredkit.testing.journal_strategies import journal_drafts, sha256_hex

T0 = datetime(2025, 3, 1, 10, 15, 30, 123456, tzinfo=UTC)
DOC = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def draft(**changes: Any) -> JournalDraft:
    fields: dict[str, Any] = {
        "time": T0,
        "actor": "acc_01HZX8Q2W3",
        "role": "reviewer",
        "action": "application.approved",
        "subject_type": "application",
        "subject_id": "app_01HZX8Q2W4",
        "details": {"document_sha256": DOC, "from": "under_review", "to": "approved"},
    }
    fields.update(changes)
    return JournalDraft(**fields)


def codes(error: ValidationError) -> list[str]:
    return [v.code for v in error.violations]


# --- encoding ----------------------------------------------------------------------------


def test_an_entry_encodes_to_canonical_json_with_its_number() -> None:
    assert draft().encode(7) == (
        b'{"action":"application.approved","actor":"acc_01HZX8Q2W3","details":'
        b'{"document_sha256":"' + DOC.encode() + b'","from":"under_review","to":"approved"},'
        b'"role":"reviewer","seq":7,"subject":{"id":"app_01HZX8Q2W4","type":"application"},'
        b'"time":"2025-03-01T10:15:30.123456Z","v":1}'
    )


@settings(max_examples=150)
@given(journal_drafts(), st.integers(0, 2**40))
def test_encoding_is_rfc8785_and_decodes_to_the_same_entry(item: JournalDraft, seq: int) -> None:
    data = item.encode(seq)
    assert data == rfc8785.dumps(item.document(seq))
    entry = JournalEntry.decode(data)
    assert entry == item.entry(seq)
    assert entry.encode() == data


def test_time_is_written_in_utc_with_microseconds() -> None:
    moscow = timezone(timedelta(hours=3))
    assert format_time(datetime(2025, 3, 1, 13, 0, tzinfo=moscow)) == "2025-03-01T10:00:00.000000Z"
    assert format_time(datetime(999, 1, 2, tzinfo=UTC)) == "0999-01-02T00:00:00.000000Z"
    assert parse_time("0999-01-02T00:00:00.000000Z") == datetime(999, 1, 2, tzinfo=UTC)
    for bad in (
        "2025-03-01T10:00:00Z",
        "2025-03-01T10:00:00.000000+00:00",
        "2025-13-01T00:00:00.000000Z",
    ):
        with pytest.raises(ValueError, match="time"):
            parse_time(bad)


def test_encode_refuses_a_negative_or_non_integer_number() -> None:
    for seq in (-1, True, 1.0):
        with pytest.raises(ValueError, match="sequence number"):
            draft().encode(seq)  # type: ignore[arg-type]


def test_details_are_copied_so_later_edits_do_not_reach_the_entry() -> None:
    details: dict[str, Any] = {"items": ["a"]}
    item = draft(details=details)
    details["items"].append("b")
    details["added"] = True
    assert item.details == {"items": ["a"]}


# --- shape -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"time": datetime(2025, 3, 1)}, "journal.time.naive"),
        ({"actor": ""}, "journal.actor.format"),
        ({"actor": "has space"}, "journal.actor.format"),
        ({"role": "Reviewer"}, "journal.role.format"),
        ({"action": "approved"}, "journal.action.format"),
        ({"action": "Application.Approved"}, "journal.action.format"),
        ({"subject_type": "app-lication"}, "journal.subject_type.format"),
        ({"subject_id": "x" * 129}, "journal.subject_id.format"),
        ({"details": {"score": 4.5}}, "journal.details.float"),
        ({"details": {"a": [{"b": [1.0]}]}}, "journal.details.float"),
        ({"details": {"a": {1, 2}}}, "journal.details.type"),
        ({"details": {"": 1}}, "journal.details.key"),
        ({"details": {"a\nb": 1}}, "journal.details.key"),
        ({"details": {"a": "x" * 2001}}, "journal.details.too_long"),
        ({"details": {"a": [[[[[[["deep"]]]]]]]}}, "journal.details.too_deep"),
        ({"details": {"a": 2**60}}, "journal.details.json"),
        ({"details": {"a": "\ud800"}}, "journal.details.json"),
        ({"details": {f"k{i}": "x" * 1500 for i in range(12)}}, "journal.details.too_large"),
        ({"details": ["not", "a", "mapping"]}, "journal.details.type"),
    ],
)
def test_a_draft_out_of_shape_is_refused_with_a_code(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        draft(**changes)
    assert code in codes(caught.value)


def test_every_broken_rule_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        draft(role="X", action="x", details={"password": "hunter2", "n": 1.5})
    assert set(codes(caught.value)) >= {"journal.role.format", "journal.action.format"}


# --- no personal data --------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "passwordHash",
        "otp",
        "totp_secret",
        "session_token",
        "refreshToken",
        "api_key",
        "recovery_codes",
        "snils",
        "SNILS",
        "phone",
        "phoneNumber",
        "email",
        "e-mail",
        "E_Mail",
        "passport_number",
        "first_name",
        "lastName",
        "birth_date",
        "inn",
    ],
)
def test_keys_naming_secrets_or_personal_data_are_refused(key: str) -> None:
    assert refused_key(key) is not None
    with pytest.raises(ValidationError) as caught:
        draft(details={key: "opaque"})
    assert set(codes(caught.value)) <= {"journal.details.secret", "journal.details.personal_data"}


@pytest.mark.parametrize(
    "key",
    ["document_sha256", "reason_code", "from", "to", "inner", "hotel", "pinned", "kind"],
)
def test_ordinary_keys_pass(key: str) -> None:
    assert refused_key(key) is None
    draft(details={key: "approved"})


def test_a_flag_about_a_contact_or_secret_carries_no_data_and_passes() -> None:
    draft(details={"email_verified": True, "password_changed": True, "phone": None})
    with pytest.raises(ValidationError):
        draft(details={"password": {"changed": True}})  # a container under a secret's name


@pytest.mark.parametrize(
    "value",
    [
        "112-233-445 95",
        "11223344595",
        "+7 912 345-67-89",
        "8 (912) 345-67-89",
        "89123456789",
        "+44 20 7946 0958",
        "Ivanova.A@Mail.RU",
        "500100732259",  # a person's ИНН
        "Позвоните мне: +7 912 345 67 89, спасибо",
        "write to ivanova@example.org please",
        "СНИЛС 112-233-445 95 приложен",
        "１１２-２３３-４４５ ９５",  # full-width digits read as digits
        "\u00a0+7\u00a0912\u00a0345-67-89\u00a0",
    ],
)
def test_values_that_read_as_personal_data_are_refused(value: str) -> None:
    assert personal_data_in_text(value) is not None
    with pytest.raises(ValidationError) as caught:
        draft(details={"note": value})
    assert "journal.details.personal_data" in codes(caught.value)


def test_personal_data_is_found_in_nested_values_keys_ints_and_ids() -> None:
    for details in (
        {"items": [{"note": "11223344595"}]},
        {"ivanova@example.org": True},
        {"number": 79123456789},
    ):
        with pytest.raises(ValidationError):
            draft(details=details)
    for field in ("actor", "subject_id"):
        with pytest.raises(ValidationError) as caught:
            draft(**{field: "79123456789"})
        assert f"journal.{field}.personal_data" in codes(caught.value)


@settings(max_examples=100)
@given(ak.snils_values(), ak.phones(), ak.emails())
def test_generated_identifiers_never_pass(snils: Any, phone: Any, email: Any) -> None:
    for value in (str(snils), snils.digits, phone.e164, str(email)):
        with pytest.raises(ValidationError):
            draft(details={"note": value})


@pytest.mark.parametrize(
    "value",
    [
        "1027700132195",  # an organisation's ОГРН is public
        "7707083893",  # an organisation's ИНН is public
        "2025-03-01",
        "2025-03-01T10:15:30.123456Z",
        "APP-2025-000123",
        "заявление принято",
        "email",
        "totp",
        "passport",
    ],
)
def test_ordinary_values_pass(value: str) -> None:
    draft(details={"note": value})


@settings(max_examples=300)
@given(sha256_hex())
def test_document_hashes_always_pass(digest: str) -> None:
    assert personal_data_in_text(digest) is None
    draft(details={"document_sha256": digest, "items": [digest]})


# --- strict decoding ---------------------------------------------------------------------


def test_decoding_refuses_anything_encode_would_not_write() -> None:
    good = draft().encode(3)
    assert JournalEntry.decode(good).seq == 3
    variants = [
        good.replace(b'"v":1', b'"v":2'),
        good.replace(b'"seq":3', b'"seq":-3'),
        good.replace(b'"seq":3', b'"seq":3.0'),
        good.replace(b'"seq":3,', b""),
        good.replace(b'"v":1}', b'"v":1,"x":0}'),
        good.replace(b'"role":"reviewer"', b'"role":"Reviewer"'),
        good.replace(b".123456Z", b"Z"),
        good.replace(b'"type":"application"}', b'"type":"application","x":1}'),
        good.replace(b'{"action"', b'{ "action"'),
        good[:-1],
        b"[]",
    ]
    for data in variants:
        assert data != good
        with pytest.raises(ValidationError) as caught:
            JournalEntry.decode(data)
        assert codes(caught.value) == ["journal.entry.undecodable"]


@settings(max_examples=100)
@given(st.data())
def test_any_single_byte_change_is_refused_or_decodes_differently(data: st.DataObject) -> None:
    good = draft().encode(5)
    at = data.draw(st.integers(0, len(good) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != good[at]))
    bad = good[:at] + bytes([byte]) + good[at + 1 :]
    try:
        entry = JournalEntry.decode(bad)
    except ValidationError:
        return
    assert entry.encode() == bad != good


# --- tree heads --------------------------------------------------------------------------


def test_a_tree_head_is_signed_as_checkpoint_text() -> None:
    head = TreeHead(1000, bytes(range(32)), T0)
    assert head.to_bytes() == (
        b"accredkit.journal\n1000\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
        b"time 2025-03-01T10:15:30.123456Z\n"
    )
    assert TreeHead.from_bytes(head.to_bytes()) == head


HEAD_TEXT = (
    b"accredkit.journal\n1000\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    b"time 2025-03-01T10:15:30.123456Z\n"
)


@pytest.mark.parametrize(
    "text",
    [
        HEAD_TEXT.replace(b"\n1000\n", b"\n01000\n"),
        HEAD_TEXT.replace(b"\n1000\n", b"\n-1\n"),
        HEAD_TEXT[:-1],
        HEAD_TEXT + b"extra\n",
        HEAD_TEXT.replace(b"Hh8=", b"Hh8"),
        HEAD_TEXT.replace(b"GxwdHh8=", b"Gxwd"),
        HEAD_TEXT.replace(b"time ", b"when "),
        HEAD_TEXT.replace(b"accredkit.journal", b""),
        HEAD_TEXT.replace(b".123456Z", b"Z"),
        b"\xff",
    ],
)
def test_tree_head_text_in_any_other_form_is_refused(text: bytes) -> None:
    with pytest.raises(ValueError, match="not a tree head"):
        TreeHead.from_bytes(text)


def test_a_signed_tree_head_round_trips_through_its_stored_bytes() -> None:
    signed = SignedTreeHead(TreeHead(5, b"\x07" * 32, T0), b"\x01\x02", "key-1", "ed25519")
    assert SignedTreeHead.decode(signed.encode()) == signed
    assert signed.size == 5
    tampered = attrs.evolve(signed, key_id="key-2").encode()
    assert SignedTreeHead.decode(tampered).key_id == "key-2"
    for bad in (b"{}", b"[]", signed.encode().replace(b'"key_id"', b'"kid"'), b"\x00"):
        with pytest.raises(ValueError, match="not a signed tree head"):
            SignedTreeHead.decode(bad)


@pytest.mark.parametrize(
    "fields",
    [
        {"size": -1},
        {"root": b"short"},
        {"time": datetime(2025, 1, 1)},
        {"origin": "two\nlines"},
        {"origin": ""},
    ],
)
def test_a_tree_head_out_of_shape_is_refused(fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {"size": 1, "root": b"\x00" * 32, "time": T0} | fields
    with pytest.raises(ValueError, match=r"size|root|time|origin"):
        TreeHead(**values)
