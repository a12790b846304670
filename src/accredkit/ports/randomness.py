"""Randomness port: every random value the services need comes through here."""

from __future__ import annotations

from typing import Protocol

__all__ = ["RandomSource"]


class RandomSource(Protocol):
    """A source of unpredictable values (a CSPRNG in production)."""

    def token_bytes(self, size: int) -> bytes:
        """``size`` random bytes."""
        ...

    def randbelow(self, upper: int) -> int:
        """A random integer ``0 <= n < upper``."""
        ...

    def new_id(self) -> str:
        """A fresh identifier (32 hex digits)."""
        ...
