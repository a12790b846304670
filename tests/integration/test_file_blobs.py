"""Encrypted file blobs: the contract, plus what only a real disk can show."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from accredkit.adapters.storage.file_blobs import BlobCorrupted, FileBlobStore
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.errors import ConfigurationError
from accredkit.testing.contracts import BlobStoreContract

KEY = bytes(range(32))


class TestFileBlobs(BlobStoreContract[FileBlobStore]):
    @pytest.fixture
    def blobs(self, tmp_path: Path) -> Iterator[FileBlobStore]:
        yield FileBlobStore(tmp_path / "blobs", KEY)


class TestMemoryBlobs(BlobStoreContract[MemoryBlobStore]):
    @pytest.fixture
    def blobs(self) -> Iterator[MemoryBlobStore]:
        yield MemoryBlobStore()


def _file_of(store: FileBlobStore, digest: str) -> Path:
    return store.path_of(digest)


def test_bytes_on_disk_do_not_contain_the_plaintext(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    secret = "СНИЛС 112-233-445 95, диплом № 1234567".encode() * 20
    digest = store.put(secret)
    on_disk = _file_of(store, digest).read_bytes()
    assert secret not in on_disk
    assert secret[:16] not in on_disk
    assert len(on_disk) == len(secret) + 12 + 16  # nonce and tag, nothing else


@pytest.mark.parametrize("position", [0, 5, 12, 40, -1])
def test_a_flipped_byte_on_disk_is_detected_never_returned(tmp_path: Path, position: int) -> None:
    store = FileBlobStore(tmp_path, KEY)
    digest = store.put(b"%PDF-1.7 document body" * 10)
    path = _file_of(store, digest)
    data = bytearray(path.read_bytes())
    data[position] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(BlobCorrupted):
        store.get(digest)


def test_a_file_swapped_under_another_name_is_detected(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    a, b = store.put(b"document A"), store.put(b"document B")
    _file_of(store, a).write_bytes(_file_of(store, b).read_bytes())
    with pytest.raises(BlobCorrupted):
        store.get(a)


def test_a_wrong_key_is_refused_when_the_folder_is_opened(tmp_path: Path) -> None:
    FileBlobStore(tmp_path, KEY).put(b"document")
    with pytest.raises(ConfigurationError) as caught:
        FileBlobStore(tmp_path, bytes(32))
    assert caught.value.code == "config.blob_key_wrong"


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    for i in range(5):
        store.put(f"doc {i}".encode())
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
    names = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert sorted(names) == [".keyed-names", *sorted(n for n in names if len(n) == 64)]


def test_file_permissions_do_not_depend_on_content(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    digest = store.put(b"x")
    assert os.path.getsize(_file_of(store, digest)) == 1 + 28


def test_file_names_are_keyed_so_a_known_file_cannot_be_confirmed(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    digest = store.put(b"a template diploma")
    names = {p.name for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert names == {store.file_name(digest)}
    assert digest not in names
    other = FileBlobStore(tmp_path / "other", bytes(32))
    assert other.file_name(digest) != store.file_name(digest)  # the name depends on the key


def test_a_store_named_by_plain_digests_is_renamed_on_open(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path, KEY)
    blobs = {store.put(f"scan {n}".encode()): f"scan {n}".encode() for n in range(3)}
    for digest in blobs:  # lay the files out as a store before keyed names did
        old = tmp_path / digest[:2] / digest
        old.parent.mkdir(exist_ok=True)
        os.replace(store.path_of(digest), old)
    (tmp_path / ".keyed-names").unlink()
    reopened = FileBlobStore(tmp_path, KEY)
    assert {d: reopened.get(d) for d in blobs} == blobs
    assert not any((tmp_path / d[:2] / d).exists() for d in blobs)
    (tmp_path / ".keyed-names").unlink()  # an interrupted rename finishes on the next open
    again = FileBlobStore(tmp_path, KEY)
    assert {d: again.get(d) for d in blobs} == blobs


def test_folders_and_files_are_private(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path / "new" / "blobs", KEY)
    path = store.path_of(store.put(b"passport scan"))
    assert path.stat().st_mode & 0o777 == 0o600
    for folder in (path.parent, store.root, tmp_path / "new"):
        assert folder.stat().st_mode & 0o777 == 0o700
