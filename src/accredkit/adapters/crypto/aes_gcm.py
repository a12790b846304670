"""AES-256-GCM secret sealing through ``cryptography`` (the TOTP seed at rest).

Sealed form: a one-byte format tag, a one-byte key id, a 12-byte random nonce, then
the ciphertext with its tag. The context (the account id) is authenticated data, so
a sealed secret copied onto another account does not open.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accredkit.errors import AuthenticationFailed

__all__ = ["AesGcmSealer"]

_FORMAT = 1
_NONCE = 12


def _invalid() -> AuthenticationFailed:
    return AuthenticationFailed(
        "A stored secret could not be opened.",
        message_ru="Не удалось расшифровать сохраненный секрет.",
        code="sealed.invalid",
    )


class AesGcmSealer:
    """``SecretSealer`` with AES-256-GCM and key rotation.

    Args:
        keys: key id (0–255) → 32-byte key; old keys stay to open old values.
        current: the key id new values are sealed with.
        random_bytes: ``n -> n random bytes`` for nonces.
    """

    def __init__(
        self,
        keys: Mapping[int, bytes],
        current: int,
        *,
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        if current not in keys:
            raise ValueError("the current key id has no key")
        for key_id, key in keys.items():
            if not 0 <= key_id <= 255 or len(key) != 32:
                raise ValueError("keys are 32 bytes under ids 0..255")
        self._keys = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self._current = current
        self._random_bytes = random_bytes

    def seal(self, plaintext: bytes, context: bytes) -> bytes:
        """Encrypt ``plaintext`` bound to ``context`` under the current key."""
        nonce = self._random_bytes(_NONCE)
        header = bytes((_FORMAT, self._current))
        body = self._keys[self._current].encrypt(nonce, plaintext, header + context)
        return header + nonce + body

    def open(self, sealed: bytes, context: bytes) -> bytes:
        """Decrypt ``sealed`` for ``context``; raise ``sealed.invalid`` on any mismatch."""
        if len(sealed) < 2 + _NONCE + 16 or sealed[0] != _FORMAT or sealed[1] not in self._keys:
            raise _invalid()
        header, nonce, body = sealed[:2], sealed[2 : 2 + _NONCE], sealed[2 + _NONCE :]
        try:
            return self._keys[sealed[1]].decrypt(nonce, body, header + context)
        except InvalidTag:
            raise _invalid() from None

    def needs_reseal(self, sealed: bytes) -> bool:
        """Whether ``sealed`` was made under an older key."""
        return len(sealed) < 2 or sealed[1] != self._current
