"""Personal fields encrypted at rest, and keyed blind indexes to find rows by them.

Every engine stores what the shared staging layer hands it (``_staging``), so this is
the one place where personal data is sealed: each field a collection names in
``personal`` becomes ``ak1:`` + base64(nonce ‖ AES-256-GCM ciphertext ‖ tag), with the
collection, the stored row id and the field name as associated data (a value copied
into another row or field does not open). An indexed field named in ``blind`` is stored
as an HMAC-SHA256 of its value, so equality lookups (login by СНИЛС, a code by its
phone) work while the column says nothing. Both keys are derived with HKDF from one
data key per deployment (see ``keyring``); docs/security.md explains the scheme.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from accredkit.errors import AccredkitError

__all__ = ["SEALED_PREFIX", "FieldProtection", "FieldUnreadable", "derive_key"]

SEALED_PREFIX = "ak1:"
_NONCE = 12


class FieldUnreadable(AccredkitError):
    """A stored personal field does not open: changed on disk, or another deployment's key."""

    default_code = "storage.field_unreadable"
    default_hint_ru = "Данные повреждены или ключ шифрования не тот. Обратитесь к администратору."
    default_hint_en = "The data is damaged or the encryption key is wrong. Ask the administrator."


def derive_key(key: bytes, purpose: str) -> bytes:
    """A 32-byte key for ``purpose`` derived from ``key`` (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode("ascii")
    ).derive(key)


class FieldProtection:
    """Seals and opens personal fields and computes blind index values.

    Args:
        data_key: the deployment's 32-byte data key (never the configured key itself).
        random_bytes: ``n -> n random bytes`` for nonces.
    """

    def __init__(
        self, data_key: bytes, *, random_bytes: Callable[[int], bytes] = secrets.token_bytes
    ) -> None:
        if len(data_key) != 32:
            raise ValueError("a data key is 32 bytes")
        self._aead = AESGCM(derive_key(data_key, "accredkit fields v1"))
        self._index_key = derive_key(data_key, "accredkit blind index v1")
        self._random_bytes = random_bytes

    def __repr__(self) -> str:
        return "FieldProtection(<keys hidden>)"

    def seal(self, context: str, plaintext: str) -> str:
        """``plaintext`` encrypted and bound to ``context``, as text for a JSON document."""
        nonce = self._random_bytes(_NONCE)
        body = self._aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        return SEALED_PREFIX + base64.b64encode(nonce + body).decode("ascii")

    def open(self, context: str, sealed: str) -> str:
        """The plaintext of ``sealed``; ``FieldUnreadable`` if it was altered or moved."""
        try:
            raw = base64.b64decode(sealed.removeprefix(SEALED_PREFIX), validate=True)
            text = self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], context.encode("utf-8"))
        except (InvalidTag, ValueError, binascii.Error):
            raise FieldUnreadable(
                f"a personal field ({context.split(chr(0))[0]}) does not open",
                message_ru="Не удалось расшифровать сохраненные персональные данные.",
            ) from None
        return text.decode("utf-8")

    def blind(self, context: str, value: str) -> str:
        """The keyed hash stored instead of ``value`` in an index column or an id."""
        mac = hmac.new(self._index_key, f"{context}\0{value}".encode(), hashlib.sha256)
        return "h:" + mac.hexdigest()
