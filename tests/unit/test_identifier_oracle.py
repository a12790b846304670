"""ИНН and ОГРН against python-stdnum, an independent implementation used as an oracle.

python-stdnum is a test-only dependency (the ``dev`` extra). Where the two disagree the
test names the rule that makes accredkit differ, and nothing else may differ:

- an ОГРН of 13 digits starting 2–4 or 6–9, or an ОГРНИП of 15 starting 4: accredkit is
  stricter. The first digit says what a number is — 1 or 5 an organisation's ОГРН, 3 a
  sole proprietor's ОГРНИП; 2, 4, 6–9 number register *records* (ГРН) and 0 is never
  issued — so a registration number starting otherwise is not one (``Ogrn.parse``
  once checked only the control digit; docs/domain.md). stdnum refuses only a leading 0 of
  an ОГРН and accepts 3 or 4 for an ОГРНИП.
- an ОГРНИП whose first 14 digits leave a remainder of 10–12 modulo 13: the register's
  rule takes the last digit of the remainder as the control digit; stdnum compares the
  whole remainder with one digit and so refuses every such number. Here accredkit
  accepts what stdnum refuses.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from stdnum.exceptions import ValidationError as StdnumInvalid
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from accredkit.domain.identifiers import Inn, Ogrn, inn_control_digits, ogrn_control_digit
from accredkit.errors import InvalidIdentifier


def _stdnum_accepts(module: object, digits: str) -> bool:
    try:
        module.validate(digits)  # type: ignore[attr-defined]
    except StdnumInvalid:
        return False
    return True


def _accredkit_code(parse: type[Inn] | type[Ogrn], digits: str) -> str | None:
    """``None`` when accredkit accepts ``digits``, else the code of the rule that refused."""
    try:
        parse.parse(digits)
    except InvalidIdentifier as error:
        return error.code
    return None


def _ogrnip_remainder_two_digits(digits: str) -> bool:
    return len(digits) == 15 and int(digits[:14]) % 13 >= 10


def _check_ogrn_agreement(digits: str) -> None:
    ours = _accredkit_code(Ogrn, digits)
    theirs = _stdnum_accepts(stdnum_ogrn, digits)
    if ours is None and not theirs:
        assert _ogrnip_remainder_two_digits(digits), digits
        assert digits[-1] == str(int(digits[:14]) % 13)[-1]
    elif ours is not None and theirs:
        stricter = digits[0] in "2346789" if len(digits) == 13 else digits[0] == "4"
        assert stricter, (digits, ours)
        assert ours == ("ogrn.first_digit" if digits[0] == "3" else "ogrn.record_number")


@st.composite
def ogrn_candidates(draw: st.DrawFn) -> str:
    """13- or 15-digit strings, every first digit, half of them with a right control digit."""
    size = draw(st.sampled_from([13, 15]))
    body = draw(st.text("0123456789", min_size=size - 1, max_size=size - 1))
    if draw(st.booleans()):
        return body + ogrn_control_digit(body + "0")
    return body + draw(st.sampled_from("0123456789"))


@st.composite
def inn_candidates(draw: st.DrawFn) -> str:
    """10- or 12-digit strings (and a few other lengths), half with right control digits."""
    size = draw(st.sampled_from([10, 12, 10, 12, 11]))
    text = draw(st.text("0123456789", min_size=size, max_size=size))
    if size != 11 and draw(st.booleans()):
        control = inn_control_digits(text)
        return text[: size - len(control)] + control
    return text


@given(ogrn_candidates())
def test_ogrn_agrees_with_stdnum_except_where_the_register_rules_say_otherwise(
    digits: str,
) -> None:
    _check_ogrn_agreement(digits)


@given(inn_candidates())
def test_inn_agrees_with_stdnum(digits: str) -> None:
    assert (_accredkit_code(Inn, digits) is None) == _stdnum_accepts(stdnum_inn, digits)


def test_a_seeded_sweep_of_ogrns_finds_no_other_disagreement() -> None:
    pick = random.Random(15)
    for _ in range(20_000):
        size = pick.choice((13, 15))
        body = "".join(pick.choice("0123456789") for _ in range(size - 1))
        _check_ogrn_agreement(body + ogrn_control_digit(body + "0"))


def test_numbers_no_register_issues_are_refused_saying_why() -> None:
    assert _accredkit_code(Ogrn, "0768505105236") == "ogrn.first_digit"
    assert _accredkit_code(Ogrn, "682424112401560") == "ogrn.record_number"
    record = "202770013219"
    assert _accredkit_code(Ogrn, record + ogrn_control_digit(record + "0")) == "ogrn.record_number"
    proprietor_digit = "302770013219"
    ogrnip_short = proprietor_digit + ogrn_control_digit(proprietor_digit + "0")
    assert _accredkit_code(Ogrn, ogrnip_short) == "ogrn.first_digit"
    for digits in ("1027700132195", "304500116000157"):
        assert _accredkit_code(Ogrn, digits) is None
