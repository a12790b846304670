"""Progress on long work, for a person at a terminal only.

``accredkit journal verify`` over a million entries, an export, a long report: a
spinner with the time spent (rich), on stderr, only when stdout is a terminal and the
output is not ``--json`` — a script or a pipe sees nothing but the result
(``docs/cli.md``). ``steps`` shows a bar with rate and time left where the command
knows how many steps there are.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
