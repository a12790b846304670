"""Argon2id password hashing through ``cryptography`` (docs/security.md).

Parameters follow the OWASP Password Storage Cheat Sheet's first Argon2id option:
19 MiB of memory, 2 passes, 1 lane; 16-byte salt, 32-byte hash. Results are PHC
strings, ``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`` with unpadded standard
base64, the same form ``argon2-cffi`` and ``cryptography``'s own
``derive_phc_encoded`` produce, so hashes move between tools.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable

import attrs
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

__all__ = ["OWASP_ARGON2ID", "Argon2Parameters", "Argon2idHasher"]

_PHC = re.compile(
    r"\$argon2id\$v=(?P<v>\d+)\$m=(?P<m>\d+),t=(?P<t>\d+),p=(?P<p>\d+)"
    r"\$(?P<salt>[A-Za-z0-9+/]+)\$(?P<hash>[A-Za-z0-9+/]+)\Z"
)
_VERSION = 19
_MAX_MEMORY_KIB = 4 * 1024 * 1024  # refuse absurd stored parameters rather than exhaust memory


@attrs.frozen
class Argon2Parameters:
    """Argon2id cost and sizes; ``memory_kib`` is in KiB (19456 KiB = 19 MiB)."""

    memory_kib: int = attrs.field(validator=attrs.validators.ge(8))
    iterations: int = attrs.field(validator=attrs.validators.ge(1))
    lanes: int = attrs.field(validator=attrs.validators.ge(1))
    salt_size: int = attrs.field(default=16, validator=attrs.validators.ge(8))
    hash_size: int = attrs.field(default=32, validator=attrs.validators.ge(16))


OWASP_ARGON2ID = Argon2Parameters(memory_kib=19_456, iterations=2, lanes=1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


@attrs.frozen
class _Decoded:
    params: Argon2Parameters
    version: int
    salt: bytes
    digest: bytes


def _decode(encoded: str) -> _Decoded | None:
    match = _PHC.match(encoded)
    if match is None:
        return None
    try:
        salt, digest = _unb64(match["salt"]), _unb64(match["hash"])
        params = Argon2Parameters(
            memory_kib=int(match["m"]),
            iterations=int(match["t"]),
            lanes=int(match["p"]),
            salt_size=len(salt),
            hash_size=len(digest),
        )
    except (binascii.Error, ValueError):
        return None
    if params.memory_kib > _MAX_MEMORY_KIB or params.memory_kib < 8 * params.lanes:
        return None
    return _Decoded(params, int(match["v"]), salt, digest)


def _derive(params: Argon2Parameters, salt: bytes, password: str) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=params.hash_size,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass"))


class Argon2idHasher:
    """``PasswordHasher`` on Argon2id; thread-safe (it keeps no mutable state).

    Args:
        params: the cost for new hashes; stored hashes with other parameters still
            verify and report ``needs_rehash``.
        salt_source: ``n -> n random bytes`` (``secrets.token_bytes`` by default).
    """

    def __init__(
        self,
        params: Argon2Parameters = OWASP_ARGON2ID,
        *,
        salt_source: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.params = params
        self._salt_source = salt_source
        # A throw-away hash of the current shape: random salt and digest, no derivation
        # (a derivation costs every process start; verifying against it costs one).
        p = params
        self._dummy = (
            f"$argon2id$v={_VERSION}$m={p.memory_kib},t={p.iterations},p={p.lanes}"
            f"${_b64(secrets.token_bytes(p.salt_size))}${_b64(secrets.token_bytes(p.hash_size))}"
        )

    def hash(self, password: str) -> str:
        """A PHC string for ``password`` with a fresh salt.

        Args:
            password: any length; NFC-normalised and encoded as UTF-8, never truncated.

        Returns:
            ``$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>``.
        """
        p = self.params
        salt = self._salt_source(p.salt_size)
        if len(salt) != p.salt_size:
            raise ValueError("the salt source returned the wrong number of bytes")
        digest = _derive(p, salt, password)
        return (
            f"$argon2id$v={_VERSION}$m={p.memory_kib},t={p.iterations},p={p.lanes}"
            f"${_b64(salt)}${_b64(digest)}"
        )

    def verify(self, encoded: str, password: str) -> bool:
        """Whether ``password`` matches ``encoded`` (constant-time comparison).

        Returns:
            False for a mismatch and for a malformed or foreign ``encoded`` string.
        """
        decoded = _decode(encoded)
        if decoded is None or decoded.version != _VERSION:
            return False
        candidate = _derive(decoded.params, decoded.salt, password)
        return hmac.compare_digest(candidate, decoded.digest)

    def needs_rehash(self, encoded: str) -> bool:
        """Whether ``encoded`` differs from the current parameters (or does not parse)."""
        decoded = _decode(encoded)
        return decoded is None or decoded.version != _VERSION or decoded.params != self.params

    def dummy_verify(self, password: str) -> None:
        """Verify ``password`` against a throw-away hash made with the current parameters.

        Run for unknown accounts so a login answers in the time a real check takes.
        """
        self.verify(self._dummy, password)
