"""Blob store in a directory: content-addressed, atomic, encrypted at rest (AES-256-GCM).

A file's name is the SHA-256 of its plaintext (validated, never user input); its
content is ``nonce ‖ ciphertext ‖ tag`` with the digest as associated data, so a
swapped, truncated or flipped file is refused on read rather than returned.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

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
        path.parent.mkdir(exist_ok=True)
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead.encrypt(nonce, data, digest.encode("ascii"))
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(sealed)
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
