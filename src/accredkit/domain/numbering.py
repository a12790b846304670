"""Human numbers for certificates and tickets: gap-free counters and a Damm check digit.

A number is read aloud on the phone and typed by hand, so certificate numbers carry a
check digit (Damm's algorithm: every single wrong digit and every swap of two adjacent
digits changes it). Counters are aggregates: two issuers racing for the same number
meet as an optimistic-concurrency ``Conflict``, never as a duplicate.
"""

from __future__ import annotations

import attrs

__all__ = ["Counter", "damm_digit", "damm_valid"]

# Damm's totally anti-symmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _interim(digits: str) -> int:
    state = 0
    for char in digits:
        if not "0" <= char <= "9":
            raise ValueError(f"not an ASCII digit: {char!r}")
        state = _DAMM[state][ord(char) - 48]
    return state


def damm_digit(digits: str) -> str:
    """The Damm check digit of the ASCII ``digits``.

    Raises:
        ValueError: ``digits`` holds something other than ASCII digits.
    """
    return str(_interim(digits))


def damm_valid(digits_with_check: str) -> bool:
    """Whether the last digit is the Damm check digit of the ones before it."""
    try:
        return len(digits_with_check) >= 2 and _interim(digits_with_check) == 0
    except ValueError:
        return False


@attrs.frozen
class Counter:
    """A named sequence (``certificate:2026``, ``ticket``); ``last`` is the last number taken."""

    id: str
    version: int = 0
    last: int = 0

    def take(self) -> tuple[Counter, int]:
        """The counter moved on by one, and the number taken."""
        number = self.last + 1
        return attrs.evolve(self, last=number), number
