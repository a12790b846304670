"""Document checks against bare parsers, in the same process.

1. ``check_document`` on a ~5 MB text PDF vs pypdf opening it and extracting each
   page's text (the plain blank-page check).
2. ``check_document`` plus disarming on a ~5 MB scanned PDF of 10 pages vs pypdf
   open + text extraction. accredkit also renders every page with PDFium (decoding
   each page's scan at reduced size) and, for the clean copy, decodes every scan in
   full and encodes it again; text extraction never decodes a pixel, so the "bare
   decode" figure (Pillow decoding every page's scan) and the share of each step are
   reported beside it.
3. ``check_document`` plus disarming on a ~5 MB JPEG vs a bare Pillow decode.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from PIL import Image
from pypdf import PdfReader

from accredkit import check_document
from accredkit.checks.document import inspector_for
from accredkit.testing.documents import scan, scanned_pdf, text_pdf
from benchmarks._runner import Benchmark, Work

_facts: dict[str, dict[str, Any]] = {"text": {}, "scanned": {}, "jpeg": {}}


def _seconds(work: Callable[[], object], repeats: int = 3) -> float:
    """The best of ``repeats`` timings of ``work``, rounded for the report."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return round(best, 4)


def _pypdf_text(data: bytes) -> Work:
    def baseline() -> None:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.extract_text()

    return baseline


def _checked(data: bytes, filename: str, kind: str, *, disarm: bool) -> Work:
    """``check_document`` on ``data`` (which must pass), then its clean copy if asked."""

    def ours() -> None:
        report = check_document(data, filename, kind)
        assert report.ok, report.codes
        if disarm:
            inspector_for().disarm(data)

    return ours


def _shares(key: str, data: bytes, filename: str, kind: str, baseline: Work) -> None:
    """Time the check and the clean copy apart, so the report says where the time goes."""
    check = _seconds(_checked(data, filename, kind, disarm=False))
    clean = _seconds(lambda: inspector_for().disarm(data))
    bare = _seconds(baseline)
    _facts[key]["check_document alone, s"] = check
    _facts[key]["disarm alone, s"] = clean
    _facts[key]["check_document alone / baseline"] = round(check / bare, 2)


def _encoded_again(jpeg: bytes) -> bytes:
    """What any clean copy of a scan costs at least: one decode and one encode."""
    out = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as image:
        image.save(out, format="JPEG", quality="keep")
    return out.getvalue()


def _text_setup(quick: bool) -> tuple[Work, Work, int]:
    data = text_pdf(pages=60 if quick else 300, lines=60)
    _facts["text"]["pdf_bytes"] = len(data)
    return _checked(data, "portfolio.pdf", "activity_report", disarm=False), _pypdf_text(data), 1


def _scanned_setup(quick: bool) -> tuple[Work, Work, int]:
    pages = [scan(3000, 4240, fmt="JPEG", seed=seed) for seed in range(10)]
    data = scanned_pdf(pages)
    _facts["scanned"]["pdf_bytes"] = len(data)
    _facts["scanned"]["bare Pillow decode of the 10 scans, s"] = _seconds(
        lambda: [Image.open(io.BytesIO(page)).load() for page in pages], repeats=1
    )
    _facts["scanned"]["bare Pillow decode + encode of the 10 scans, s"] = _seconds(
        lambda: [_encoded_again(page) for page in pages], repeats=1
    )
    baseline = _pypdf_text(data)
    _shares("scanned", data, "diploma.pdf", "diploma", baseline)
    return _checked(data, "diploma.pdf", "diploma", disarm=True), baseline, 1


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

    def baseline() -> None:
        with Image.open(io.BytesIO(data)) as image:
            image.load()

    _shares("jpeg", data, "passport.jpg", "passport", baseline)
    return _checked(data, "passport.jpg", "passport", disarm=True), baseline, 1


def _benchmark(
    key: str,
    name: str,
    baseline_name: str,
    setup: Callable[[bool], tuple[Work, Work, int]],
    target: float = 1.5,
) -> Benchmark:
    return Benchmark(
        name=f"documents: {name}",
        baseline_name=baseline_name,
        setup=setup,
        target=target,
        unit="s/file",
        describe=lambda: dict(_facts[key]),
    )


_PYPDF = "pypdf open + extract_text per page"
BENCHMARKS = [
    _benchmark("text", "check_document on a text PDF", _PYPDF, _text_setup),
    _benchmark("scanned", "check + disarm, 10-page scanned PDF", _PYPDF, _scanned_setup),
    _benchmark("jpeg", "check + disarm, 5 MB JPEG", "bare Pillow decode", _jpeg_setup, 3.0),
]
