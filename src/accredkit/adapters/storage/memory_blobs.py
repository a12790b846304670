"""In-memory blob store (tests, notebooks)."""

from __future__ import annotations

import hashlib
import threading

from accredkit.adapters.storage._digest import check_digest
from accredkit.errors import NotFound

__all__ = ["MemoryBlobStore"]


class MemoryBlobStore:
    """Document bytes in a dict keyed by SHA-256."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, data: bytes) -> str:
        """Store ``data``; return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            self._blobs[digest] = bytes(data)
        return digest

    def delete(self, digest: str) -> bool:
        """Forget ``digest``; whether it was stored (depersonalisation)."""
        with self._lock:
            return self._blobs.pop(digest, None) is not None

    def get(self, digest: str) -> bytes:
        """The bytes stored under ``digest``."""
        check_digest(digest)
        with self._lock:
            data = self._blobs.get(digest)
        if data is None:
            raise NotFound(f"blob {digest} not found", code="blob.not_found", value=digest)
        return data

    def exists(self, digest: str) -> bool:
        """Whether ``digest`` is stored."""
        check_digest(digest)
        with self._lock:
            return digest in self._blobs
