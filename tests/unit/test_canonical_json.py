"""Canonical JSON: the standard library, keys in UTF-16 order, equals RFC 8785 (``rfc8785``)."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.domain.journal.canonical_json import (
    MAX_SAFE_INTEGER,
    CanonicalJsonError,
    canonical_json,
    load_canonical,
)
from accredkit.testing.journal_strategies import canonical_json_values, json_texts


@settings(max_examples=400)
@given(canonical_json_values())
def test_canonical_json_equals_rfc8785(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


@settings(max_examples=300)
@given(st.dictionaries(json_texts(4), st.integers(0, 9), min_size=2, max_size=8))
def test_keys_sort_by_utf16_code_units_like_rfc8785(value: dict[str, int]) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


def test_an_astral_key_sorts_before_high_bmp_keys() -> None:
    # U+1F600 is D83D DE00 in UTF-16, below U+E000 and U+FFFF; by code point it is above.
    value = {"\uffff": 1, "\U0001f600": 2, "\ue000": 3, "a": 4}
    assert canonical_json(value) == '{"a":4,"😀":2,"\ue000":3,"\uffff":1}'.encode()
    assert canonical_json(value) == rfc8785.dumps(value)
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert canonical_json(value) != plain.encode()  # the one place the stdlib is wrong


def test_strings_escape_only_what_jcs_escapes() -> None:
    text = 'q"b\\s\b\f\n\r\t\x00\x1f\x7f\u2028é😀'
    assert canonical_json(text) == rfc8785.dumps(text)
    assert (
        canonical_json(text)
        == b'"q\\"b\\\\s\\b\\f\\n\\r\\t\\u0000\\u001f\x7f\xe2\x80\xa8\xc3\xa9\xf0\x9f\x98\x80"'
    )


def test_integers_at_the_edge_of_the_safe_range() -> None:
    for n in (MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER, 0, -1):
        assert canonical_json(n) == rfc8785.dumps(n)
    for n in (MAX_SAFE_INTEGER + 1, -MAX_SAFE_INTEGER - 1, 10**30):
        with pytest.raises(CanonicalJsonError, match="integer range"):
            canonical_json(n)


class Colour(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize(
    "value",
    [1.5, float("nan"), {"a": [0.0]}, {1: "x"}, {"s": {1, 2}}, "\ud800", {"\udfff": 1}, b"x"],
)
def test_values_outside_the_subset_are_refused(value: Any) -> None:
    with pytest.raises(CanonicalJsonError):
        canonical_json(value)


def test_int_subclasses_and_tuples_write_as_plain_json() -> None:
    assert canonical_json({"c": Colour.RED, "t": (1, True, None)}) == b'{"c":1,"t":[1,true,null]}'


def test_deep_nesting_is_refused() -> None:
    value: Any = []
    for _ in range(70):
        value = [value]
    with pytest.raises(CanonicalJsonError, match="deeper"):
        canonical_json(value)


@settings(max_examples=200)
@given(canonical_json_values())
def test_load_canonical_reads_back_what_canonical_json_writes(value: Any) -> None:
    data = canonical_json(value)
    assert canonical_json(load_canonical(data)) == data


@pytest.mark.parametrize(
    "data",
    [
        b'{"b":1,"a":2}',  # key order
        b'{"a": 1}',  # whitespace
        b'{"a":1}\n',  # trailing newline
        b'"\\u0435"',  # an escape where JCS writes the character
        b'{"a":1,"a":1}',  # duplicate key
        b'{"a":1.0}',  # float
        b'{"a":NaN}',  # not JSON
        b'{"a":1e3}',  # exponent
        b'{"a":01}',  # leading zero
        b'"\xff"',  # not UTF-8
        b'"\xed\xa0\x80"',  # an encoded surrogate
        b"",
        b"[" * 100 + b"]" * 100,  # nested too deeply
        b"1" * 5000,  # more digits than Python will read
    ],
)
def test_load_canonical_refuses_every_other_spelling(data: bytes) -> None:
    with pytest.raises(CanonicalJsonError):
        load_canonical(data)
