"""Hypothesis strategies for the audit journal: JSON values, detail mappings and drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from accredkit.domain.canonical_json import MAX_SAFE_INTEGER
from accredkit.domain.journal import JournalDraft

__all__ = [
    "canonical_json_values",
    "detail_mappings",
    "journal_drafts",
    "json_texts",
    "sha256_hex",
]

# Every code point but lone surrogates; weighted towards the ranges where JCS key
# order (UTF-16 code units) and Python's (code points) part ways.
_TRICKY = st.sampled_from(
    ["\ue000", "\uffff", "\ufb01", "\U0001f600", "\U00010000", "\U0010fffd", "é", "Ж", "\x00"]
)
_ANY_CHAR = st.characters(exclude_categories=["Cs"])


def json_texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Strings over all of Unicode except surrogates, often with astral and high-BMP characters."""
    return st.lists(st.one_of(_ANY_CHAR, _TRICKY), max_size=max_size).map("".join)


def canonical_json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """JSON values JCS and ``canonical_json`` both accept: no floats, safe integers."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER),
        json_texts(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.dictionaries(json_texts(6), inner, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def sha256_hex() -> st.SearchStrategy[str]:
    """SHA-256 digests in hex, as documents are named in the journal."""
    return st.binary(min_size=32, max_size=32).map(bytes.hex)


_KEYS = st.sampled_from(
    ["document_sha256", "from", "to", "reason_code", "kind", "count", "application_id", "items"]
)
_SAFE_TEXT = st.sampled_from(
    ["approved", "under_review", "passport", "email", "totp", "", "Заявление принято", "ok"]
)


def detail_mappings() -> st.SearchStrategy[dict[str, Any]]:
    """Details a service may journal: ids, states, counts, flags and document hashes."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(10**6), 10**6), _SAFE_TEXT, sha256_hex()
    )
    values = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)
        ),
        max_leaves=8,
    )
    return st.dictionaries(_KEYS, values, max_size=5)


_IDS = st.from_regex(r"[a-z]{3}_[0-9A-HJKMNP-TV-Z]{16}", fullmatch=True)


@st.composite
def journal_drafts(draw: st.DrawFn) -> JournalDraft:
    """Valid journal drafts with UTC times anywhere from 2020 to 2040."""
    seconds = draw(st.integers(0, 20 * 365 * 86_400))
    micros = draw(st.integers(0, 999_999))
    time = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=micros)
    return JournalDraft(
        time=time,
        actor=draw(st.one_of(st.just("system"), _IDS)),
        role=draw(st.sampled_from(["applicant", "reviewer", "operator", "commission", "system"])),
        action=draw(
            st.sampled_from(
                [
                    "application.submitted",
                    "application.approved",
                    "account.verified",
                    "ticket.opened",
                ]
            )
        ),
        subject_type=draw(st.sampled_from(["application", "account", "certificate", "ticket"])),
        subject_id=draw(_IDS),
        details=draw(detail_mappings()),
    )
