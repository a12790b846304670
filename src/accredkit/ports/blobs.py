"""Blob port: document bytes, addressed by their SHA-256."""

from __future__ import annotations

from typing import Protocol

__all__ = ["BlobStore"]


class BlobStore(Protocol):
    """Content-addressed storage for uploaded documents and exported files."""

    def put(self, data: bytes) -> str:
        """Store ``data``; return its SHA-256 hex digest (storing twice is harmless)."""
        ...

    def get(self, digest: str) -> bytes:
        """The bytes stored under ``digest``; ``NotFound`` if absent, never wrong bytes."""
        ...

    def exists(self, digest: str) -> bool:
        """Whether ``digest`` is stored."""
        ...
