"""Checkpoint port: the latest signed tree head, kept outside the database.

A copy of the newest signed head somewhere the database cannot reach (a file on
another volume, a witness service, a write-once bucket) is what catches an older
backup restored over the database, or a tail cut together with its heads.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["CheckpointSink"]


class CheckpointSink(Protocol):
    """Keeps one signed tree head (its stored bytes); a write replaces it whole."""

    def write(self, data: bytes) -> None:
        """Replace the kept head atomically: a reader sees the old one or the new one.

        Raises:
            PortUnavailable: the head could not be written.
        """
        ...

    def read(self) -> bytes | None:
        """The kept head, or ``None`` before the first checkpoint."""
        ...
