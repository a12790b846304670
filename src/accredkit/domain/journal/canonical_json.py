"""Canonical JSON (RFC 8785, JCS) for the value subset the journal stores.

The journal hashes stored bytes, so the bytes must be one function of the value.
For JSON made of strings, integers within ±(2⁵³ − 1), booleans, null, arrays and
objects, JCS output equals the standard library's compact, non-ASCII-escaping
``json.dumps`` — except object keys, which JCS orders by UTF-16 code units where
Python orders by code points. The two orders differ only when a key holds a
character above U+FFFF (a surrogate pair sorts below U+E000…U+FFFF), so keys are
reordered by their UTF-16BE bytes, which compare exactly as code-unit sequences.
Floats are refused: their JCS form needs ECMAScript number formatting and the
journal never needs them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "MAX_SAFE_INTEGER",
    "CanonicalJsonError",
    "JsonValue",
    "canonical_json",
    "canonical_json_checked",
    "load_canonical",
]

MAX_SAFE_INTEGER = 2**53 - 1

JsonValue = str | int | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_SORTED = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, sort_keys=True
)


class CanonicalJsonError(ValueError):
    """The value has no canonical form here, or the bytes are not canonical JSON."""


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _ordered(value: Any, depth: int) -> Any:
    """``value`` rebuilt with JCS key order, refusing what JCS (or this subset) cannot hold."""
    if depth > 64:
        raise CanonicalJsonError("nesting deeper than 64 levels")
    if value is None or value is True or value is False or isinstance(value, str):
        return value
    if isinstance(value, int):
        value = int(value)  # an IntEnum writes as its number
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise CanonicalJsonError(f"{value} is outside the exact integer range of JSON")
        return value
    if isinstance(value, float):
        raise CanonicalJsonError("floating-point numbers are not allowed")
    if isinstance(value, Mapping):
        keys = list(value)
        if not all(isinstance(k, str) for k in keys):
            raise CanonicalJsonError("object keys must be strings")
        if any(max(k, default="\0") > "\uffff" for k in keys):
            keys.sort(key=_utf16_key)
        else:
            keys.sort()
        return {k: _ordered(value[k], depth + 1) for k in keys}
    if isinstance(value, list | tuple):
        return [_ordered(v, depth + 1) for v in value]
    raise CanonicalJsonError(f"{type(value).__name__} is not a JSON value")


def _plain(value: Any, depth: int) -> bool:
    """Check ``value``; ``True`` when the standard encoder may write it as it is.

    That holds for dicts, lists and tuples of scalars whose keys have no character
    above U+FFFF (so code-point order is UTF-16 order). Anything else — another
    mapping type, an astral key, an int or str subclass — goes through ``_ordered``.
    """
    if depth > 64:
        raise CanonicalJsonError("nesting deeper than 64 levels")
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return True
    if kind is int:
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise CanonicalJsonError(f"{value} is outside the exact integer range of JSON")
        return True
    if kind is dict:
        plain = True
        for key, item in value.items():
            if type(key) is not str or (not key.isascii() and max(key) > "\uffff"):
                plain = False
            plain = _plain(item, depth + 1) and plain
        return plain
    if kind is list or kind is tuple:
        plain = True
        for item in value:
            plain = _plain(item, depth + 1) and plain
        return plain
    if isinstance(value, float):
        raise CanonicalJsonError("floating-point numbers are not allowed")
    _ordered(value, depth)  # raises for what JSON does not have
    return False


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value``.

    Raises:
        CanonicalJsonError: a float, an integer beyond ±(2⁵³ − 1), a non-string key,
            a lone surrogate, or a type JSON does not have.
    """
    text = _SORTED.encode(value) if _plain(value, 0) else _ENCODER.encode(_ordered(value, 0))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalJsonError("a string holds a lone surrogate") from None


def canonical_json_checked(value: Any, *, astral_keys: bool) -> bytes:
    """``canonical_json`` for a value its caller has already checked.

    The caller vouches that ``value`` holds only dicts, lists, tuples, strings, safe
    integers, booleans and null, and says whether any key has a character above
    U+FFFF; this skips the checking walk.

    Raises:
        CanonicalJsonError: a string holds a lone surrogate.
    """
    if astral_keys:
        return canonical_json(value)
    try:
        return _SORTED.encode(value).encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalJsonError("a string holds a lone surrogate") from None


def _refuse_float(text: str) -> Any:
    raise CanonicalJsonError(f"floating-point number {text} is not allowed")


def _refuse_constant(text: str) -> Any:
    raise CanonicalJsonError(f"{text} is not JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise CanonicalJsonError("an object repeats a key")
    return found


def load_canonical(data: bytes) -> Any:
    """Parse ``data`` and insist it is exactly the canonical form of what it holds.

    Raises:
        CanonicalJsonError: not UTF-8, not JSON, a float or duplicate key, or any
            byte that differs from the canonical serialisation.
    """
    try:
        text = data.decode("utf-8")
        value = json.loads(
            text,
            parse_float=_refuse_float,
            parse_constant=_refuse_constant,
            object_pairs_hook=_no_duplicates,
        )
    except CanonicalJsonError:
        raise
    except (ValueError, RecursionError) as error:  # bad UTF-8, bad JSON, endless digits
        raise CanonicalJsonError(f"not JSON: {error}") from None
    if canonical_json(value) != data:
        raise CanonicalJsonError("the bytes are not in canonical form")
    return value
