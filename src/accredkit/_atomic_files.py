"""Write a file so a crash leaves the old content or the new, never a torn file.

The file is private (0600, from ``mkstemp``) in a private folder (0700 when made here).

The bytes go to a temporary file in the same directory, are flushed and fsynced, the
temporary file is renamed over the target, and the directory is fsynced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from accredkit._private_files import private_folder

__all__ = ["write_atomically"]


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Replace ``path`` with ``chunks``, durably once this returns.

    Raises:
        OSError: the directory or the file cannot be written (nothing is left behind).
    """
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(chunks)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
