"""Port: sealing small secrets (TOTP seeds) for storage with authenticated encryption."""

from __future__ import annotations

from typing import Protocol

__all__ = ["SecretSealer"]


class SecretSealer(Protocol):
    """Encrypts and authenticates secrets; ``context`` binds a sealed value to its owner."""

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt ``plaintext``; opening needs the same ``context`` (e.g. the account id)."""
        ...

    def open(self, sealed: bytes, context: bytes) -> bytes:
        """Decrypt ``sealed``.

        Raises:
            AuthenticationFailed: ``sealed.invalid`` if it was altered, sealed under
                another key or for another context.
        """
        ...
