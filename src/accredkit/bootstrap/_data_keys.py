"""Wiring of field encryption: the configured key opens the data key, storage is protected.

Kept apart from ``bootstrap`` so the rule reads in one place: a durable storage needs
``data_key`` (or ``data_key_file``); an in-memory one gets a fresh key, since nothing
outlives the process (docs/security.md).
"""

from __future__ import annotations

import secrets

from accredkit._key_files import decode_key, read_key_file
from accredkit.adapters.storage.field_protection import FieldProtection
from accredkit.adapters.storage.keyring import open_data_key
from accredkit.config import Config
from accredkit.errors import ConfigurationError
from accredkit.ports.storage import Storage

__all__ = ["protect_storage"]


def _configured_key(config: Config) -> bytes | None:
    if config.data_key_file:
        return read_key_file(config.resolve(config.data_key_file), "data_key_file", "data_key")
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
