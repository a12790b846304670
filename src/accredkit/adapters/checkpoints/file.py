"""The checkpoint kept in a file: written atomically, durable once ``write`` returns.

The new head goes to a temporary file in the same directory, is flushed and
fsynced, then renamed over the old one and the directory fsynced — so a crash
leaves either the old head or the new one, never a torn file.
"""

from __future__ import annotations

from pathlib import Path

from accredkit._atomic_files import write_atomically
from accredkit.errors import PortUnavailable

__all__ = ["FileCheckpoint"]


class FileCheckpoint:
    """The latest signed tree head in one file at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def write(self, data: bytes) -> None:
        """Replace the file's content atomically and durably."""
        try:
            write_atomically(self.path, [data])
        except OSError as error:
            raise PortUnavailable(
                f"cannot write the journal checkpoint {self.path}: {error.strerror}",
                message_ru=f"Не удалось записать контрольную точку журнала {self.path}.",
                code="journal.checkpoint_unwritable",
                value=str(self.path),
            ) from error

    def read(self) -> bytes | None:
        """The file's content, or ``None`` if there is no file yet."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise PortUnavailable(
                f"cannot read the journal checkpoint {self.path}: {error.strerror}",
                code="journal.checkpoint_unreadable",
                value=str(self.path),
            ) from error
