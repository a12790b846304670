"""Find the ``accredkit`` entry points of the installed distributions, cheaply.

``importlib.metadata`` answers the same question, but importing it (email, zipfile,
csv, pathlib) and indexing every distribution on ``sys.path`` cost a one-shot command
about 70 ms — more than the rest of its start-up together (docs/benchmarks.md,
"Start-up"). Plugins are declared in a ``*.dist-info/entry_points.txt`` (or an
``*.egg-info`` one) inside a directory on ``sys.path``, so those are read directly, with
``importlib.metadata``'s rules: ``sys.path`` order, the first distribution of a
normalized name wins, the distribution's name comes from its metadata. Anything else —
a zipped path entry, an import hook that ships its own distributions — is handed to
``importlib.metadata`` itself, so nothing it would find is missed.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from importlib.machinery import PathFinder

import attrs

__all__ = ["EntryPoint", "entry_points"]

_SUFFIXES = (".dist-info", ".egg-info")
_SEPARATORS = re.compile(r"[-_.]+")
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?(\[.*\])?\s*\Z")


@attrs.frozen
class EntryPoint:
    """One ``name = module:attr`` line of the group, and the distribution declaring it."""

    name: str
    value: str
    dist_name: str | None

    def load(self) -> object:
        """Import the module and walk to the attribute, as ``importlib.metadata`` does."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        target: object = importlib.import_module(match.group("module"))
        for part in (match.group("attr") or "").split("."):
            if part:
                target = getattr(target, part)
        return target


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of ``group``, in the order ``importlib.metadata`` gives them."""
    if not _plain_paths_only():
        return _from_importlib_metadata(group)
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for root in sys.path:
        for info in _distributions(root or "."):
            normalized = _normalized_name(os.path.basename(info))
            if normalized in seen:
                continue
            seen.add(normalized)
            found.extend(_group_of(info, group))
    return found


def _plain_paths_only() -> bool:
    """True when every distribution lives in a directory on ``sys.path``."""
    for finder in sys.meta_path:
        if hasattr(finder, "find_distributions") and finder is not PathFinder:
            return False
    return not any(os.path.isfile(root) for root in sys.path if root)


def _distributions(root: str) -> Iterator[str]:
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        if name.lower().endswith(_SUFFIXES):
            yield os.path.join(root, name)


def _normalized_name(directory: str) -> str:
    stem = os.path.splitext(directory)[0]
    return _SEPARATORS.sub("_", stem.partition("-")[0]).lower()


def _group_of(info: str, group: str) -> Iterator[EntryPoint]:
    text = _read(os.path.join(info, "entry_points.txt"))
    if text is None:
        return
    lines = list(_section(text, group))
    dist_name = _dist_name(info) if lines else None  # metadata read only when it is needed
    for line in lines:
        name, _, value = line.partition("=")
        yield EntryPoint(name=name.strip(), value=value.strip(), dist_name=dist_name)


def _section(text: str, group: str) -> Iterator[str]:
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            yield line


def _dist_name(info: str) -> str | None:
    for metadata in ("METADATA", "PKG-INFO"):
        text = _read(os.path.join(info, metadata))
        if text is None:
            continue
        for line in text.splitlines():
            if not line:
                break
            key, _, value = line.partition(":")
            if key.strip().lower() == "name":
                return value.strip()
        return None
    return None


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _from_importlib_metadata(group: str) -> list[EntryPoint]:
    from importlib import metadata

    return [
        EntryPoint(
            name=entry_point.name,
            value=entry_point.value,
            dist_name=entry_point.dist.name if entry_point.dist is not None else None,
        )
        for entry_point in metadata.entry_points(group=group)
    ]
