"""Hypothesis strategies for the audit journal: JSON values, detail mappings and drafts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from accredkit.domain.journal.canonical_json import MAX_SAFE_INTEGER
from accredkit.domain.journal.entries import JournalDraft

__all__ = [
    "canonical_json_values",
    "detail_mappings",
    "journal_drafts",
    "json_texts",
    "sample_drafts",
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
    ["document_sha256", "from", "to", "reason_code", "kind", "count", "seq", "items", "subject"]
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


_STEPS = (
    ("applicant", "application.submitted", "draft", "submitted"),
    ("system", "application.accepted", "submitted", "processing"),
    ("reviewer", "application.sent_to_commission", "processing", "under_review"),
    ("commission", "application.approved", "under_review", "approved"),
    ("system", "certificate.issued", "approved", "issued"),
)


def sample_drafts(
    count: int, *, start: datetime | None = None, salt: str = ""
) -> Iterator[JournalDraft]:
    """``count`` realistic drafts, deterministic: applications moving through review.

    ``salt`` changes every subject id, for a journal that differs from the plain one.
    """
    moment = start or datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    for n in range(count):
        role, action, before, after = _STEPS[n % len(_STEPS)]
        application = n // len(_STEPS)
        actor = "system" if role == "system" else f"acc_{(application * 7 + n) % 997:06d}"
        yield JournalDraft(
            time=moment + timedelta(seconds=17 * n),
            actor=actor,
            role=role,
            action=action,
            subject_type="application",
            subject_id=f"app_{application:08d}{salt}",
            details={
                "from": before,
                "to": after,
                "documents": [
                    hashlib.sha256(b"%d/%d" % (application, k)).hexdigest() for k in range(2)
                ],
                "reason_code": None if after != "approved" else "requirements_met",
            },
        )
