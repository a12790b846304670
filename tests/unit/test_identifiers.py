"""Identifier rules of docs/domain.md: checksums, normalisation, refusal of odd input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.contacts import Email, Phone, parse_login
from accredkit.domain.identifiers import Inn, Ogrn, Snils
from accredkit.errors import InvalidIdentifier, ValidationError
from accredkit.testing import strategies as ak

Parser = type[Snils] | type[Inn] | type[Ogrn] | type[Phone] | type[Email]


@pytest.mark.parametrize(
    ("cls", "text", "shown"),
    [
        (Snils, "112-233-445 95", "112-233-445 95"),
        (Snils, "11223344595", "112-233-445 95"),
        (Inn, "7707083893", "7707083893"),
        (Inn, "500100732259", "500100732259"),
        (Ogrn, "1027700132195", "1027700132195"),
        (Ogrn, "304500116000157", "304500116000157"),
        (Phone, "8 (912) 345-67-89", "+79123456789"),
        (Phone, "+7 912 345 67 89", "+79123456789"),
        (Phone, "79123456789", "+79123456789"),
        (Email, " Ivanova.A@Mail.RU ", "ivanova.a@mail.ru"),
        (Email, "врач@пример.рф", None),
    ],
)
def test_known_valid_values_parse_to_canonical_form(
    cls: Parser, text: str, shown: str | None
) -> None:
    if cls is Email and shown is None:
        with pytest.raises(InvalidIdentifier):  # a non-ASCII local part is refused
            cls.parse(text)
        return
    value = cls.parse(text)
    assert str(value) == shown
    assert cls.parse(str(value)) == value


@pytest.mark.parametrize(
    ("cls", "text", "control_size"),
    [
        (Snils, "11223344595", 2),
        (Inn, "7707083893", 1),
        (Inn, "500100732259", 2),
        (Ogrn, "1027700132195", 1),
        (Ogrn, "304500116000157", 1),
    ],
)
def test_every_other_check_digit_of_known_values_fails(
    cls: Parser, text: str, control_size: int
) -> None:
    variants = ak.wrong_check_digit_variants(text, control_size)
    assert len(variants) == 10**control_size - 1
    for variant in variants:
        with pytest.raises(InvalidIdentifier) as info:
            cls.parse(variant)
        assert info.value.code.endswith(".checksum")


@pytest.mark.parametrize(
    ("body", "control"),
    [
        ("001326678", "99"),  # s = 99 → 99
        ("001508815", "00"),  # s = 100 → 00
        ("001437544", "00"),  # s = 101 → 00
        ("001318759", "01"),  # s = 102 → 102 mod 101 = 01
        ("006996682", "00"),  # s = 201 → 201 mod 101 = 100 → 00
    ],
)
def test_snils_control_follows_the_modulo_101_rule(body: str, control: str) -> None:
    assert Snils.parse(body + control).digits == body + control
    wrong = f"{(int(control) + 1) % 100:02d}"
    with pytest.raises(InvalidIdentifier):
        Snils.parse(body + wrong)


@given(st.integers(0, 1_001_998), st.integers(0, 99))
def test_snils_at_or_below_001_001_998_is_not_checked(number: int, control: int) -> None:
    text = f"{number:09d}{control:02d}"
    assert Snils.parse(text).digits == text


def test_snils_just_above_the_threshold_is_checked() -> None:
    assert Snils.parse("00100199800").digits == "00100199800"
    with pytest.raises(InvalidIdentifier):
        Snils.parse("00100199900")  # s = 1+1+9+9+... is not 0


@given(ak.snils_values(checked_only=False))
def test_generated_snils_round_trips_through_str(value: Snils) -> None:
    assert Snils.parse(str(value)) == value


@given(ak.inns())
def test_generated_inn_round_trips(value: Inn) -> None:
    assert Inn.parse(str(value)) == value
    assert value.kind == ("organisation" if len(value.digits) == 10 else "person")


@given(ak.ogrns())
def test_generated_ogrn_round_trips(value: Ogrn) -> None:
    assert Ogrn.parse(str(value)) == value
    assert value.kind == ("ogrn" if len(value.digits) == 13 else "ogrnip")


@given(ak.phones())
def test_generated_phone_round_trips(value: Phone) -> None:
    assert Phone.parse(str(value)) == value
    assert Phone.parse("8" + value.e164[2:]) == value


@given(ak.emails())
def test_generated_email_round_trips(value: Email) -> None:
    assert Email.parse(str(value)) == value


@given(st.data())
def test_any_changed_check_digit_is_rejected(data: st.DataObject) -> None:
    cls, value, size = data.draw(
        st.one_of(
            ak.snils_values().map(lambda v: (Snils, v.digits, 2)),
            ak.inns(kind="organisation").map(lambda v: (Inn, v.digits, 1)),
            ak.inns(kind="person").map(lambda v: (Inn, v.digits, 2)),
            ak.ogrns().map(lambda v: (Ogrn, v.digits, 1)),
        )
    )
    wrong = data.draw(st.sampled_from(ak.wrong_check_digit_variants(value, size)))
    with pytest.raises(InvalidIdentifier):
        cls.parse(wrong)


@given(ak.snils_values().flatmap(lambda v: ak.separated(v.digits)))
def test_separators_are_stripped(text: str) -> None:
    assert len(Snils.parse(text).digits) == 11


@given(ak.invalid_snils_texts())
def test_malformed_snils_texts_are_rejected(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Snils.parse(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("112-233-445\x0095", "identifier.control_character"),
        ("112-233-445 95\n", "identifier.control_character"),
        ("112\r233445 95", "identifier.control_character"),
        ("１１２-２３３-４４５ ９５", "identifier.non_ascii_digit"),
        ("112-233-445 9O", "identifier.bad_character"),
        ("", "identifier.empty"),
        ("1122334459", "snils.length"),
    ],
)
def test_odd_input_is_refused_with_a_precise_code(text: str, code: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        Snils.parse(text)
    error = info.value
    assert error.code == code
    assert isinstance(error, ValidationError)
    assert error.violations[0].code == code
    assert error.hint_ru
    assert error.hint_en


@pytest.mark.parametrize(
    "text",
    ["not-an-email", "a@b", "a@@b.ru", "a b@mail.ru", ".a@mail.ru", "a@-mail.ru", "a@mail.123"],
)
def test_bad_emails_are_rejected(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Email.parse(text)


@pytest.mark.parametrize("text", ["+7 912 345 67", "12345", "+0123456789", "+7912345678901"])
def test_bad_phones_are_rejected(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Phone.parse(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("112-233-445 95", "snils"),
        ("11223344595", "snils"),
        ("7707083893", "inn"),
        ("500100732259", "inn"),
        ("doctor@clinic.ru", "email"),
        ("+7 (912) 345-67-89", "phone"),
        ("89123456789", "phone"),
    ],
)
def test_login_field_detects_its_kind(text: str, kind: str) -> None:
    assert parse_login(text).kind == kind


def test_ambiguous_login_keeps_every_valid_reading() -> None:
    # 89001234567 is a mobile number; it is also a СНИЛС when its control digits match.
    body = "890012345"
    from accredkit.domain.identifiers import snils_control

    text = f"{body}{snils_control(body):02d}"
    login = parse_login(text)
    kinds = {type(c) for c in login.candidates}
    assert kinds == {Phone, Snils}
    assert login.kind == "phone"


@pytest.mark.parametrize("text", ["", "hello", "12345", "doctor@", "1\x00"])
def test_unreadable_login_is_refused(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        parse_login(text)
