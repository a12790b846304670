"""Data files shipped with accredkit, loaded through ``importlib.resources``.

The loaders live here, outside the domain, so the domain receives plain Python
containers and never reads a file (docs/architecture.md).
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

from accredkit.domain.accounts.password_guessing import russian_spellings

__all__ = ["COMMON_PASSWORD_FILES", "RUSSIAN_WORDS_FILE", "common_passwords", "russian_words"]

COMMON_PASSWORD_FILES = ("common-passwords.txt.gz", "common-passwords-extra.txt.gz")
"""The blocklist files, see ``COMMON-PASSWORDS-NOTICE.md`` for their sources."""

RUSSIAN_WORDS_FILE = "common-passwords-ru.txt.gz"
"""Russian words and names people make passwords of, each also spelled on the Latin
layout and transliterated when loaded (``пароль``, ``gfhjkm``, ``parol``)."""


def _lines(name: str) -> list[str]:
    data = resources.files(__name__).joinpath(name).read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


@functools.cache
def russian_words() -> frozenset[str]:
    """The Russian words file as shipped (Cyrillic, lower-cased)."""
    return frozenset(_lines(RUSSIAN_WORDS_FILE))


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped common-password blocklist: lower-cased, stripped, deduplicated.

    Loaded once per process (about 41,000 entries, a few megabytes of memory).

    Returns:
        Every entry of every file in ``COMMON_PASSWORD_FILES``, and every spelling of
        every word in ``RUSSIAN_WORDS_FILE``.
    """
    entries: set[str] = set()
    for name in COMMON_PASSWORD_FILES:
        entries.update(_lines(name))
    for word in russian_words():
        entries.update(russian_spellings(word.replace("ё", "е")))
        entries.update(russian_spellings(word))
    return frozenset(entry for entry in entries if entry)
