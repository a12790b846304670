"""How many guesses a password built from a common pattern takes (docs/security.md).

A transparent estimate in the spirit of zxcvbn. A password is read as a *base* with
*decorations* (digits and symbols) before and after it; the guesses an attacker
needs are the base's guesses times each decoration run's:

| base | guesses |
|---|---|
| a blocklist entry (in any keyboard-layout spelling) | 10⁵ |
| a keyboard walk on the ЙЦУКЕН or QWERTY layout, in r adjacent runs | 10⁴ · 100^(r−1) |
| a repetition or sequence (under decorations) | 10³ |

| decoration run | guesses |
|---|---|
| a repetition, a sequence (``1234``, ``!@#$``), a year 1900–2099, a walk | 100 |
| any other n digits or symbols | 10ⁿ |

Every reading is tried as typed, as typed on the other layout (``йцукен`` is
``qwerty``, ``gfhjkm`` is «пароль»), whole and split; a password some reading of which
needs fewer than ``GUESSABLE_BELOW`` guesses (10¹⁰, zxcvbn's boundary of "very
unguessable") is common. So ``Password1234!`` (10⁵ · 100 · 10) is common, and a
blocklist word needs at least five random digits or symbols to pass. Ten guesses a
character is zxcvbn's own floor for characters no pattern explains.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container

__all__ = [
    "GUESSABLE_BELOW",
    "guesses",
    "is_guessable",
    "is_repetitive",
    "keyboard_walk_runs",
    "russian_spellings",
    "to_cyrillic_layout",
    "to_latin_layout",
    "transliterations",
]

GUESSABLE_BELOW = 10**10
"""Fewer guesses than this and a password counts as common."""

_WORD = 10**5
_WALK = 10**4
_REPEAT = 10**3
_PATTERNED_RUN = 100
_MIN_CORE = 4

_RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю"
_LAT_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
_TO_LATIN = str.maketrans(_RU_KEYS, _LAT_KEYS)
_TO_CYRILLIC = str.maketrans(_LAT_KEYS, _RU_KEYS)
# Shifted symbols back to their keys (the Russian layout's own: «№» on the 3).
_UNSHIFT = str.maketrans('!@#$%^&*()_+~{}|:"<>?№', "1234567890-=`[]\\;',./3")

_ROWS = ("`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./")
_ROW_OFFSET = (0.0, 1.5, 1.75, 2.25)
_KEY_AT = {key: (row, col + _ROW_OFFSET[row]) for row, keys in enumerate(_ROWS)
           for col, key in enumerate(keys)}  # fmt: skip

# Passport transliteration (ICAO Doc 9303, used in Russian passports) and the everyday one.
ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
EVERYDAY = ICAO | {"й": "y", "х": "h", "ц": "c", "щ": "sch", "ъ": "", "ю": "yu", "я": "ya"}
_DECORATION = re.compile(r"^([\W\d_]*)(.*?)([\W\d_]*)$", re.DOTALL)
_RUNS = re.compile(r"\d+|[^\w]+|_+")


def to_latin_layout(text: str) -> str:
    """What the same keys give on the Latin layout: «йцукен» → ``qwerty``."""
    return text.translate(_TO_LATIN)


def to_cyrillic_layout(text: str) -> str:
    """What the same keys give on the Russian layout: ``gfhjkm`` → «пароль»."""
    return text.translate(_TO_CYRILLIC)


def transliterations(word: str) -> set[str]:
    """A Russian word in Latin letters, the passport way and the everyday way."""
    return {"".join(table.get(char, char) for char in word) for table in (ICAO, EVERYDAY)}


def russian_spellings(word: str) -> set[str]:
    """Every way a Russian word shows up in passwords: as is, typed on the Latin
    layout, and transliterated (``пароль``, ``gfhjkm``, ``parol``)."""
    return {word, to_latin_layout(word), *transliterations(word)}


def is_repetitive(folded: str) -> bool:
    """A repeated unit of up to four characters, or a run of ±1 steps (``abcd``, ``4321``)."""
    for unit in range(1, 5):
        if len(folded) >= 2 * unit and folded == (folded[:unit] * len(folded))[: len(folded)]:
            return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(folded)}
    if steps in ({1}, {-1}):
        return True
    if folded.isascii() and folded.isdigit():
        cyclic = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(folded)}
        return cyclic in ({1}, {9})
    return False


def _adjacent(a: str, b: str) -> bool:
    (row_a, x_a), (row_b, x_b) = _KEY_AT[a], _KEY_AT[b]
    if row_a == row_b:
        return abs(x_a - x_b) == 1
    return abs(row_a - row_b) == 1 and abs(x_a - x_b) <= 0.75


def keyboard_walk_runs(text: str) -> int | None:
    """In how many runs of adjacent keys ``text`` is typed (None: it is not a walk).

    Either layout counts (the keys are what matter); a walk has at least four keys,
    every run at least three, and at most three runs (``1qaz2wsx3edc``).
    """
    keys = to_latin_layout(text).translate(_UNSHIFT)
    if len(keys) < _MIN_CORE or any(key not in _KEY_AT for key in keys):
        return None
    runs, length = [], 1
    for a, b in itertools.pairwise(keys):
        if _adjacent(a, b):
            length += 1
        else:
            runs.append(length)
            length = 1
    runs.append(length)
    if len(runs) > 3 or min(runs) < 3:
        return None
    return len(runs)


def _run_guesses(run: str) -> int:
    plain = run.translate(_UNSHIFT)
    year = len(plain) == 4 and plain.isdigit() and 1900 <= int(plain) <= 2099
    walk = len(run) >= 3 and keyboard_walk_runs(run) == 1
    if year or walk or (len(run) >= 2 and is_repetitive(plain)):
        return _PATTERNED_RUN
    return int(10 ** len(run))


def _decoration_guesses(text: str) -> int:
    product = 1
    for run in _RUNS.findall(text):
        product *= _run_guesses(run)
    return product


def _base_guesses(core: str, blocklist: Container[str], decorated: bool) -> int | None:
    if len(core) < _MIN_CORE or (not decorated and is_repetitive(core)):
        return None  # a bare repetition is reported as such, not as common
    if core in blocklist:
        return _WORD
    runs = keyboard_walk_runs(core)
    if runs is not None:
        return _WALK * int(_PATTERNED_RUN ** (runs - 1))
    if decorated and is_repetitive(core):
        return _REPEAT
    return None


def guesses(folded: str, blocklist: Container[str]) -> int | None:
    """The fewest guesses any reading of ``folded`` needs (None: no pattern found).

    Args:
        folded: the password, NFC-normalised and case-folded.
        blocklist: lower-cased common passwords.
    """
    text = re.sub(r"\s+", "", folded)
    found: list[int] = []
    for variant in {text, to_latin_layout(text), to_cyrillic_layout(text)}:
        whole = _base_guesses(variant, blocklist, decorated=False)
        if whole is not None:
            found.append(whole)
        match = _DECORATION.match(variant)
        if match is None:  # pragma: no cover - the pattern matches every string
            continue
        head, core, tail = match.groups()
        if head or tail:
            base = _base_guesses(core, blocklist, decorated=True)
            if base is not None:
                found.append(base * _decoration_guesses(head) * _decoration_guesses(tail))
    return min(found) if found else None


def is_guessable(folded: str, blocklist: Container[str]) -> bool:
    """Whether ``folded`` needs fewer than ``GUESSABLE_BELOW`` guesses."""
    estimate = guesses(folded, blocklist)
    return estimate is not None and estimate < GUESSABLE_BELOW
