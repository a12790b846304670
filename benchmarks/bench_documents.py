"""check_document on a ~5 MB text PDF vs a bare pypdf blank-page scan of the same file.

The baseline is what a plain pypdf blank-page check costs: open the file, walk the
pages and extract each page's text. accredkit does more (libmagic on the whole
buffer, SHA-256, a raw scan for hex-escaped active-content names, a walk of every
reachable object, and a blank-page rule that also counts images and drawings) but
reads content streams lexically instead of extracting text.
"""

from __future__ import annotations

import io
import time
from typing import Any

from pypdf import PdfReader

from accredkit import check_document
from accredkit.testing.documents import text_pdf
from benchmarks._runner import Benchmark, Work

_facts: dict[str, Any] = {}


def _setup(quick: bool) -> tuple[Work, Work, int]:
    data = text_pdf(pages=150 if quick else 700, lines=60)
    _facts["pdf_bytes"] = len(data)

    def ours() -> None:
        report = check_document(data, "portfolio.pdf", "activity_report")
        assert report.ok, report.codes

    def baseline() -> None:
        reader = PdfReader(io.BytesIO(data))
        blank = [n for n, page in enumerate(reader.pages) if not page.extract_text().strip()]
        assert not blank

    def contents_only() -> None:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.get_contents()

    start = time.perf_counter()
    contents_only()
    _facts["bare open + page contents (no text), s"] = round(time.perf_counter() - start, 3)
    return ours, baseline, 1


def _describe() -> dict[str, Any]:
    return dict(_facts)


BENCHMARKS = [
    Benchmark(
        name="documents: check_document on a text PDF",
        baseline_name="pypdf open + extract_text per page",
        setup=_setup,
        target=1.5,
        unit="s/file",
        describe=_describe,
    )
]
