"""Password rules (NIST SP 800-63B): length, no truncation, NFC, blocklist, personal data."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.passwords import (
    PasswordPolicy,
    PersonalData,
    check_password,
    normalise_password,
    personal_fragments,
)
from accredkit.testing.account_strategies import passphrases

POLICY = PasswordPolicy()
BLOCKLIST = frozenset({"password", "qwertyuiop", "iloveyou", "123456", "dragon", "пароль"})
IVANOV = PersonalData(
    full_name="Иванов Иван Иванович",
    birth_date=date(1985, 3, 7),
    snils="112-233-445 95",
    email="ivan.ivanov@mail.ru",
    phone="+79161234567",
)


def codes(
    password: str, context: PersonalData | None = None, policy: PasswordPolicy = POLICY
) -> list[str]:
    return [v.code for v in check_password(password, policy, BLOCKLIST, context)]


def test_policy_defaults_follow_design() -> None:
    assert (POLICY.min_length, POLICY.max_length) == (12, 128)


@pytest.mark.parametrize("kwargs", [{"min_length": 7}, {"max_length": 63}, {"min_length": 200}])
def test_policy_refuses_limits_below_nist(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match=r"max_length|min_length|must be"):
        PasswordPolicy(**kwargs)


def test_eleven_characters_too_short_twelve_enough() -> None:
    assert codes("x7#kq2lm9wz") == ["password.too_short"]
    assert codes("x7#kq2lm9wzr") == []


def test_min_length_is_configurable() -> None:
    assert codes("x7#kq2lm9wzr", policy=PasswordPolicy(min_length=16)) == ["password.too_short"]


@given(st.integers(min_value=12, max_value=128))
def test_every_length_up_to_the_maximum_is_accepted(length: int) -> None:
    password = ("Zq8#" * 40)[:length]
    assert "password.too_short" not in codes(password)
    assert "password.too_long" not in codes(password)


def test_sixty_four_characters_allowed_and_longer_refused_never_truncated() -> None:
    assert codes("гора-" * 25 + "xyz") == []  # 128 characters
    assert codes("гора-" * 26) == ["password.too_long"]


def test_length_counts_code_points_after_nfc() -> None:
    decomposed = "е\u0308" * 11 + "x"  # eleven ё written as е + combining diaeresis
    assert len(decomposed) == 23
    assert len(normalise_password(decomposed)) == 12
    assert "password.too_short" not in codes(decomposed)


@given(st.text(min_size=1, max_size=40))
def test_normalisation_is_nfc_and_idempotent(text: str) -> None:
    once = normalise_password(text)
    assert unicodedata.is_normalized("NFC", once)
    assert normalise_password(once) == once


def test_spaces_are_kept_not_stripped() -> None:
    assert normalise_password("  two spaces  ") == "  two spaces  "


@pytest.mark.parametrize("password", ["Password", "QWERTYUIOP", "iloveyou2024", "!dragon12!"])
def test_common_passwords_refused_even_decorated(password: str) -> None:
    assert "password.common" in codes(password)


def test_a_common_word_inside_a_long_phrase_is_fine() -> None:
    assert codes("my dragon sleeps under the bridge") == []


def test_long_decoration_does_not_make_a_password_common() -> None:
    assert "password.common" not in codes("dragon+73920184!")


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "abababababab", "abcdefghijklm", "987654321098", "zyxwvutsrqpo"]
)
def test_repetitions_and_sequences_refused(password: str) -> None:
    assert "password.repetitive" in codes(password)


@pytest.mark.parametrize("char", ["\x00", "\n", "\x7f", "\ud800", "\U000e0000", "\ue000"])
def test_control_and_unassigned_characters_refused(char: str) -> None:
    assert "password.control_characters" in codes(f"long enough {char} phrase")


@pytest.mark.parametrize(
    "password",
    [
        "Ivanov1985!!",
        "иванов иван 07031985",
        "Bdfyjd Bdfy 07.03.1985",  # typed on the Latin layout
        "ivan.ivanov@mail",
        "11223344595!",
        "112-233-445 95",
        "89161234567abc",
        "ivanivanovich",
        "IVANOVIVANOV",
    ],
)
def test_passwords_built_from_personal_data_refused(password: str) -> None:
    assert "password.contains_personal_data" in codes(password, IVANOV)


@pytest.mark.parametrize(
    "password", ["ivanov#k9Lq2x!", "иван любит горы и море", "anna-karenina-in-moscow-1985"]
)
def test_personal_data_as_a_small_part_is_allowed(password: str) -> None:
    assert codes(password, IVANOV) == []


def test_personal_fragments_cover_the_forms_people_type() -> None:
    fragments = personal_fragments(IVANOV)
    assert {"иванов", "ivanov", "bdfyjd", "07031985", "070385", "1985-03-07"} <= fragments
    assert {"11223344595", "79161234567", "89161234567", "ivan.ivanov"} <= fragments
    assert all(len(f) >= 3 for f in fragments)


def test_every_violation_reported_at_once() -> None:
    found = codes("иванов\x00", IVANOV)
    assert found == [
        "password.too_short",
        "password.control_characters",
        "password.contains_personal_data",
    ]


def test_each_violation_carries_russian_and_english_advice() -> None:
    for violation in check_password("aaaa", POLICY, BLOCKLIST, IVANOV):
        assert violation.field == "password"
        assert violation.message_ru
        assert violation.message_en
        assert violation.message_ru != violation.message_en


@given(passphrases())
def test_random_passphrases_pass(password: str) -> None:
    assert codes(password, IVANOV) == []


@given(st.text(max_size=200))
def test_check_never_fails_and_codes_are_known(password: str) -> None:
    known = {
        "password.too_short",
        "password.too_long",
        "password.control_characters",
        "password.common",
        "password.repetitive",
        "password.contains_personal_data",
    }
    assert set(codes(password, IVANOV)) <= known


@given(st.text(max_size=200))
def test_length_rules_match_nfc_length(password: str) -> None:
    length = len(unicodedata.normalize("NFC", password))
    found = codes(password)
    assert ("password.too_short" in found) == (length < 12)
    assert ("password.too_long" in found) == (length > 128)
