"""Document checks against bare parsers, in the same process.

1. ``check_document`` on a ~5 MB text PDF vs pypdf opening it and extracting each
   page's text (the plain blank-page check).
2. ``check_document`` plus disarming on a ~5 MB scanned PDF of 10 pages vs pypdf
   open + text extraction. accredkit also renders every page with PDFium (decoding
   each page's scan) and rewrites the file; text extraction never decodes a pixel, so
   the "bare decode" figure (Pillow decoding every page's scan) is reported beside it.
3. ``check_document`` plus disarming on a ~5 MB JPEG vs a bare Pillow decode.
"""

from __future__ import annotations

import io
import time
from typing import Any

from PIL import Image
from pypdf import PdfReader

from accredkit import check_document
from accredkit._documents import inspector_for
from accredkit.testing.documents import scan, scanned_pdf, text_pdf
from benchmarks._runner import Benchmark, Work

_facts: dict[str, dict[str, Any]] = {"text": {}, "scanned": {}, "jpeg": {}}


def _pypdf_text(data: bytes) -> Work:
    def baseline() -> None:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()

    return baseline


def _text_setup(quick: bool) -> tuple[Work, Work, int]:
    data = text_pdf(pages=60 if quick else 300, lines=60)
    _facts["text"]["pdf_bytes"] = len(data)

    def ours() -> None:
        report = check_document(data, "portfolio.pdf", "activity_report")
        assert report.ok, report.codes

    return ours, _pypdf_text(data), 1


def _scanned_setup(quick: bool) -> tuple[Work, Work, int]:
    pages = [scan(3000, 4240, fmt="JPEG", seed=seed) for seed in range(10)]
    data = scanned_pdf(pages)
    _facts["scanned"]["pdf_bytes"] = len(data)
    inspector = inspector_for()

    def ours() -> None:
        report = check_document(data, "diploma.pdf", "diploma")
        assert report.ok, report.codes
        inspector.disarm(data)

    start = time.perf_counter()
    for page in pages:
        Image.open(io.BytesIO(page)).load()
    _facts["scanned"]["bare Pillow decode of the 10 scans, s"] = round(
        time.perf_counter() - start, 3
    )
    return ours, _pypdf_text(data), 1


def _photo(width: int = 4000, height: int = 3000) -> bytes:
    """A noisy photographed page: text on paper plus sensor noise (compresses poorly)."""
    with Image.open(io.BytesIO(scan(width, height))) as page:
        paper = page.convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    out = io.BytesIO()
    Image.blend(paper, noise, 0.25).save(out, format="JPEG", quality=92)
    return out.getvalue()


def _jpeg_setup(quick: bool) -> tuple[Work, Work, int]:
    data = _photo()
    _facts["jpeg"]["jpeg_bytes"] = len(data)
    inspector = inspector_for()

    def ours() -> None:
        report = check_document(data, "passport.jpg", "passport")
        assert report.ok, report.codes
        inspector.disarm(data)

    def baseline() -> None:
        with Image.open(io.BytesIO(data)) as image:
            image.load()

    return ours, baseline, 1


BENCHMARKS = [
    Benchmark(
        name="documents: check_document on a text PDF",
        baseline_name="pypdf open + extract_text per page",
        setup=_text_setup,
        target=1.5,
        unit="s/file",
        describe=lambda: dict(_facts["text"]),
    ),
    Benchmark(
        name="documents: check + disarm, 10-page scanned PDF",
        baseline_name="pypdf open + extract_text per page",
        setup=_scanned_setup,
        target=1.5,
        unit="s/file",
        describe=lambda: dict(_facts["scanned"]),
    ),
    Benchmark(
        name="documents: check + disarm, 5 MB JPEG",
        baseline_name="bare Pillow decode",
        setup=_jpeg_setup,
        target=3.0,
        unit="s/file",
        describe=lambda: dict(_facts["jpeg"]),
    ),
]
