"""Help that teaches, and errors and figures a person reads (``docs/cli.md``)."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from accredkit.adapters.official_documents.qr_codes import qr_matrix
from accredkit.cli import build_parser
from accredkit.cli._output import Output
from accredkit.cli._progress import shown, steps, working
from accredkit.cli._terminal_qr import terminal_qr
from accredkit.cli._views import human_size, moscow_minute
from accredkit.errors import AuthenticationFailed, ValidationError, Violation


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path), parser
        return
    for name, sub in subs[0].choices.items():
        yield from _leaves(sub, (*path, name))


def test_every_command_has_an_example_and_states_the_date_formats() -> None:
    leaves = dict(_leaves(build_parser()))
    assert len(leaves) > 60
    examples = {
        name: parser.format_help().partition("example:\n  ")[2] for name, parser in leaves.items()
    }
    missing = [name for name, text in examples.items() if "accredkit " + name not in text]
    assert missing == []
    assert "DD.MM.YYYY or YYYY-MM-DD" in leaves["report"].format_help()


def test_the_top_help_shows_a_first_session_in_order() -> None:
    text = build_parser(["--help"]).format_help()
    steps = ["accredkit init", "staff login", "account register", "last-code", "account login"]
    steps += ["application create", "review take", "certificate export", "journal checkpoint"]
    places = [text.index(step) for step in steps]
    assert places == sorted(places)


def test_only_the_asked_command_is_built_in_full() -> None:
    parser = build_parser(["application", "list"])
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert "list" in commands.choices["application"].format_help()
    assert commands.choices["journal"]._actions == []  # a name with its help only


def _printed(error: Exception, lang: str = "ru") -> list[str]:
    err = io.StringIO()
    Output(lang=lang, stdout=io.StringIO(), stderr=err).error(error)  # type: ignore[arg-type]
    return err.getvalue().splitlines()


def test_each_violation_on_its_own_line_with_its_code() -> None:
    error = ValidationError.of(
        [
            Violation("document.too_small", "content", "Файл слишком мал.", "Too small."),
            Violation("document.blank_page", "content", "Пустая страница.", "A blank page."),
        ]
    )
    lines = _printed(error)
    assert lines[0] == "error [document.too_small]: замечаний: 2"
    assert lines[1:3] == [
        "  - [document.too_small] Файл слишком мал.",
        "  - [document.blank_page] Пустая страница.",
    ]
    assert len(lines) == 4
    assert len(set(lines)) == len(lines)


@pytest.mark.parametrize(
    ("code", "absent", "present"),
    [
        ("totp.wrong", "Caps Lock", "свежий код"),
        ("staff.second_factor_required", "Caps Lock", "enrol-totp"),
    ],
)
def test_hints_fit_the_error(code: str, absent: str, present: str) -> None:
    hint = _printed(AuthenticationFailed("no", code=code))[-1]
    assert absent not in hint
    assert present in hint


def test_a_lifecycle_refusal_does_not_ask_to_correct_fields() -> None:
    refused = ValidationError("four eyes", message_ru="Четыре глаза.", code="application.four_eyes")
    assert "отмеченные поля" not in "\n".join(_printed(refused))


@pytest.mark.parametrize(
    ("size", "ru", "en"),
    [(512, "512 Б", "512 B"), (5_200_000, "5,2 МБ", "5.2 MB"), (1_500, "1,5 КБ", "1.5 KB")],
)
def test_sizes_read_as_people_write_them(size: int, ru: str, en: str) -> None:
    assert (human_size(size, "ru"), human_size(size, "en")) == (ru, en)


def test_times_are_moscow_local_to_the_minute() -> None:
    assert moscow_minute(datetime(2026, 12, 1, 21, 5, 59, tzinfo=UTC)) == "02.12.2026 00:05 МСК"


def test_progress_is_silent_under_json_and_off_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for out in (Output(json_mode=True), Output()):
        assert not shown(out)  # pytest's captured stdout is not a terminal
        with working(out, "ру", "en"), steps(out, "ру", "en", 3) as advance:
            advance(3)
    assert capsys.readouterr() == ("", "")


def test_the_terminal_qr_code_is_the_uris_code() -> None:
    uri = "otpauth://totp/accredkit:ivan?secret=JBSWY3DPEHPK3PXP&issuer=accredkit"
    halves = {"█": (False, False), "▄": (True, False), "▀": (False, True), " ": (True, True)}
    rows: list[list[bool]] = []
    for line in terminal_qr(uri).splitlines():
        cells = [halves[c] for c in line]
        rows += [[top for top, _ in cells], [bottom for _, bottom in cells]]
    drawn = tuple(tuple(row[2:-2]) for row in rows[2:-3])
    assert drawn == qr_matrix(uri)
