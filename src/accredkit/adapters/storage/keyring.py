"""The deployment's data key, stored in its own database wrapped by the configured key.

Envelope encryption: personal fields are sealed under keys derived from one random data
key per deployment (``field_protection``); the database keeps that data key only
wrapped (AES-256-GCM) by the key in the configuration. Rotating the configured key
re-wraps this one record and rewrites no row; a configured key that does not unwrap it
stops ``bootstrap()`` before anything is read or written (docs/security.md).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from accredkit.errors import ConfigurationError, Conflict
from accredkit.ports.storage import Collection, Storage

__all__ = ["KEYRING", "WrappedDataKey", "open_data_key"]

_NONCE = 12
_CONTEXT = b"accredkit data key v1"
_RECORD = "data"


@attrs.frozen
class WrappedDataKey:
    """The data key sealed by the configured key, and which configured key that was."""

    id: str
    version: int
    wrapped: bytes = attrs.field(repr=False)
    wrapped_by: str


KEYRING = Collection("deployment_keys", WrappedDataKey)


def key_fingerprint(key: bytes) -> str:
    """A short public name for a configured key (never enough to guess it)."""
    return hashlib.sha256(b"accredkit key id\0" + key).hexdigest()[:16]


def _wrap(key: bytes, data_key: bytes, nonce: bytes) -> bytes:
    return nonce + AESGCM(key).encrypt(nonce, data_key, _CONTEXT)


def _unwrap(key: bytes, wrapped: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(wrapped[:_NONCE], wrapped[_NONCE:], _CONTEXT)
    except (InvalidTag, ValueError):
        return None


def _wrong_key(previous: Sequence[bytes]) -> ConfigurationError:
    tried = "data_key" + (" and data_key_previous" if previous else "")
    return ConfigurationError(
        f"{tried} do(es) not open this database's data key: the key belongs to another "
        "deployment, or it was rotated and the old one is not given as data_key_previous",
        message_ru="Ключ data_key не подходит к этой базе данных: ключ от другой установки "
        "или он заменен, а прежний не указан в data_key_previous.",
        code="config.data_key_wrong",
        hint_ru="Укажите ключ, с которым создана база, или прежний ключ в data_key_previous.",
        hint_en="Set the key the database was created with, or the old one as data_key_previous.",
    )


def open_data_key(
    storage: Storage,
    key: bytes,
    previous: Sequence[bytes] = (),
    *,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> bytes:
    """The deployment's data key: created on first use, re-wrapped if ``key`` is new.

    Args:
        storage: the deployment's storage (the record lives in ``deployment_keys``).
        key: the configured key (32 bytes).
        previous: keys configured before a rotation; one that opens the record gets it
            re-wrapped under ``key``.

    Raises:
        ConfigurationError: ``config.data_key_wrong`` when no given key opens it.
    """
    for _ in range(3):  # two processes starting at once: the loser reads the winner's key
        with storage.unit_of_work() as uow:
            repo = uow.repository(KEYRING)
            record = repo.find(_RECORD)
            if record is None:
                data_key = random_bytes(32)
                wrapped = _wrap(key, data_key, random_bytes(_NONCE))
                repo.add(WrappedDataKey(_RECORD, 0, wrapped, key_fingerprint(key)))
            else:
                opened = _unwrap(key, record.wrapped)
                if opened is not None:
                    return opened
                for old in previous:
                    opened = _unwrap(old, record.wrapped)
                    if opened is not None:
                        break
                else:
                    raise _wrong_key(previous)
                data_key = opened
                wrapped = _wrap(key, data_key, random_bytes(_NONCE))
                repo.update(attrs.evolve(record, wrapped=wrapped, wrapped_by=key_fingerprint(key)))
            try:
                uow.commit()
            except Conflict:
                continue
            return data_key
    raise Conflict("the data key changed three times while opening it", code="storage.stale")
