"""Progress of journal verification and export: the library's callback and the bar.

``progress(done, total)`` is called with growing counts up to the journal's size; the
command line turns it into a bar with rate and time left on a terminal (``docs/cli.md``).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import accredkit
from accredkit.adapters.clock import FrozenClock
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.cli._output import Output
from accredkit.cli._progress import counted
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.progress import PROGRESS_EVERY, reported
from accredkit.testing.journal_strategies import sample_drafts

ENTRIES = 250


@pytest.fixture(scope="module")
def cabinet() -> Iterator[Cabinet]:
    with bootstrap(clock=FrozenClock()) as cabinet:
        with cabinet.storage.unit_of_work() as uow:
            for draft in sample_drafts(ENTRIES):
                uow.journal.append(draft)
            uow.commit()
        cabinet.journal.checkpoint(SYSTEM)
        yield cabinet


def _grows_to(calls: list[tuple[int, int]], total: int) -> None:
    done = [d for d, _ in calls]
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert done == sorted(set(done))  # strictly growing
    assert len(calls) > 10  # the bar moves, not only a start and an end


@given(st.integers(0, 3 * PROGRESS_EVERY), st.integers(1, 50))
def test_counts_grow_by_at_most_every_and_end_at_the_last_item(count: int, every: int) -> None:
    calls: list[tuple[int, int]] = []
    items = list(reported(range(count), count, lambda d, t: calls.append((d, t)), every=every))
    assert items == list(range(count))
    done = [d for d, _ in calls]
    assert (done[0], done[-1]) == (0, count)
    assert {t for _, t in calls} == {count}
    assert all(0 < b - a <= every for a, b in itertools.pairwise(done))


def test_without_a_callback_the_items_pass_untouched() -> None:
    items = iter([1, 2])
    assert reported(items, 2, None) is items


def test_verify_and_export_report_growing_counts_up_to_the_size(
    cabinet: Cabinet, tmp_path: Path
) -> None:
    verified: list[tuple[int, int]] = []
    assert cabinet.journal.verify(SYSTEM, progress=lambda d, t: verified.append((d, t))).ok
    _grows_to(verified, ENTRIES)

    exported: list[tuple[int, int]] = []
    path = tmp_path / "journal.export"
    cabinet.journal.export(SYSTEM, path, progress=lambda d, t: exported.append((d, t)))
    _grows_to(exported, ENTRIES)

    offline: list[tuple[int, int]] = []
    assert accredkit.journal_verify(path, progress=lambda d, t: offline.append((d, t))).ok
    _grows_to(offline, ENTRIES)


def test_a_terminal_gets_a_bar_with_rate_and_time_left(cabinet: Cabinet) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    out = Output(lang="en")
    with counted(out, "Проверка", "Verifying the audit journal", console=console) as progress:
        assert progress is not None
        assert cabinet.journal.verify(SYSTEM, progress=progress).ok
        console.print()  # draw now, before the bar is taken away on exit
    drawn = screen.getvalue()
    assert "Verifying the audit journal" in drawn
    assert f"{ENTRIES}/{ENTRIES}" in drawn
    assert "entries/s" in drawn
    assert "━" in drawn  # the bar itself


def test_no_bar_and_no_counting_under_json_or_off_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True)
    with counted(Output(json_mode=True), "ру", "en", console=console) as progress:
        assert progress is None  # the library then skips counting altogether
    with counted(Output(), "ру", "en") as progress:
        assert progress is None  # pytest's captured stdout is not a terminal
    assert screen.getvalue() == ""
    assert capsys.readouterr() == ("", "")
