"""Copies of frozen values with a few fields changed, validated as on construction.

Each delivery step of an outbox message, and every write a unit of work stages, copies a
frozen aggregate with one to four fields changed (docs/benchmarks.md, the outbox).
``attrs.evolve`` looks the class's fields up and passes every value by name on each call;
reading them with one getter and passing them by position does the same in half the time.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["replaced"]

T = TypeVar("T")

_Layout = tuple[Callable[[Any], tuple[Any, ...]], dict[str, int]]


_LAYOUTS: dict[type[Any], _Layout | None] = {}


def _layout(cls: type[Any]) -> _Layout | None:
    """The getter of ``cls``'s constructor arguments and each one's position, if positional."""
    if cls in _LAYOUTS:
        return _LAYOUTS[cls]
    fields = [f for f in attrs.fields(cls) if f.init]
    layout: _Layout | None = None
    if len(fields) >= 2 and not any(f.kw_only for f in fields):
        getter = operator.attrgetter(*(f.name for f in fields))
        layout = getter, {f.alias: at for at, f in enumerate(fields)}
    _LAYOUTS[cls] = layout
    return layout


def replaced(item: T, **changes: Any) -> T:
    """``attrs.evolve(item, **changes)``: a new instance, its validators run again.

    Raises:
        TypeError: a change names no argument of the constructor (as ``evolve`` does).
    """
    cls: type[Any] = type(item)
    layout = _layout(cls)
    if layout is None or not changes.keys() <= layout[1].keys():
        return attrs.evolve(item, **changes)  # type: ignore[misc]
    values, at = layout
    copied = list(values(item))
    for name, value in changes.items():
        copied[at[name]] = value
    copy: T = cls(*copied)
    return copy
