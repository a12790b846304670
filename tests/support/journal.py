"""Helpers for tests that prove the audit journal holds no personal data.

A flow test runs the cabinet with canary values (a password, a СНИЛС, a phone, an
e-mail, an OTP, a TOTP secret, a session token) and then asks ``find_canaries``
whether any of them reached the journal or the checkpoint kept outside it — raw, or
in the encodings a careless service might use (hex, base64, a bare SHA-256).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from accredkit.bootstrap.cabinet import Cabinet

__all__ = ["canary_forms", "find_canaries"]


def canary_forms(canary: str) -> dict[str, bytes]:
    """The spellings of ``canary`` to look for, by name."""
    raw = canary.encode("utf-8")
    return {
        "raw": raw,
        "json-escaped": canary.encode("unicode_escape"),
        "hex": raw.hex().encode("ascii"),
        "base64": base64.b64encode(raw).rstrip(b"="),
        "base64url": base64.urlsafe_b64encode(raw).rstrip(b"="),
        "sha256": hashlib.sha256(raw).hexdigest().encode("ascii"),
    }


def find_canaries(cabinet: Cabinet, canaries: Iterable[str]) -> list[str]:
    """Every ``"canary (form) in where"`` found in the journal entries, heads or checkpoint."""
    places: list[tuple[str, bytes]] = []
    with cabinet.storage.unit_of_work() as uow:
        places.extend((f"entry {seq}", data) for seq, data in uow.journal.read())
        places.extend((f"head at size {size}", data) for size, data in uow.journal.heads())
    kept = cabinet.checkpoint.read()
    if kept is not None:
        places.append(("the checkpoint outside the database", kept))
    found: list[str] = []
    for canary in canaries:
        for form, needle in canary_forms(canary).items():
            if len(needle) < 4:
                continue
            found.extend(
                f"{canary!r} ({form}) in {where}" for where, data in places if needle in data
            )
    return found
