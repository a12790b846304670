"""Damaged and tampered files see only document errors, and no inspection overruns its time.

Valid PDFs and images are mutated (bytes flipped, the file cut short, data appended,
objects duplicated) and checked. The check must return a report (never raise), an
accepted mutant must disarm or be refused with a ``ValidationError``, and no check may
run past its time budget by more than a grace for the machine's load.
"""

from __future__ import annotations

import functools
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit import DocumentPolicy, ValidationError, check_document
from accredkit.checks.document import inspector_for
from accredkit.testing import documents as make

_POLICY = DocumentPolicy(max_seconds=2.0)
_GRACE_S = 3.0
_OBJECT = re.compile(rb"\d+ 0 obj\b.*?endobj\n", re.S)


@functools.cache
def _seeds() -> dict[str, bytes]:
    return {
        "text.pdf": make.text_pdf(pages=2),
        "packed.pdf": make.text_pdf(pages=2, compress=True),
        "objstm.pdf": make.object_stream_javascript_pdf(),
        "scan.pdf": make.scanned_pdf([make.scan(640, 900, fmt="JPEG")]),
        "scan.png": make.scan(640, 900),
        "scan.jpg": make.scan(640, 900, fmt="JPEG"),
    }


@st.composite
def _mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(_seeds())))
    data = bytearray(_seeds()[name])
    how = draw(st.sampled_from(["flip", "truncate", "append", "duplicate"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 16))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
    elif how == "truncate":
        del data[draw(st.integers(0, len(data) - 1)) :]
    elif how == "append":
        data += draw(st.binary(min_size=1, max_size=512))
    else:
        pieces = [m.group() for m in _OBJECT.finditer(data)] or [bytes(data[:64])]
        chosen = draw(st.sampled_from(pieces))
        at = draw(st.integers(0, len(data)))
        data[at:at] = chosen * draw(st.integers(1, 3))
    return name, bytes(data)


@settings(max_examples=150, deadline=None)
@given(_mutants())
def test_mutated_files_see_only_document_errors_within_the_time_budget(
    mutant: tuple[str, bytes],
) -> None:
    name, data = mutant
    start = time.monotonic()
    report = check_document(data, name, policy=_POLICY)
    elapsed = time.monotonic() - start
    assert elapsed < _POLICY.max_seconds + _GRACE_S, (elapsed, report.codes)
    assert all(code.startswith("document.") for code in report.codes)
    if report.ok:
        refusal: tuple[str, ...] = ()
        try:
            clean = inspector_for(_POLICY).disarm(data)
        except ValidationError as refused:
            refusal = tuple(v.code for v in refused.violations)
            clean = b""
        assert all(code.startswith("document.") for code in refusal)
        if not refusal:
            again = check_document(clean, name, policy=_POLICY)
            assert again.ok, again.codes
