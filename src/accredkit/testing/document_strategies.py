"""Hypothesis strategies for the document rules: file names and inspected facts."""

from __future__ import annotations

import hashlib

from hypothesis import strategies as st

from accredkit.domain.documents.formats import DocumentFormat
from accredkit.domain.documents.rules import DEFAULT_POLICY, DocumentFacts

__all__ = [
    "CONTROL_CHARACTERS",
    "clean_image_facts",
    "clean_pdf_facts",
    "extensions",
    "safe_filenames",
]

#: Characters a file name must never hold: C0/C1 controls, DEL, bidi overrides, BOM.
CONTROL_CHARACTERS = "\x00\x01\x07\x08\t\n\r\x1b\x7f\x85\u200b\u200e\u202e\u2066\ufeff"
_SAFE_ALPHABET = st.characters(
    categories=("Lu", "Ll", "Nd", "Pd"), include_characters=" _()", max_codepoint=0x04FF
)


def extensions(fmt: DocumentFormat | None = None) -> st.SearchStrategy[str]:
    """Extensions announcing ``fmt`` (any accepted format when ``None``), in any case."""
    choices = list(fmt.extensions) if fmt else [e for f in DocumentFormat for e in f.extensions]
    return st.sampled_from(choices).flatmap(
        lambda ext: st.sampled_from([ext, ext.upper(), ext[:2] + ext[2:].upper()])
    )


@st.composite
def safe_filenames(
    draw: st.DrawFn, fmt: DocumentFormat | None = None, max_length: int = 120
) -> str:
    """File names every rule accepts: Latin/Cyrillic letters, digits, dashes, spaces."""
    ext = draw(extensions(fmt))
    stem = draw(st.text(_SAFE_ALPHABET, min_size=1, max_size=max_length - len(ext)))
    stem = stem.strip(" ") or "scan"
    return stem + ext


def _sha(size: int) -> str:
    return hashlib.sha256(str(size).encode()).hexdigest()


@st.composite
def clean_pdf_facts(draw: st.DrawFn) -> DocumentFacts:
    """Facts of a PDF that breaks no rule."""
    size = draw(st.integers(DEFAULT_POLICY.min_bytes, DEFAULT_POLICY.max_bytes))
    return DocumentFacts(
        mime="application/pdf",
        size=size,
        sha256=_sha(size),
        page_count=draw(st.integers(1, 500)),
    )


@st.composite
def clean_image_facts(draw: st.DrawFn, fmt: DocumentFormat = DocumentFormat.PNG) -> DocumentFacts:
    """Facts of a JPEG or PNG scan that breaks no rule."""
    size = draw(st.integers(DEFAULT_POLICY.min_bytes, DEFAULT_POLICY.max_bytes))
    short = draw(st.integers(DEFAULT_POLICY.min_image_short_side, 5000))
    long = draw(st.integers(max(short, DEFAULT_POLICY.min_image_long_side), 7000))
    width, height = draw(st.sampled_from([(short, long), (long, short)]))
    return DocumentFacts(
        mime=fmt.mime,
        size=size,
        sha256=_sha(size),
        width=width,
        height=height,
        sharpness=draw(st.floats(100.0, 10_000.0)),
    )
