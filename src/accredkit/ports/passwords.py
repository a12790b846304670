"""Port: turning a password into a stored hash and checking a password against it."""

from __future__ import annotations

from typing import Protocol

__all__ = ["PasswordHasher"]


class PasswordHasher(Protocol):
    """A slow, salted password hash with self-describing (PHC) encoded results."""

    def hash(self, password: str) -> str:
        """Hash ``password`` (NFC-normalised, never truncated) with a fresh salt."""
        ...

    def verify(self, encoded: str, password: str) -> bool:
        """Whether ``password`` matches ``encoded``; malformed ``encoded`` is a mismatch."""
        ...

    def needs_rehash(self, encoded: str) -> bool:
        """Whether ``encoded`` was made with other parameters than the current ones."""
        ...

    def dummy_verify(self, password: str) -> None:
        """Spend the time of one ``verify`` for an account that does not exist."""
        ...
