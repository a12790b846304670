"""Wiring of field encryption: the configured key opens the data key, storage is protected.

Kept apart from ``bootstrap`` so the rule reads in one place: a durable storage needs
``data_key`` (or ``data_key_file``); an in-memory one gets a fresh key, since nothing
outlives the process (docs/security.md).
"""

from __future__ import annotations

import base64
import binascii
import secrets

from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.adapters.storage.keyring import open_data_key
from accredkit.config import Config
from accredkit.errors import ConfigurationError
from accredkit.ports.storage import Storage

__all__ = ["decode_key", "protect_storage"]


def decode_key(text: str, name: str) -> bytes:
    """32 bytes from ``base64:…`` (or bare base64) text; a clear error names ``name``."""
    try:
        key = base64.b64decode(text.strip().removeprefix("base64:"), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ConfigurationError(f"{name} is not base64", code=f"config.{name}") from error
    if len(key) != 32:
        raise ConfigurationError(f"{name} must decode to 32 bytes", code=f"config.{name}")
    return key


def _configured_key(config: Config) -> bytes | None:
    if config.data_key_file:
        try:
            raw = config.resolve(config.data_key_file).read_bytes().strip()
        except OSError as error:
            raise ConfigurationError(
                f"data_key_file {config.data_key_file!r} cannot be read: {error.strerror}",
                code="config.data_key",
                value=config.data_key_file,
            ) from error
        return raw if len(raw) == 32 else decode_key(raw.decode("ascii", "replace"), "data_key")
    return decode_key(config.data_key, "data_key") if config.data_key else None


def protect_storage(storage: Storage, config: Config) -> None:
    """Open (or create) the deployment's data key and have ``storage`` seal with it.

    A storage without ``protect`` (a plugin's) is left as it is: it keeps its data its
    own way.

    Raises:
        ConfigurationError: ``config.data_key`` (missing or malformed) or
            ``config.data_key_wrong`` (the key does not open this database).
    """
    protect = getattr(storage, "protect", None)
    if protect is None:
        return
    key = _configured_key(config)
    if key is None:
        if "durable" in storage.capabilities:
            raise ConfigurationError(
                "personal data is encrypted at rest: set data_key (base64 of 32 bytes) "
                "or data_key_file for a durable storage",
                message_ru="Персональные данные шифруются: задайте ключ data_key "
                "(base64 от 32 байт) или data_key_file.",
                code="config.data_key",
            )
        key = secrets.token_bytes(32)  # nothing outlives the process anyway
    previous = [
        decode_key(text, "data_key_previous")
        for text in (config.data_key_previous or "").split(",")
        if text.strip()
    ]
    protect(FieldProtection(open_data_key(storage, key, previous)))
