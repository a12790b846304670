"""The checkpoint kept in process memory: for in-memory cabinets and tests."""

from __future__ import annotations

import threading

__all__ = ["MemoryCheckpoint"]


class MemoryCheckpoint:
    """Holds the latest signed tree head in memory; ``writes`` counts replacements."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: bytes | None = None
        self.writes = 0

    def write(self, data: bytes) -> None:
        """Replace the kept head."""
        with self._lock:
            self._data = bytes(data)
            self.writes += 1

    def read(self) -> bytes | None:
        """The kept head, or ``None``."""
        with self._lock:
            return self._data
