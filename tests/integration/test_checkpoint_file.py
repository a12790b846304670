"""The checkpoint file: atomic replacement, nothing left behind, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accredkit.adapters.checkpoints.file import FileCheckpoint
from accredkit.errors import PortUnavailable


def test_a_checkpoint_file_is_created_then_replaced_whole(tmp_path: Path) -> None:
    sink = FileCheckpoint(tmp_path / "outside" / "journal.checkpoint")
    assert sink.read() is None
    sink.write(b"first head")
    sink.write(b"second")
    assert sink.read() == b"second"
    assert sorted(p.name for p in (tmp_path / "outside").iterdir()) == ["journal.checkpoint"]


def test_a_failed_write_keeps_the_old_head_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = FileCheckpoint(tmp_path / "journal.checkpoint")
    sink.write(b"kept")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(PortUnavailable) as caught:
        sink.write(b"new")
    assert caught.value.code == "journal.checkpoint_unwritable"
    monkeypatch.undo()
    assert sink.read() == b"kept"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.checkpoint"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_an_unwritable_directory_is_port_unavailable(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(PortUnavailable) as caught:
            FileCheckpoint(locked / "journal.checkpoint").write(b"head")
        assert caught.value.code == "journal.checkpoint_unwritable"
    finally:
        locked.chmod(0o700)


def test_a_path_that_is_a_directory_cannot_be_read_or_written(tmp_path: Path) -> None:
    sink = FileCheckpoint(tmp_path)
    with pytest.raises(PortUnavailable):
        sink.read()
    with pytest.raises(PortUnavailable):
        sink.write(b"head")
