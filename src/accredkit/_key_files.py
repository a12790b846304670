"""The 32-byte keys a deployment configures: base64 text, or a file of the raw key or its text.

A file of exactly 32 bytes is the raw key, whatever its bytes are (a random key may begin
or end with a byte that reads as whitespace); anything else is base64 text, with or
without ``base64:`` and surrounding whitespace (docs/configuration.md).
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from accredkit.errors import ConfigurationError

__all__ = ["KEY_BYTES", "decode_key", "read_key_file"]

KEY_BYTES = 32


def decode_key(text: str, name: str) -> bytes:
    """32 bytes from ``base64:…`` (or bare base64) text; a clear error names ``name``."""
    try:
        key = base64.b64decode(text.strip().removeprefix("base64:"), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ConfigurationError(f"{name} is not base64", code=f"config.{name}") from error
    if len(key) != KEY_BYTES:
        raise ConfigurationError(f"{name} must decode to {KEY_BYTES} bytes", code=f"config.{name}")
    return key


def read_key_file(path: Path, setting: str, name: str) -> bytes:
    """The key in ``path``: its 32 raw bytes, or the base64 text it holds.

    Args:
        path: the file (already resolved against ``base_dir``).
        setting: the configuration key that named it (``blob_key_file``), for messages.
        name: the key's name in error codes (``blob_key`` → ``config.blob_key``).

    Raises:
        ConfigurationError: the file cannot be read, or holds neither form.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigurationError(
            f"{setting} {str(path)!r} cannot be read: {error.strerror}",
            code=f"config.{name}",
            value=str(path),
        ) from error
    if len(data) == KEY_BYTES:
        return data
    return decode_key(data.decode("ascii", "replace"), name)
