"""Blob store in a directory: content-addressed, atomic, encrypted at rest (AES-256-GCM).

A file's name is the SHA-256 of its plaintext (validated, never user input); its
content is ``nonce ‖ ciphertext ‖ tag`` with the digest as associated data, so a
swapped, truncated or flipped file is refused on read rather than returned.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accredkit._atomic_files import write_atomically
from accredkit.adapters._digest import check_digest
from accredkit.errors import AccredkitError, ConfigurationError, NotFound

__all__ = ["BlobCorrupted", "FileBlobStore"]

_NONCE = 12


class BlobCorrupted(AccredkitError):
    """A stored blob fails authentication: changed on disk, or the key is wrong."""

    default_code = "blob.corrupted"
    default_hint_ru = (
        "Файл повреждён на сервере. Загрузите документ заново или обратитесь в поддержку."
    )
    default_hint_en = "The stored file is damaged. Upload the document again or contact support."


class FileBlobStore:
    """Encrypted, content-addressed files under ``root``."""

    def __init__(self, root: str | Path, key: bytes) -> None:
        if len(key) != 32:
            raise ConfigurationError(
                "blob key must be 32 bytes (AES-256)", code="config.blob_key", value=len(key)
            )
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._aead = AESGCM(key)

    def _path(self, digest: str) -> Path:
        check_digest(digest)
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data`` atomically (temp file, fsync, rename)."""
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        if path.exists():
            return digest
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead.encrypt(nonce, data, digest.encode("ascii"))
        write_atomically(path, [sealed])
        return digest

    def get(self, digest: str) -> bytes:
        """Decrypt and return the blob; ``BlobCorrupted`` if anything was altered."""
        path = self._path(digest)
        try:
            sealed = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(
                f"blob {digest} not found", code="blob.not_found", value=digest
            ) from None
        try:
            data = self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], digest.encode("ascii"))
        except (InvalidTag, ValueError):
            raise BlobCorrupted(f"blob {digest} failed authentication", value=digest) from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise BlobCorrupted(f"blob {digest} does not match its name", value=digest)
        return data

    def exists(self, digest: str) -> bool:
        """Whether ``digest`` is stored."""
        return self._path(digest).exists()
