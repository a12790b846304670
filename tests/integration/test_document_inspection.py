"""check_document on real files made by the tests: libmagic, pypdf and Pillow for real."""

from __future__ import annotations

import hashlib
import io
import random
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from accredkit import DocumentPolicy, ValidationError, check_document
from accredkit.adapters.inspection._pdf import normalise_name, raw_names
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.checks.document import inspector_for
from accredkit.domain.documents.formats import MIB
from accredkit.testing import documents as make

_IMAGE_XOBJECT = (
    b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x00\nendstream"
)


def codes(data: bytes, filename: str, kind: str = "other", **policy: Any) -> tuple[str, ...]:
    return check_document(data, filename, kind, DocumentPolicy(**policy)).codes


def test_a_text_pdf_passes() -> None:
    data = make.text_pdf(pages=3)
    report = check_document(data, "Диплом.pdf", "diploma")
    assert report.ok, report.violations
    assert report.mime == "application/pdf"
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.size == len(data)
    assert inspector_for().inspect(data, "x.pdf").page_count == 3


def test_a_compressed_text_pdf_passes() -> None:
    assert codes(make.text_pdf(pages=2, compress=True), "report.pdf", "activity_report") == ()


def test_a_blank_page_is_found_by_number() -> None:
    data = make.blank_page_pdf(blank=(2,), pages=3)
    report = check_document(data, "scan.pdf")
    assert report.codes == ("document.blank_page",)
    assert inspector_for().inspect(data, "scan.pdf").blank_pages == (2,)
    assert "2" in report.violations[0].message_en


@pytest.mark.parametrize(
    ("content", "blank"),
    [
        (b"", True),
        (b"% only a comment\nq Q", True),
        (b"BT /F1 12 Tf 72 700 Td (   ) Tj ET", True),
        (b"BT /F1 12 Tf 72 700 Td <> Tj ET", True),
        (b"BT /F1 12 Tf 72 700 Td (Tj f S) Tj ET", False),
        (b"BT /F1 12 Tf 72 700 Td <0041> Tj ET", False),
        (b"0 0 m 100 100 l S", False),
        (b"10 10 100 100 re f", False),
        (b"q /F 1 Tf Q", True),  # the name /F is not the fill operator
        (b"q /Missing Do Q", True),  # invoking nothing draws nothing
    ],
)
def test_blank_means_nothing_is_painted(content: bytes, blank: bool) -> None:
    facts = inspector_for().inspect(make.pdf([content]), "x.pdf")
    assert facts.parse_error is None
    assert facts.blank_pages == ((1,) if blank else ())


def test_a_page_showing_only_an_image_is_not_blank() -> None:
    data = make.pdf(
        [b"q 100 0 0 100 0 0 cm /Im1 Do Q"],
        extra_objects=[_IMAGE_XOBJECT],
        resources=b"/XObject << /Im1 6 0 R >>",
    )
    facts = inspector_for().inspect(data, "x.pdf")
    assert (facts.parse_error, facts.blank_pages) == (None, ())


def test_a_page_whose_form_draws_nothing_is_blank() -> None:
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 3 >>\nstream\nq Q\nendstream"
    )
    data = make.pdf([b"/Fm1 Do"], extra_objects=[form], resources=b"/XObject << /Fm1 6 0 R >>")
    assert inspector_for().inspect(data, "x.pdf").blank_pages == (1,)


def test_a_pdf_without_pages_is_refused() -> None:
    assert codes(make.pdf([]), "empty.pdf") == ("document.no_pages",)


@pytest.mark.parametrize("password", ["secret", ""])
def test_an_encrypted_pdf_is_refused(password: str) -> None:
    assert codes(make.encrypted_pdf(password), "locked.pdf") == ("document.encrypted",)


@pytest.mark.parametrize("escaped", [False, True])
def test_javascript_is_active_content_however_spelt(escaped: bool) -> None:
    data = make.javascript_pdf(escaped=escaped)
    assert (b"/J#61vaScript" in data) == escaped
    report = check_document(data, "form.pdf")
    assert report.codes == ("document.active_content",)
    assert inspector_for().inspect(data, "form.pdf").active_content == ("/JS", "/JavaScript")


def test_javascript_hidden_in_a_compressed_object_stream_is_found() -> None:
    data = make.object_stream_javascript_pdf()
    assert raw_names(data) == set()  # nothing to see in the bytes
    facts = inspector_for().inspect(data, "a.pdf")
    assert (facts.parse_error, facts.page_count) == (None, 1)
    assert facts.active_content == ("/JS", "/JavaScript")


def test_an_open_action_that_acts_is_refused() -> None:
    data = make.open_action_pdf()
    assert codes(data, "a.pdf") == ("document.active_content",)
    assert inspector_for().inspect(data, "a.pdf").active_content == ("/OpenAction",)


def test_an_open_action_launching_a_program_names_both() -> None:
    data = make.open_action_pdf(b"<< /S /Launch /F (calc.exe) >>")
    assert inspector_for().inspect(data, "a.pdf").active_content == ("/Launch", "/OpenAction")


@pytest.mark.parametrize("action", [b"[4 0 R /Fit]", b"<< /S /GoTo /D [4 0 R /Fit] >>"])
def test_an_open_action_that_only_opens_a_page_is_fine(action: bytes) -> None:
    assert codes(make.open_action_pdf(action), "a.pdf") == ()


def test_an_embedded_file_is_refused() -> None:
    data = make.embedded_file_pdf()
    assert codes(data, "a.pdf") == ("document.embedded_file",)
    assert "/EmbeddedFiles" in inspector_for().inspect(data, "a.pdf").embedded_files


def test_names_inside_stream_bodies_are_not_taken_for_keys() -> None:
    # A page that *shows* the text "/JavaScript /AA" is harmless.
    data = make.pdf([b"BT /F1 12 Tf 72 700 Td (/JavaScript /AA /Launch) Tj ET"])
    assert codes(data, "a.pdf") == ()


@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20))
def test_hex_escaped_names_normalise_back(name: str) -> None:
    escaped = "/" + "".join(f"#{ord(c):02x}" if i % 2 else c for i, c in enumerate(name))
    assert normalise_name(escaped.encode()) == "/" + name


def test_a_png_named_pdf_is_a_type_mismatch() -> None:
    assert codes(make.scan(), "diploma.pdf") == ("document.type_mismatch",)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_sharp_scan_passes(fmt: str) -> None:
    name = "scan.png" if fmt == "PNG" else "scan.jpg"
    report = check_document(make.scan(fmt=fmt), name, "passport")
    assert report.ok, report.violations


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_blurred_scan_is_too_blurry(fmt: str) -> None:
    name = "scan.png" if fmt == "PNG" else "scan.jpg"
    assert codes(make.scan(fmt=fmt, blur=3), name) == ("document.too_blurry",)
    assert codes(make.scan(fmt=fmt, blur=3), name, min_sharpness=None) == ()


def test_a_small_photo_is_too_small() -> None:
    assert codes(make.scan(400, 300), "photo.png") == ("document.too_small",)


def test_a_jpeg_zip_polyglot_is_caught() -> None:
    data = make.polyglot_jpeg_zip()
    assert Image.open(io.BytesIO(data)).format == "JPEG"
    assert codes(data, "scan.jpg") == ("document.trailing_data", "document.polyglot")


def test_a_png_with_appended_zip_is_caught_but_nul_padding_is_not() -> None:
    png = make.scan()
    assert codes(png + make.zip_bytes(), "scan.png") == (
        "document.trailing_data",
        "document.polyglot",
    )
    assert codes(png + b"\x00" * 64, "scan.png") == ()


def test_a_truncated_image_is_unreadable() -> None:
    jpeg = make.scan(fmt="JPEG")
    assert "document.unreadable" in codes(jpeg[: len(jpeg) // 2], "scan.jpg")


def test_a_damaged_pdf_is_unreadable() -> None:
    data = b"%PDF-1.7\n" + bytes(random.Random(3).randbytes(4000))
    assert "document.unreadable" in codes(data, "a.pdf")


def test_a_zero_byte_file_is_empty() -> None:
    report = check_document(b"", "scan.pdf")
    assert report.codes == ("document.empty",)
    assert report.sha256 == hashlib.sha256(b"").hexdigest()


def test_exactly_five_mib_passes_and_one_byte_more_fails() -> None:
    exact = make.padded_pdf(5 * MIB)
    over = make.padded_pdf(5 * MIB + 1)
    assert (len(exact), len(over)) == (5 * MIB, 5 * MIB + 1)
    assert codes(exact, "a.pdf") == ()
    assert codes(over, "a.pdf") == ("document.too_large",)


def test_a_decompression_bomb_is_refused_without_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = make.huge_png(14_000, 14_000)
    assert len(data) < 100_000
    decoded: list[object] = []
    original = ImageFile.ImageFile.load

    def spy(self: ImageFile.ImageFile) -> Any:
        decoded.append(self)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    inspector = ContentInspector()
    inspector.inspect(make.scan(), "control.png")
    assert decoded  # the spy does see decoding when it happens
    decoded.clear()
    tracemalloc.start()
    try:
        report = check_document(data, "bomb.png")
        facts = inspector.inspect(data, "bomb.png")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.codes == ("document.too_many_pixels",)
    assert (facts.width, facts.height, facts.sharpness) == (14_000, 14_000, None)
    assert decoded == []
    assert peak < 50 * MIB


def test_pixel_budget_follows_the_policy() -> None:
    scan = make.scan()
    assert codes(scan, "scan.png", max_pixels=1_000_000) == ("document.too_many_pixels",)


@pytest.mark.parametrize("name", ["../../x.pdf", "x\x00.pdf", "x\r\n.pdf", "\u202efdp.pdf"])
def test_hostile_names_are_refused_even_for_a_good_file(name: str) -> None:
    assert "document.bad_name" in codes(make.text_pdf(), name)


def test_every_defect_of_a_file_is_reported_at_once() -> None:
    data = make.scan(400, 300, blur=3) + make.zip_bytes()
    report = check_document(data, "../scan.pdf", "ogrn_extract")
    assert set(report.codes) == {
        "document.bad_name",
        "document.format_not_allowed",
        "document.type_mismatch",
        "document.too_small",
        "document.too_blurry",
        "document.trailing_data",
        "document.polyglot",
    }
    with pytest.raises(ValidationError) as caught:
        report.raise_for_violations()
    assert len(caught.value.violations) == len(report.violations)


def test_an_unknown_kind_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        check_document(make.text_pdf(), "a.pdf", "passports")
    assert caught.value.code == "document.unknown_kind"


def _mixed_files() -> list[tuple[bytes, str]]:
    return [
        (make.text_pdf(), "a.pdf"),
        (make.blank_page_pdf(), "b.pdf"),
        (make.javascript_pdf(escaped=True), "c.pdf"),
        (make.encrypted_pdf(), "d.pdf"),
        (make.scan(), "e.pdf"),
        (make.scan(fmt="JPEG", blur=3), "f.jpg"),
        (make.polyglot_jpeg_zip(), "g.jpg"),
        (b"", "h.png"),
        (b"GIF89a" + b"\x00" * 64, "i.png"),
        (make.embedded_file_pdf(), "j.pdf"),
    ]


def test_sixteen_threads_give_the_same_answers_as_one() -> None:
    files = _mixed_files() * 4
    inspector = ContentInspector()  # one libmagic handle shared by every thread

    def verdict(item: tuple[bytes, str]) -> tuple[str, tuple[str, ...], object]:
        data, name = item
        return (
            check_document(data, name).mime,
            check_document(data, name).codes,
            inspector.inspect(data, name),
        )

    serial = [verdict(item) for item in files]
    with ThreadPoolExecutor(max_workers=16) as pool:
        parallel = list(pool.map(verdict, files))
    assert parallel == serial
    assert len({v[1] for v in serial}) >= 8  # the files really differ


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_mangled_files_never_raise(data: st.DataObject) -> None:
    source = data.draw(
        st.sampled_from(["pdf", "png", "jpeg"]).map(
            {
                "pdf": make.text_pdf(),
                "png": make.scan(300, 300),
                "jpeg": make.scan(300, 300, fmt="JPEG"),
            }.get
        )
    )
    assert source is not None
    cut = data.draw(st.integers(1, len(source)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, cut - 1), st.integers(0, 255)), max_size=8))
    mangled = bytearray(source[:cut])
    for at, value in flips:
        mangled[at] = value
    report = check_document(bytes(mangled), "x.pdf")
    assert report.size == cut
