"""``accredkit check-document``: exit codes, languages, JSON, and unreadable paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accredkit.cli import main
from accredkit.testing import documents as make


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "good.pdf": make.text_pdf(),
        "scan.png": make.scan(),
        "renamed.pdf": make.scan(fmt="JPEG"),
        "blank.pdf": make.blank_page_pdf(),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in made}


def test_all_good_files_exit_zero(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--lang", "en", "check-document", str(files["good.pdf"]), str(files["scan.png"])])
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("accepted") == 2


def test_refused_files_exit_one_with_every_violation(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "check-document",
            str(files["good.pdf"]),
            str(files["renamed.pdf"]),
            str(files["blank.pdf"]),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "document.type_mismatch" in out
    assert "document.blank_page" in out
    assert "Пустые страницы" in out  # Russian by default


def test_kind_narrows_the_formats(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-document", "--kind", "ogrn_extract", str(files["scan.png"])]) == 1
    assert "document.format_not_allowed" in capsys.readouterr().out


def test_json_lists_each_file(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check-document", str(files["good.pdf"]), str(files["renamed.pdf"]), "--json"])
    results = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [r["ok"] for r in results] == [True, False]
    assert [v["code"] for v in results[1]["violations"]] == ["document.type_mismatch"]


def test_a_missing_file_is_one_clear_line(
    tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.pdf"
    code = main(["--lang", "en", "check-document", str(missing), str(files["good.pdf"])])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.strip().splitlines() == [
        f"error [document.not_found]: {missing}: cannot read the file (No such file or directory)"
    ]
    assert "Traceback" not in captured.err
    assert "accepted" in captured.out  # the other file was still checked


def test_a_directory_is_not_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-document", str(tmp_path)]) == 1
    assert "document.cannot_read" in capsys.readouterr().err
