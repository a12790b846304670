"""Every case of the corpus judged as listed; every accepted file's clean copy re-checked."""

from __future__ import annotations

import io
import struct
import zipfile

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from accredkit import DocumentPolicy, ValidationError, check_document
from accredkit.adapters.inspection._pdf import raw_names, trailing_bytes
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.checks.document import inspector_for
from accredkit.domain.documents.formats import DocumentFormat, format_for_mime
from accredkit.testing import documents as make
from tests.document_corpus import (
    CASES,
    Case,
    incremental_script_pdf,
    javascript_link_pdf,
    submit_form_pdf,
)

_ACCEPTED = [case for case in CASES if not case.expected]
_PNG_KEPT = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_case_is_judged_as_listed(case: Case) -> None:
    report = check_document(case.build(), case.filename, case.kind)
    assert report.codes == case.expected, report.violations
    for found in report.violations:
        assert found.message_ru
        assert found.message_en


def _rendered(data: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(data)
    try:
        return [document[i].render(scale=0.5).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def _picture(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("L")


def _difference(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def _png_chunks(data: bytes) -> set[bytes]:
    kinds, pos = set(), 8
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        kinds.add(data[pos + 4 : pos + 8])
        pos += 12 + length
    return kinds


def _jpeg_markers(data: bytes) -> set[int]:
    markers, pos = set(), 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.add(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack_from(">H", data, pos + 2)
        pos += 2 + length
    return markers


def _bare_jpeg(data: bytes) -> None:
    assert _jpeg_markers(data).isdisjoint({0xFE, *range(0xE1, 0xF0)})  # COM, APP1-15
    assert data.endswith(b"\xff\xd9")  # nothing after EOI


def _free_of_removed_parts(clean: bytes) -> None:
    assert not zipfile.is_zipfile(io.BytesIO(clean))
    fmt = format_for_mime(inspector_for().mime(clean))
    if fmt is DocumentFormat.PDF:
        assert trailing_bytes(clean) == 0
        assert not raw_names(clean) - {"/OpenAction"}
        with pikepdf.open(io.BytesIO(clean)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                    assert "/DecodeParms" not in obj  # encoded again, not copied
                    if obj.get("/Filter") == pikepdf.Name.DCTDecode:
                        _bare_jpeg(obj.read_raw_bytes())
    elif fmt is DocumentFormat.PNG:
        assert _png_chunks(clean) <= _PNG_KEPT
    else:
        _bare_jpeg(clean)


@pytest.mark.parametrize("case", _ACCEPTED, ids=lambda case: case.name)
def test_the_clean_copy_means_the_same_and_keeps_nothing_removed(case: Case) -> None:
    original = case.build()
    clean = inspector_for().disarm(original)
    again = check_document(clean, case.filename, case.kind)
    assert again.ok, again.violations
    _free_of_removed_parts(clean)
    before, after = inspector_for().inspect(original, "x"), inspector_for().inspect(clean, "x")
    assert after.page_count == before.page_count
    if before.page_count is not None:
        pages = list(zip(_rendered(original), _rendered(clean), strict=True))
        assert all(_difference(a, b) < 1.0 for a, b in pages)
    else:
        assert (after.width, after.height) == (before.width, before.height)
        assert _difference(_picture(original), _picture(clean)) < 2.0


@pytest.mark.parametrize(
    "build",
    [
        javascript_link_pdf,
        submit_form_pdf,
        incremental_script_pdf,
        make.javascript_pdf,
        make.embedded_file_pdf,
        make.open_action_pdf,
        lambda: make.text_pdf() + make.zip_bytes(),
    ],
)
def test_disarming_a_hostile_pdf_leaves_nothing_that_acts(build: object) -> None:
    assert callable(build)
    clean = inspector_for().disarm(build())
    facts = inspector_for().inspect(clean, "x.pdf")
    assert (facts.active_content, facts.embedded_files, facts.trailing_bytes) == ((), (), 0)
    assert facts.polyglot == ()
    assert check_document(clean, "clean.pdf").ok


def test_disarming_a_polyglot_leaves_only_pixels_and_objects() -> None:
    for case in CASES:
        if "document.polyglot" in case.expected:
            clean = inspector_for().disarm(case.build())
            _free_of_removed_parts(clean)
            assert check_document(clean, case.filename).ok


def test_an_image_that_would_not_fit_the_memory_budget_is_not_decoded() -> None:
    report = check_document(make.scan(), "scan.png", policy=DocumentPolicy(max_memory=100_000))
    assert report.codes == ("document.too_complex",)
    assert "memory" in report.violations[0].message_en


def test_a_page_image_over_the_memory_budget_is_not_decoded_for_the_clean_copy() -> None:
    scanned = make.scanned_pdf([make.scan(fmt="JPEG")])  # 1240 × 1754: 8.7 MB as RGBA
    inspector = ContentInspector.for_policy(DocumentPolicy(max_memory=4_000_000))
    with pytest.raises(ValidationError) as refused:
        inspector.disarm(scanned)
    assert [found.code for found in refused.value.violations] == ["document.too_complex"]
    assert "memory" in refused.value.violations[0].message_en
