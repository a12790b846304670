"""Hypothesis strategies for accredkit values, shared by its suites and adapter authors."""

from __future__ import annotations

from hypothesis import strategies as st

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import (
    Inn,
    Ogrn,
    Snils,
    inn_control_digits,
    ogrn_control_digit,
    snils_control,
)

__all__ = [
    "emails",
    "inns",
    "invalid_snils_texts",
    "ogrns",
    "phones",
    "separated",
    "snils_values",
    "wrong_check_digit_variants",
]

_SNILS_CHECKED_FROM = 1_001_999
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _digit_text(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


@st.composite
def snils_values(draw: st.DrawFn, *, checked_only: bool = True) -> Snils:
    """Valid СНИЛС numbers; by default only those whose control is checked."""
    low = _SNILS_CHECKED_FROM if checked_only else 0
    number = draw(st.integers(min_value=low, max_value=999_999_999))
    body = f"{number:09d}"
    unchecked = number < _SNILS_CHECKED_FROM
    control = draw(st.integers(0, 99)) if unchecked else snils_control(body)
    return Snils(f"{body}{control:02d}")


@st.composite
def inns(draw: st.DrawFn, *, kind: str | None = None) -> Inn:
    """Valid ИНН: 10 digits (organisation) or 12 (person)."""
    size = {"organisation": 10, "person": 12}.get(kind or "", 0) or draw(st.sampled_from([10, 12]))
    body = draw(_digit_text(9 if size == 10 else 10))
    return Inn(body + inn_control_digits(body + "0" * (size - len(body))))


@st.composite
def ogrns(draw: st.DrawFn, *, kind: str | None = None) -> Ogrn:
    """Valid ОГРН (13 digits, starting 1 or 5) or ОГРНИП (15 digits, starting 3)."""
    size = {"ogrn": 13, "ogrnip": 15}.get(kind or "", 0) or draw(st.sampled_from([13, 15]))
    body = draw(st.sampled_from("15" if size == 13 else "3")) + draw(_digit_text(size - 2))
    return Ogrn(body + ogrn_control_digit(body + "0"))


@st.composite
def phones(draw: st.DrawFn) -> Phone:
    """Valid Russian mobile numbers in E.164 form."""
    return Phone("+79" + draw(_digit_text(9)))


@st.composite
def emails(draw: st.DrawFn) -> Email:
    """Valid, already-canonical e-mail addresses."""
    local = draw(st.from_regex(r"[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?", fullmatch=True))
    local = local.replace("..", ".")
    label = draw(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True))
    tld = draw(st.sampled_from(["ru", "org", "com", "xn--p1ai"]))
    return Email(f"{local}@{label}.{tld}")


def wrong_check_digit_variants(digits: str, control_size: int) -> list[str]:
    """Every string that differs from ``digits`` only in its control digits."""
    head, tail = digits[:-control_size], digits[-control_size:]
    width = control_size
    return [head + f"{n:0{width}d}" for n in range(10**width) if f"{n:0{width}d}" != tail]


@st.composite
def separated(draw: st.DrawFn, digits: str) -> str:
    """``digits`` with spaces, dashes and brackets sprinkled between them."""
    out = []
    for char in digits:
        out.append(draw(st.sampled_from(["", "", " ", "-", "(", ")"])))
        out.append(char)
    return "".join(out).strip()


def invalid_snils_texts() -> st.SearchStrategy[str]:
    """Texts that are never a valid СНИЛС: wrong length, stray letters or controls."""
    return st.one_of(
        st.text(alphabet="0123456789", max_size=10),
        st.text(alphabet="0123456789", min_size=12, max_size=20),
        st.builds(lambda d, c: d[:5] + c + d[5:], _digit_text(11), st.sampled_from("\x00\r\nAbЖ")),
        st.builds(
            lambda d: d.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            _digit_text(11),
        ),
    )
