"""Random sources: the system CSPRNG, and a seeded one for reproducible tests."""

from __future__ import annotations

import random
import secrets
import threading

__all__ = ["SeededRandom", "SystemRandom"]


class SystemRandom:
    """``secrets``: the operating system's CSPRNG."""

    def token_bytes(self, size: int) -> bytes:
        """``size`` random bytes."""
        return secrets.token_bytes(size)

    def randbelow(self, upper: int) -> int:
        """A uniform integer ``0 <= n < upper``."""
        return secrets.randbelow(upper)

    def new_id(self) -> str:
        """32 random hex digits."""
        return secrets.token_hex(16)


class SeededRandom:
    """Deterministic values for tests; never for production secrets."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def token_bytes(self, size: int) -> bytes:
        """``size`` pseudo-random bytes."""
        with self._lock:
            return self._rng.randbytes(size)

    def randbelow(self, upper: int) -> int:
        """A pseudo-random integer ``0 <= n < upper``."""
        with self._lock:
            return self._rng.randrange(upper)

    def new_id(self) -> str:
        """32 pseudo-random hex digits."""
        return self.token_bytes(16).hex()
