"""Copies of frozen values with a few fields changed, validated as on construction.

Each delivery step of an outbox message, and every write a unit of work stages, copies a
frozen aggregate with one to four fields changed (docs/benchmarks.md, the outbox).
``attrs.evolve`` looks the class's fields up and passes every value by name on each call;
reading them with one getter and passing them by position does the same in half the time.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["replaced"]

T = TypeVar("T")

_Layout = tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]


@functools.cache
def _layout(cls: type) -> _Layout | None:
    """The getter of ``cls``'s constructor arguments and each one's position, if positional."""
    fields = [f for f in attrs.fields(cls) if f.init]
    if len(fields) < 2 or any(f.kw_only for f in fields):
        return None
    getter = operator.attrgetter(*(f.name for f in fields))
    return getter, {f.alias: at for at, f in enumerate(fields)}


def replaced(item: T, **changes: Any) -> T:
    """``attrs.evolve(item, **changes)``: a new instance, its validators run again.

    Raises:
        TypeError: a change names no argument of the constructor (as ``evolve`` does).
    """
    layout = _layout(type(item))
    if layout is None or not changes.keys() <= layout[1].keys():
        return attrs.evolve(item, **changes)  # type: ignore[misc]
    values, at = layout
    copied = list(values(item))
    for name, value in changes.items():
        copied[at[name]] = value
    return type(item)(*copied)
