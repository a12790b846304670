"""SHA-256 digests as blob names: validated before they go near a file system."""

from __future__ import annotations

import re

from accredkit.errors import ValidationError, Violation

_DIGEST = re.compile(r"[0-9a-f]{64}\Z")


def check_digest(digest: str) -> str:
    """Return ``digest`` if it is 64 lower-case hex digits, else raise ``ValidationError``."""
    if not isinstance(digest, str) or not _DIGEST.match(digest):
        raise ValidationError.of(
            [
                Violation(
                    "blob.bad_digest",
                    "digest",
                    "Ссылка на файл повреждена.",
                    "The file reference is not a SHA-256 digest.",
                )
            ],
            value=digest,
        )
    return digest
