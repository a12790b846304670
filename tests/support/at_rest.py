"""Canaries at rest: is a known personal value anywhere in the bytes a deployment keeps?

An attacker with a copy of the database file, a ``pg_dump``, the blob folder or the
outbox would search for a known СНИЛС, phone or name the ways a search tool does: as
UTF-8, as UTF-16 (either byte order) and as bare digits. ``leaks`` tries all of them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from tests.support.postgres import find_bindir

__all__ = ["dump_postgres", "files_under", "leaks", "spellings"]


def spellings(value: str) -> set[bytes]:
    """The byte strings a search for ``value`` would try."""
    found = set()
    digits = "".join(c for c in value if c.isdigit())
    for text in {value, value.casefold(), *([digits] if len(digits) >= 6 else [])}:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            found.add(text.encode(encoding))
    return found


def leaks(contents: Iterable[tuple[str, bytes]], canaries: Iterable[str]) -> list[str]:
    """``"where: value"`` for every canary found in any of the named byte strings."""
    wanted = [(value, spellings(value)) for value in canaries]
    found: list[str] = []
    for where, data in contents:
        folded = data.lower()
        for value, forms in wanted:
            if any(form in data or form in folded for form in forms):
                found.append(f"{where}: {value}")
    return found


def files_under(*roots: Path) -> list[tuple[str, bytes]]:
    """Every regular file under ``roots`` (or the files themselves), with its bytes."""
    found: list[tuple[str, bytes]] = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        found.extend((str(path), path.read_bytes()) for path in paths)
    return found


def dump_postgres(url: str) -> bytes:
    """A plain ``pg_dump`` of the database at ``url`` (the server's own tool)."""
    done = subprocess.run(
        [str(find_bindir() / "pg_dump"), "--no-owner", url.split("?", 1)[0]],
        capture_output=True,
        check=True,
    )
    return done.stdout
