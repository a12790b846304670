"""Progress of long work: ``progress(done, total)`` as a stream of items goes by.

Verifying or exporting a journal of a million entries takes a while; a host that
shows a bar (the command line does, ``docs/cli.md``) passes a callback and is told
how far the work got about every hundredth of the total (at most every few thousand
items), and once at the end. Without a callback the items pass untouched, so the
fast path pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["PROGRESS_EVERY", "Progress", "reported"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: ``done`` items of ``total`` are through (``total`` may be
passed by; a damaged journal can hold more or fewer entries than it claims)."""

PROGRESS_EVERY = 4096

_T = TypeVar("_T")


def _counted(items: Iterable[_T], total: int, progress: Progress, every: int) -> Iterator[_T]:
    progress(0, total)
    done = 0
    for done, item in enumerate(items, 1):
        yield item
        if not done % every:
            progress(done, total)
    if done % every:
        progress(done, total)


def reported(
    items: Iterable[_T], total: int, progress: Progress | None, *, every: int | None = None
) -> Iterator[_T]:
    """``items`` as they were, calling ``progress(done, total)`` before the first, every
    ``every`` of them (default: a hundredth of ``total``, 1 to ``PROGRESS_EVERY``) and
    after the last; ``items`` itself when there is no ``progress``."""
    if progress is None:
        return iter(items)
    step = every if every is not None else min(PROGRESS_EVERY, total // 100)
    return _counted(items, total, progress, max(1, step))
