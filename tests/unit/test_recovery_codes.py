"""Recovery codes: ten, distinct, hashed, single use, forgiving about how they are typed."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.recovery_codes import (
    RECOVERY_ALPHABET,
    generate_recovery_codes,
    hash_recovery_code,
    normalise_recovery_code,
    redeem_recovery_code,
)

KEY = b"r" * 32


def codes(seed: int = 3) -> tuple[str, ...]:
    return generate_recovery_codes(random.Random(seed).randrange)


def test_ten_distinct_codes_in_display_form() -> None:
    made = codes()
    assert len(made) == len(set(made)) == 10
    for code in made:
        assert len(code) == 14
        assert code[4] == code[9] == "-"
        assert set(code.replace("-", "")) <= set(RECOVERY_ALPHABET)


def test_hashes_hide_the_codes() -> None:
    made = codes()
    hashes = tuple(hash_recovery_code(KEY, c) for c in made)
    assert not any(c.replace("-", "") in h for c in made for h in hashes)
    assert len(set(hashes)) == 10


def test_each_code_works_once() -> None:
    made = codes()
    hashes = tuple(hash_recovery_code(KEY, c) for c in made)
    left = redeem_recovery_code(hashes, made[3], KEY)
    assert left is not None
    assert len(left) == 9
    assert redeem_recovery_code(left, made[3], KEY) is None
    assert redeem_recovery_code(left, made[4], KEY) is not None


def test_typing_variants_accepted() -> None:
    code = "0il1-abcd-efgh"
    assert normalise_recovery_code(" 0IL1 ABCD efgh ") == "0111abcdefgh"
    assert normalise_recovery_code("oil1abcdefgh") == normalise_recovery_code(code)


def test_another_key_does_not_match() -> None:
    made = codes()
    hashes = tuple(hash_recovery_code(KEY, c) for c in made)
    forged = tuple(hash_recovery_code(b"x" * 32, c) for c in made)
    assert redeem_recovery_code(forged, made[0], KEY) is None
    assert redeem_recovery_code(hashes, made[0], b"x" * 32) is None


@given(st.text(max_size=20))
def test_random_text_never_redeems(text: str) -> None:
    made = codes()
    hashes = tuple(hash_recovery_code(KEY, c) for c in made)
    canonical = normalise_recovery_code(text)
    matches = {normalise_recovery_code(c) for c in made}
    assert (redeem_recovery_code(hashes, text, KEY) is not None) == (canonical in matches)


@given(st.integers(0, 2**32))
def test_full_width_or_cyrillic_lookalikes_refused(seed: int) -> None:
    code = codes(seed)[0]
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if full_width != code:
        assert normalise_recovery_code(full_width) is None
