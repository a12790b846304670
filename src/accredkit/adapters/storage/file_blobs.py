"""Blob store in a directory: content-addressed, atomic, encrypted at rest (AES-256-GCM).

A blob is addressed by the SHA-256 of its plaintext (validated, never user input), but
its file is named by an HMAC of that digest under a key derived from the blob key: who
holds the folder alone cannot tell whether a known file (a template diploma, a leaked
scan) is stored. The content is ``nonce ‖ ciphertext ‖ tag`` with the digest as
associated data, so a swapped, truncated or flipped file is refused on read rather than
returned. A folder written before keyed names is renamed in place on first open.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accredkit._atomic_files import write_atomically
from accredkit._private_files import private_folder
from accredkit.adapters.storage._digest import check_digest
from accredkit.adapters.storage.field_protection import derive_key
from accredkit.errors import AccredkitError, ConfigurationError, NotFound

__all__ = ["BlobCorrupted", "FileBlobStore"]

_NONCE = 12
_NAMES_MARK = ".keyed-names"


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
        self.root = private_folder(Path(root))
        self._aead = AESGCM(key)
        self._name_key = derive_key(key, "accredkit blob names v1")
        mark = self.root / _NAMES_MARK
        if not mark.exists():
            self._rename_plain_names()
        elif mark.read_bytes().strip() != self._key_check():
            raise ConfigurationError(
                f"blob_key does not match the blob folder {self.root}: its files are named "
                "and sealed under another key",
                message_ru="Ключ blob_key не подходит к каталогу файлов.",
                code="config.blob_key_wrong",
                value=str(self.root),
            )

    def _key_check(self) -> bytes:
        check = hmac.new(self._name_key, b"accredkit blob folder", hashlib.sha256)
        return check.hexdigest().encode("ascii")

    def __repr__(self) -> str:
        return f"FileBlobStore({str(self.root)!r})"

    def file_name(self, digest: str) -> str:
        """The name of the file holding ``digest``: a keyed hash, not the digest."""
        check_digest(digest)
        return hmac.new(self._name_key, digest.encode("ascii"), hashlib.sha256).hexdigest()

    def path_of(self, digest: str) -> Path:
        """Where the file of ``digest`` lies (whether or not it is stored)."""
        name = self.file_name(digest)
        return self.root / name[:2] / name

    def _rename_plain_names(self) -> None:
        """Move files named by their plain digest to their keyed names (idempotent).

        A file opens with its own name as associated data only if that name is its
        digest, so a rename interrupted halfway is finished by the next open.
        """
        for path in sorted(self.root.glob("??/*")):
            if path.name.startswith(".") or len(path.name) != 64:
                continue
            sealed = path.read_bytes()
            try:
                self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], path.name.encode("ascii"))
            except (InvalidTag, ValueError):
                continue  # already keyed (or damaged: ``get`` will say so)
            target = self.path_of(path.name)
            private_folder(target.parent)
            os.replace(path, target)
        write_atomically(self.root / _NAMES_MARK, [self._key_check() + b"\n"])

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data`` atomically (temp file, fsync, rename)."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.path_of(digest)
        if path.exists():
            return digest
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead.encrypt(nonce, data, digest.encode("ascii"))
        write_atomically(path, [sealed])
        return digest

    def get(self, digest: str) -> bytes:
        """Decrypt and return the blob; ``BlobCorrupted`` if anything was altered."""
        path = self.path_of(digest)
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

    def delete(self, digest: str) -> bool:
        """Remove the file of ``digest``; whether there was one (depersonalisation)."""
        try:
            self.path_of(digest).unlink()
        except FileNotFoundError:
            return False
        return True

    def exists(self, digest: str) -> bool:
        """Whether ``digest`` is stored."""
        return self.path_of(digest).exists()
