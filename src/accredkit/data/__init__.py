"""Data files shipped with accredkit, loaded through ``importlib.resources``.

The loaders live here, outside the domain, so the domain receives plain Python
containers and never reads a file (DESIGN §1).
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

__all__ = ["COMMON_PASSWORD_FILES", "common_passwords"]

COMMON_PASSWORD_FILES = ("common-passwords.txt.gz", "common-passwords-extra.txt.gz")
"""The blocklist files, see ``COMMON-PASSWORDS-NOTICE.md`` for their sources."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped common-password blocklist: lower-cased, stripped, deduplicated.

    Loaded once per process (about 40,000 entries, a few megabytes of memory).

    Returns:
        Every entry of every file in ``COMMON_PASSWORD_FILES``.
    """
    entries: set[str] = set()
    folder = resources.files(__name__)
    for name in COMMON_PASSWORD_FILES:
        text = gzip.decompress(folder.joinpath(name).read_bytes()).decode("utf-8")
        entries.update(line.strip().lower() for line in text.splitlines() if line.strip())
    return frozenset(entries)
