"""The contract suite for ``BlobStore`` adapters: content-addressed bytes, by SHA-256.

Subclass it and provide a ``blobs`` fixture yielding a fresh, empty store::

    class TestMyBlobs(BlobStoreContract[MyBlobs]):
        @pytest.fixture
        def blobs(self, tmp_path): yield MyBlobs(tmp_path / "blobs")
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Generic, TypeVar

import pytest

from accredkit.errors import NotFound, ValidationError
from accredkit.ports.blobs import BlobStore

__all__ = ["BlobStoreContract"]

B = TypeVar("B", bound=BlobStore)


class BlobStoreContract(Generic[B]):
    """What every blob store must do."""

    @pytest.fixture
    def blobs(self) -> Iterator[B]:
        """Yield a fresh, empty blob store; override in your test class."""
        raise NotImplementedError("provide a `blobs` fixture yielding an empty blob store")

    def test_put_returns_sha256_and_get_returns_the_bytes(self, blobs: B) -> None:
        data = b"%PDF-1.7 \x00\xff" * 100
        digest = blobs.put(data)
        assert digest == hashlib.sha256(data).hexdigest()
        assert blobs.get(digest) == data
        assert blobs.exists(digest)

    def test_putting_twice_is_harmless(self, blobs: B) -> None:
        assert blobs.put(b"x") == blobs.put(b"x")
        assert blobs.get(hashlib.sha256(b"x").hexdigest()) == b"x"

    def test_unknown_digest_is_not_found(self, blobs: B) -> None:
        digest = hashlib.sha256(b"never stored").hexdigest()
        assert not blobs.exists(digest)
        with pytest.raises(NotFound):
            blobs.get(digest)

    @pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "0" * 63, "g" * 64, ""])
    def test_malformed_digests_are_refused(self, blobs: B, bad: str) -> None:
        with pytest.raises(ValidationError):
            blobs.get(bad)

    def test_empty_blob_round_trips(self, blobs: B) -> None:
        assert blobs.get(blobs.put(b"")) == b""
