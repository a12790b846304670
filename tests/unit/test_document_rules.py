"""Document rules of docs/documents.md on inspected facts: every violation, at once, by code."""

from __future__ import annotations

import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.domain.documents.formats import (
    MIB,
    DocumentFormat,
    DocumentKind,
    format_for_filename,
    format_for_mime,
)
from accredkit.domain.documents.messages import CODES
from accredkit.domain.documents.rules import (
    DEFAULT_POLICY,
    DocumentFacts,
    DocumentPolicy,
    PageScan,
    check_filename,
    evaluate,
)
from accredkit.errors import ValidationError
from accredkit.testing import document_strategies as ds

PDF = DocumentFacts(mime="application/pdf", size=10_000, sha256="ab" * 32, page_count=2)
PNG = DocumentFacts(
    mime="image/png", size=200_000, sha256="cd" * 32, width=1240, height=1754, sharpness=900.0
)


def test_clean_pdf_and_scan_pass() -> None:
    assert evaluate(PDF, "diploma.pdf", "diploma").ok
    assert evaluate(PNG, "Паспорт разворот.png", DocumentKind.PASSPORT).ok


def test_report_carries_what_the_file_is() -> None:
    report = evaluate(PDF, "a.pdf")
    assert (report.mime, report.size, report.sha256, report.kind) == (
        "application/pdf",
        10_000,
        "ab" * 32,
        DocumentKind.OTHER,
    )
    assert report.to_dict()["ok"] is True


def test_kind_codes_are_the_contract() -> None:
    assert [k.value for k in DocumentKind] == [
        "passport",
        "diploma",
        "specialist_certificate",
        "cpd_certificate",
        "license",
        "ogrn_extract",
        "employer_request",
        "previous_certificate",
        "pd_consent",
        "activity_report",
        "other",
    ]
    assert DEFAULT_POLICY.formats_for(DocumentKind.OTHER) == frozenset(DocumentFormat)


@pytest.mark.parametrize(
    ("base", "change", "filename", "code"),
    [
        (PDF, {"size": 0}, "a.pdf", "document.empty"),
        (PDF, {"size": 5 * MIB + 1}, "a.pdf", "document.too_large"),
        (PDF, {}, "a.png", "document.type_mismatch"),
        (PDF, {"parse_error": "no xref"}, "a.pdf", "document.unreadable"),
        (PDF, {"encrypted": True}, "a.pdf", "document.encrypted"),
        (PDF, {"page_count": 0}, "a.pdf", "document.no_pages"),
        (PDF, {"blank_pages": (2,)}, "a.pdf", "document.blank_page"),
        (PDF, {"active_content": ("/JS",)}, "a.pdf", "document.active_content"),
        (PDF, {"embedded_files": ("/EmbeddedFile",)}, "a.pdf", "document.embedded_file"),
        (PNG, {"width": 400, "height": 500}, "a.png", "document.too_small"),
        (PNG, {"width": 14_000, "height": 14_000}, "a.png", "document.too_many_pixels"),
        (PNG, {"sharpness": 10.0}, "a.png", "document.too_blurry"),
        (PNG, {"decode_error": "truncated"}, "a.png", "document.unreadable"),
        (PNG, {"trailing_bytes": 120}, "a.png", "document.trailing_data"),
        (PNG, {}, "a.exe", "document.bad_name"),
    ],
)
def test_each_defect_gets_its_stable_code(
    base: DocumentFacts, change: dict[str, Any], filename: str, code: str
) -> None:
    report = evaluate(attrs.evolve(base, **change), filename)
    assert report.codes == (code,)
    violation = report.violations[0]
    assert violation.message_ru
    assert violation.message_en
    assert violation.message_ru != violation.message_en


def test_an_empty_file_is_only_empty_not_also_of_the_wrong_type() -> None:
    empty = DocumentFacts(mime="application/x-empty", size=0, sha256="e3" * 32)
    assert evaluate(empty, "a.pdf").codes == ("document.empty",)


def test_a_format_outside_the_policy_is_refused_and_a_renamed_one_also_mismatches() -> None:
    images_only = DocumentPolicy(formats={"png", "jpeg"})
    assert evaluate(PDF, "a.pdf", policy=images_only).codes == ("document.format_not_allowed",)
    gif = attrs.evolve(PNG, mime="image/gif")
    assert evaluate(gif, "a.png").codes == (
        "document.format_not_allowed",
        "document.type_mismatch",
    )


def test_a_kind_may_narrow_the_formats() -> None:
    report = evaluate(PNG, "extract.png", DocumentKind.OGRN_EXTRACT)
    assert report.codes == ("document.format_not_allowed",)
    assert "PDF" in report.violations[0].message_en


def test_policy_is_configurable() -> None:
    strict = DocumentPolicy(formats={"pdf"}, max_bytes=1000, min_sharpness=None, max_name_length=10)
    report = evaluate(attrs.evolve(PNG, sharpness=1.0), "long-name-scan.png", policy=strict)
    assert set(report.codes) == {
        "document.bad_name",
        "document.too_large",
        "document.format_not_allowed",
    }
    relaxed = DocumentPolicy(allow_blank_pages=True, kind_formats={"passport": ["png"]})
    assert evaluate(attrs.evolve(PDF, blank_pages=(1,)), "a.pdf", policy=relaxed).ok
    assert evaluate(PDF, "a.pdf", "passport", relaxed).codes == ("document.format_not_allowed",)


@pytest.mark.parametrize(
    "change", [{"max_bytes": 0}, {"min_bytes": 10, "max_bytes": 5}, {"max_pixels": 0}]
)
def test_policy_refuses_nonsense_limits(change: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must"):
        DocumentPolicy(**change)  # type: ignore[arg-type]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="passports"):
        evaluate(PDF, "a.pdf", "passports")


def test_raise_for_violations_carries_every_violation_and_advice() -> None:
    report = evaluate(attrs.evolve(PDF, encrypted=True, page_count=0), "../x.pdf")
    with pytest.raises(ValidationError) as caught:
        report.raise_for_violations()
    assert caught.value.violations == report.violations
    assert caught.value.code == report.violations[0].code == "document.bad_name"
    assert "расширением" in caught.value.hint_ru
    evaluate(PDF, "x.pdf").raise_for_violations()  # nothing to raise


def test_every_code_has_messages() -> None:
    assert {
        "document.too_large",
        "document.empty",
        "document.type_mismatch",
        "document.format_not_allowed",
        "document.blank_page",
        "document.no_pages",
        "document.active_content",
        "document.embedded_file",
        "document.encrypted",
        "document.unreadable",
        "document.too_blurry",
        "document.too_small",
        "document.too_many_pixels",
        "document.trailing_data",
        "document.bad_name",
    } <= CODES


def test_format_lookup_by_mime_and_extension() -> None:
    assert format_for_mime("application/pdf; charset=binary") is DocumentFormat.PDF
    assert format_for_mime("image/gif") is None
    assert format_for_filename("SCAN.JPEG") is DocumentFormat.JPEG
    assert format_for_filename("archive.pdf.zip") is None
    assert format_for_filename("README") is None


# --- file names -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../x.pdf",
        "/etc/passwd.pdf",
        "C:scan.pdf",
        "dir\\scan.pdf",
        "scan\x00.pdf",
        "scan\n.pdf",
        "scan\u202efdp.png",
        "",
        ".pdf",
        " scan.pdf",
        "scan.pdf.",
        "scan",
        "scan.exe",
        "x" * 117 + ".pdf",
    ],
)
def test_bad_names_are_refused(name: str) -> None:
    violations = check_filename(name)
    assert violations
    assert {v.code for v in violations} == {"document.bad_name"}
    assert {v.field for v in violations} == {"filename"}


@given(ds.safe_filenames())
def test_safe_names_pass(name: str) -> None:
    assert check_filename(name) == ()


@given(ds.safe_filenames(max_length=100), st.sampled_from(ds.CONTROL_CHARACTERS), st.data())
def test_a_control_character_anywhere_is_refused(name: str, char: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(name)))
    assert any("control" in v.message_en for v in check_filename(name[:at] + char + name[at:]))


@given(ds.safe_filenames(max_length=100), st.sampled_from(["/", "\\", "../", "..\\", "C:"]))
def test_a_path_part_is_refused(name: str, prefix: str) -> None:
    assert any("path" in v.message_en for v in check_filename(prefix + name))


@given(st.integers(1, 300), ds.extensions())
def test_length_limit_is_exact(stem_length: int, ext: str) -> None:
    name = "д" * stem_length + ext
    too_long = any("longer" in v.message_en for v in check_filename(name))
    assert too_long == (len(name) > 120)


@given(ds.safe_filenames(max_length=100))
def test_length_counts_composed_characters(name: str) -> None:
    decomposed = unicodedata.normalize("NFD", "й" * 60) + name
    composed_length = len(unicodedata.normalize("NFC", decomposed))
    refused = any("longer" in v.message_en for v in check_filename(decomposed))
    assert refused == (composed_length > 120)


# --- every violation at once ------------------------------------------------------

_PDF_DEFECTS: dict[str, tuple[dict[str, Any], str]] = {
    "document.encrypted": ({"encrypted": True}, ""),
    "document.blank_page": ({"blank_pages": (1, 3)}, ""),
    "document.active_content": ({"active_content": ("/JavaScript", "/OpenAction")}, ""),
    "document.embedded_file": ({"embedded_files": ("/EmbeddedFiles",)}, ""),
    "document.unreadable": ({"parse_error": "broken xref"}, ""),
    "document.no_pages": ({"page_count": 0}, ""),
    "document.trailing_data": ({"trailing_bytes": 7}, ""),
    "document.too_small": ({"scans": (PageScan(2, 200, 150, 500.0),)}, ""),
}
_IMAGE_DEFECTS: dict[str, tuple[dict[str, Any], str]] = {
    "document.too_small": ({"width": 300, "height": 400}, ""),
    "document.too_blurry": ({"sharpness": 5.0}, ""),
    "document.trailing_data": ({"trailing_bytes": 99}, ""),
    "document.unreadable": ({"decode_error": "bad Huffman code"}, ""),
    "document.blank_page": ({"blank_pages": (1,)}, ""),
}
_COMMON_DEFECTS: dict[str, tuple[dict[str, Any], str]] = {
    "document.too_large": ({"size": 6 * MIB}, ""),
    "document.bad_name": ({}, "\x07"),
    "document.type_mismatch": ({}, "mismatch"),
    "document.polyglot": ({"polyglot": ("zip",)}, ""),
    "document.too_complex": ({"too_complex": "objects: more than 50000"}, ""),
}


@settings(max_examples=200)
@given(
    st.sampled_from(["pdf", "image"]),
    st.data(),
)
def test_every_violation_is_reported_at_once(family: str, data: st.DataObject) -> None:
    if family == "pdf":
        facts, fmt, specific = data.draw(ds.clean_pdf_facts()), DocumentFormat.PDF, _PDF_DEFECTS
    else:
        fmt = data.draw(st.sampled_from([DocumentFormat.PNG, DocumentFormat.JPEG]))
        facts, specific = data.draw(ds.clean_image_facts(fmt)), _IMAGE_DEFECTS
    name = data.draw(ds.safe_filenames(fmt, max_length=110))
    defects = {**specific, **_COMMON_DEFECTS}
    chosen = data.draw(st.sets(st.sampled_from(sorted(defects))))
    for code in chosen:
        change, name_change = defects[code]
        facts = attrs.evolve(facts, **change)
        if name_change == "mismatch":
            name = name[: name.rfind(".")] + (".png" if fmt is DocumentFormat.PDF else ".pdf")
        elif name_change:
            name = name_change + name
    report = evaluate(facts, name)
    assert set(report.codes) == chosen
    assert report.ok == (not chosen)
    if chosen:
        with pytest.raises(ValidationError) as caught:
            report.raise_for_violations()
        assert {v.code for v in caught.value.violations} == chosen


def test_scanned_pages_get_the_image_rules_and_are_named() -> None:
    scans = (
        PageScan(1, 2480, 3508, 900.0),
        PageScan(2, 200, 150, 12.0),
        PageScan(3, 2480, 3508, 8.0),
    )
    report = evaluate(attrs.evolve(PDF, scans=scans), "scan.pdf")
    assert report.codes == ("document.too_small", "document.too_blurry")
    small, blurry = report.violations
    assert "pages 2" in small.message_en
    assert "200×150" in small.message_en
    assert "страницах 2, 3" in blurry.message_ru
    assert "8.0" in blurry.message_en


def test_an_inspection_out_of_budget_refuses_the_file() -> None:
    report = evaluate(attrs.evolve(PDF, too_complex="time: more than 10 s"), "a.pdf")
    assert report.codes == ("document.too_complex",)
    assert "time: more than 10 s" in report.violations[0].message_en
    assert "слишком сложен" in report.violations[0].message_ru
