"""The guessability rule behind ``password.common``: walks, layouts, decorations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.password_guessing import (
    GUESSABLE_BELOW,
    guesses,
    is_guessable,
    is_repetitive,
    keyboard_walk_runs,
    russian_spellings,
    to_cyrillic_layout,
    to_latin_layout,
)

WORDS = frozenset({"password", "пароль", "dragon", "наташа"})


@pytest.mark.parametrize(
    ("text", "runs"),
    [("qwertyuiop", 1), ("йцукенгшщзхъ", 1), ("фывапролджэ", 1), ("zaq12wsx", 1),
     ("1qaz2wsx3edc", 3), ("!@#$%^", 1), ("ячсмить", 1)],
)  # fmt: skip
def test_keyboard_walks_found_on_both_layouts(text: str, runs: int) -> None:
    assert keyboard_walk_runs(text) == runs


@pytest.mark.parametrize("text", ["сосна", "parol", "qwe", "qazwsxedcrfvtgb1y"])
def test_words_and_short_runs_are_not_walks(text: str) -> None:
    assert keyboard_walk_runs(text) is None


def test_layouts_map_the_same_keys_both_ways() -> None:
    assert to_latin_layout("йцукен") == "qwerty"
    assert to_cyrillic_layout("gfhjkm") == "пароль"
    assert {"пароль", "gfhjkm", "parol"} <= russian_spellings("пароль")


@pytest.mark.parametrize(
    "password",
    ["password1234!", "пароль123456", "gfhjkm2024", "йцукенгшщзхъ", "qwertyuiop[]",
     "наташа1985!!", "yfnfif1985", "!dragon12!", "1qaz2wsx3edc", "dragon!@#$%^&*"],
)  # fmt: skip
def test_lightly_decorated_patterns_are_guessable(password: str) -> None:
    assert is_guessable(password, WORDS)


@given(st.text(alphabet="0123456789", min_size=1, max_size=12))
def test_unpatterned_digits_count_ten_guesses_each(digits: str) -> None:
    patterned = (
        (len(digits) >= 2 and is_repetitive(digits))
        or keyboard_walk_runs(digits) == 1
        or (len(digits) == 4 and 1900 <= int(digits) <= 2099)
    )
    expected = 10**5 * (100 if patterned else 10 ** len(digits))
    assert guesses("password" + digits, WORDS) == expected
    assert is_guessable("password" + digits, WORDS) == (expected < GUESSABLE_BELOW)


def test_the_boundary_is_five_random_digits() -> None:
    assert is_guessable("password7382", WORDS)
    assert not is_guessable("password73829", WORDS)


@pytest.mark.parametrize(
    "password", ["сосна у реки шумит", "correct horse battery staple", "Tr0ub4dor&3xyz"]
)
def test_passphrases_and_unpatterned_passwords_are_not_guessable(password: str) -> None:
    assert guesses(password.casefold(), WORDS) is None
