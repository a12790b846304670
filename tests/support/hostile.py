"""Hostile input for the public API: wrong types, abusive text, out-of-range numbers.

Strategies for tests that call use cases with what an attacker (or a broken client)
sends, and ``cabinet_state`` to check that a refused call changed nothing: storage
rows, journal, signed heads, blobs and sent messages of an in-memory cabinet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore

__all__ = [
    "cabinet_state",
    "deep_json",
    "hostile_numbers",
    "hostile_texts",
    "hostile_values",
    "wrong_types",
]

_MEGABYTE_TEXT = "я" * (1024 * 1024)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def deep_json(depth: int = 100_000) -> bytes:
    """A JSON document nested ``depth`` arrays deep (it blows a recursive parser's stack)."""
    return b"[" * depth + b"]" * depth


def hostile_texts() -> st.SearchStrategy[str]:
    """Text no field should store: a megabyte, NUL and control characters, bidirectional
    overrides, invisible characters only, lone surrogates."""
    return st.one_of(
        st.just(_MEGABYTE_TEXT),
        st.text(min_size=1, max_size=20).map(lambda t: f"{t}\x00{t}"),
        st.text(max_size=20).map(lambda t: f"Терапия\u202e{t}"),
        st.text(max_size=20).map(lambda t: f"\u2066{t}\u2069"),
        st.text(st.sampled_from(_INVISIBLE), min_size=1, max_size=10),
        st.sampled_from(["\x1b[31m", "a\x07b", "\ud800", "\x7f", "a\u2028b", "\x00"]),
    )


def hostile_numbers() -> st.SearchStrategy[int]:
    """Integers far out of any sensible range, negative ones included."""
    return st.sampled_from([-1, -(10**12), 10**12, 2**64, 10**100])


def wrong_types() -> st.SearchStrategy[Any]:
    """Values of the wrong type for any parameter: none, numbers, bytes, containers,
    a naive datetime, an arbitrary object."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=True),
        st.binary(max_size=8),
        st.just([]),
        st.just({"$ne": None}),
        st.just(datetime(2026, 3, 2, 9, 0)),
        st.builds(object),
    )


def hostile_values() -> st.SearchStrategy[Any]:
    """Any of the above."""
    return st.one_of(wrong_types(), hostile_texts(), hostile_numbers())


def cabinet_state(storage: object, blobs: object, sms: object, email: object) -> Any:
    """Everything a refused call must leave as it was, as one comparable value.

    Works on the in-memory adapters (``MemoryStorage``, ``MemoryBlobStore``,
    ``MemorySms``, ``MemoryEmail``); ``storage`` may be wrapped (``.inner``).
    """
    inner = getattr(storage, "inner", storage)
    assert isinstance(inner, MemoryStorage)
    assert isinstance(blobs, MemoryBlobStore)
    assert isinstance(sms, MemorySms)
    assert isinstance(email, MemoryEmail)
    engine = inner._engine
    with engine.lock:
        tables = {
            name: {key: (record[0], record[1]) for key, record in table.items()}
            for name, table in engine.tables.items()
            if table  # a read creates an empty table: that is no change
        }
        journal, heads = list(engine.journal), list(engine.heads)
    return (tables, journal, heads, sorted(blobs._blobs), list(sms.sent), list(email.sent))
