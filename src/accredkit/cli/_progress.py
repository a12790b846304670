"""Progress on long work, for a person at a terminal only.

``accredkit journal verify`` over a million entries, an export, a long report: a
spinner with the time spent (rich), on stderr, only when stdout is a terminal and the
output is not ``--json`` — a script or a pipe sees nothing but the result
(``docs/cli.md``). ``steps`` shows a bar with rate and time left where the command
knows how many steps there are; ``counted`` draws the same bar from a library call's
``progress(done, total)`` callback (``accredkit.domain.progress``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from accredkit.cli._output import Output


def shown(out: Output) -> bool:
    """Whether to draw progress: a person's terminal, not ``--json``, not a pipe."""
    return not out.json_mode and sys.stdout.isatty() and sys.stderr.isatty()


@contextlib.contextmanager
def working(out: Output, ru: str, en: str) -> Iterator[None]:
    """A spinner with the elapsed time while the block runs (nothing when not shown)."""
    if not shown(out):
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        progress.add_task(en if out.lang == "en" else ru, total=None)
        yield


@contextlib.contextmanager
def steps(out: Output, ru: str, en: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar with rate and time left; the block calls ``advance(n)`` as it goes."""
    if not shown(out):
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(en if out.lang == "en" else ru, total=total)
        yield lambda n: progress.advance(task, n)


def _bar(console: Console, lang: str) -> Progress:
    """Description, bar, done of total, percent, entries a second and time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    unit = "entries/s" if lang == "en" else "записей/с"
    rate = TextColumn(f"{{task.fields[rate]}} {unit}")
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        rate,
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console, transient=True)


@contextlib.contextmanager
def counted(
    out: Output, ru: str, en: str, *, console: Console | None = None
) -> Iterator[Callable[[int, int], None] | None]:
    """A bar driven by ``progress(done, total)``: yields the callback to pass to the
    library, or ``None`` when progress is not shown (so the library skips counting).

    ``console`` is where to draw (default: stderr, and only on a person's terminal).
    """
    if out.json_mode or (console is None and not shown(out)):
        yield None
        return
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    with _bar(console, out.lang) as bar:
        task = bar.add_task(en if out.lang == "en" else ru, total=None, rate="…")

        def progress(done: int, total: int) -> None:
            speed = bar.tasks[0].speed
            rate = "…" if speed is None else f"{speed:,.0f}".replace(",", " ")
            bar.update(task, completed=done, total=max(total, done), rate=rate)

        yield progress
