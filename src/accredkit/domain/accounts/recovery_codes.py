"""Recovery codes (резервные коды): ten single-use codes for when the phone is lost.

Each code is 12 characters of Crockford's base32 (60 random bits), shown as
``xxxx-xxxx-xxxx``. Only keyed hashes (HMAC-SHA256 under a server key) are stored;
60 random bits behind a secret key make a slow password hash unnecessary, and a
fast hash keeps a login that uses one as quick as any other.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

__all__ = [
    "RECOVERY_ALPHABET",
    "generate_recovery_codes",
    "hash_recovery_code",
    "normalise_recovery_code",
    "redeem_recovery_code",
]

RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
"""Crockford's base32: no i, l, o or u, so codes read aloud and copy by hand safely."""

_LENGTH = 12
_LOOK_ALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def generate_recovery_codes(randbelow: Callable[[int], int], count: int = 10) -> tuple[str, ...]:
    """``count`` distinct new codes in display form.

    Args:
        randbelow: a CSPRNG's ``randbelow`` (``secrets.randbelow`` in production).
        count: how many codes (10 by default).

    Returns:
        Codes like ``7k2m-q9xd-04ht``, to be shown once and then stored hashed.
    """
    codes: list[str] = []
    while len(codes) < count:
        raw = "".join(RECOVERY_ALPHABET[randbelow(32)] for _ in range(_LENGTH))
        shown = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if shown not in codes:
            codes.append(shown)
    return tuple(codes)


def normalise_recovery_code(text: str) -> str | None:
    """The 12 canonical characters of a typed code, or None if it cannot be one.

    Case, spaces and dashes are ignored; o, i and l are read as 0, 1 and 1.
    """
    if not text.isascii():
        return None
    cleaned = text.lower().replace("-", "").replace(" ", "").translate(_LOOK_ALIKES)
    if len(cleaned) != _LENGTH or any(char not in RECOVERY_ALPHABET for char in cleaned):
        return None
    return cleaned


def hash_recovery_code(key: bytes, code: str) -> str:
    """The stored form of ``code``: HMAC-SHA256 (hex) of its canonical characters.

    Raises:
        ValueError: ``code`` is not a recovery code.
    """
    canonical = normalise_recovery_code(code)
    if canonical is None:
        raise ValueError("not a recovery code")
    return hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()


def redeem_recovery_code(
    hashes: tuple[str, ...], submitted: str, key: bytes
) -> tuple[str, ...] | None:
    """The hashes left once ``submitted`` is used up, or None if it matches none.

    Every stored hash is compared (constant time each), whichever matches.
    """
    canonical = normalise_recovery_code(submitted)
    probe = hash_recovery_code(key, canonical) if canonical else "-" * 64
    matched: int | None = None
    for index, stored in enumerate(hashes):
        if hmac.compare_digest(probe.encode("ascii"), stored.encode("ascii")) and matched is None:
            matched = index
    if matched is None or canonical is None:
        return None
    return hashes[:matched] + hashes[matched + 1 :]
