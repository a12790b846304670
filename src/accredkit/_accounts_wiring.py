"""Wiring of the accounts use cases: which adapters they run on, built from a cabinet.

Kept apart from ``bootstrap`` so the composition root stays short; ``Cabinet.accounts``
calls ``build_accounts`` on first use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from accredkit.adapters.aes_gcm import AesGcmSealer
from accredkit.adapters.esignature_dispatch import FirstCapableVerifier
from accredkit.adapters.esignature_trust import EsignatureTrust
from accredkit.adapters.password_hasher import Argon2idHasher
from accredkit.adapters.totp import TotpAuthenticator
from accredkit.data import common_passwords
from accredkit.domain.esignature import VerifiedSignature
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.errors import AuthenticationFailed, ConfigurationError, PluginError
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.passwords import PasswordHasher
from accredkit.services.accounts import AccountDependencies, Accounts, AccountSettings

if TYPE_CHECKING:
    from accredkit.bootstrap import Cabinet
    from accredkit.config import Config

__all__ = ["NoTrustedCa", "build_accounts", "configured_otp_key"]


class NoTrustedCa:
    """The e-signature verifier when no trusted CA is configured: it trusts nobody."""

    def verify(
        self,
        challenge: bytes,
        signature: bytes,
        certificate_pem: bytes,
        expected_snils: Snils,
        at: datetime,
        *,
        expected_name: FullName | None = None,
        expected_inn: Inn | None = None,
    ) -> VerifiedSignature:
        """Always refuse with ``esignature.untrusted``."""
        raise AuthenticationFailed(
            "No trusted certification authority is configured.",
            message_ru="Не настроен ни один доверенный удостоверяющий центр.",
            code="esignature.untrusted",
            hint_ru="Администратору: укажите settings.esignature_trusted_ca в настройках.",
            hint_en="Administrator: set settings.esignature_trusted_ca in the configuration.",
        )


def configured_otp_key(config: Config, *, durable: bool) -> bytes | None:
    """The 32-byte ``otp_key`` of ``config``; ``None`` only for a non-durable storage.

    ``bootstrap()`` calls it so a missing or malformed key fails there, not at the
    first account operation.

    Raises:
        ConfigurationError: ``config.otp_key`` — malformed, or missing with durable storage.
    """
    if config.otp_key:
        try:
            key = base64.b64decode(config.otp_key.removeprefix("base64:"), validate=True)
        except (binascii.Error, ValueError) as error:
            raise ConfigurationError("otp_key is not base64", code="config.otp_key") from error
        if len(key) != 32:
            raise ConfigurationError("otp_key must decode to 32 bytes", code="config.otp_key")
        return key
    if not durable:
        return None
    raise ConfigurationError(
        "accounts need otp_key (base64 of 32 bytes) with persistent storage",
        message_ru="Для учетных записей нужен ключ otp_key (base64 от 32 байт).",
        code="config.otp_key",
        hint_ru="Укажите otp_key: base64 от 32 случайных байт (храните его в секрете).",
        hint_en="Set otp_key: base64 of 32 random bytes (keep it secret).",
    )


def _paths(cabinet: Cabinet, key: str) -> list[Path]:
    value = cabinet.config.settings.get(key) or []
    listed = [value] if isinstance(value, str) else list(value)
    return [cabinet.config.resolve(str(path)) for path in listed]


def _secret_key(cabinet: Cabinet) -> bytes:
    durable = "durable" in cabinet.storage.capabilities
    key = configured_otp_key(cabinet.config, durable=durable)
    if key is None:
        return cabinet.random.token_bytes(32)  # nothing outlives the process anyway
    return key


def _verifier(cabinet: Cabinet) -> SignatureVerifier:
    """Every registered verifier on the configured trust (``docs/esignature.md``)."""
    roots = _paths(cabinet, "esignature_trusted_ca")
    if not roots:
        return NoTrustedCa()
    trust = EsignatureTrust.from_files(
        roots,
        _paths(cabinet, "esignature_intermediate_ca"),
        _paths(cabinet, "esignature_crl"),
    )
    verifiers = []
    for info in cabinet.adapters.esignature_verifiers:
        verifier = info.factory(trust)
        if not callable(getattr(verifier, "verify", None)):
            raise PluginError(
                f"plugin {info.plugin!r}: e-signature verifier {info.name!r} lacks verify",
                value=info.plugin,
            )
        verifiers.append(cast("SignatureVerifier", verifier))
    return FirstCapableVerifier(verifiers)


def build_accounts(
    cabinet: Cabinet,
    *,
    signatures: SignatureVerifier | None = None,
    hasher: PasswordHasher | None = None,
    settings: AccountSettings | None = None,
) -> Accounts:
    """The accounts use cases on ``cabinet``'s storage, clock, randomness and senders.

    Args:
        cabinet: the wired cabinet.
        signatures: an e-signature verifier (default: every registered verifier, on
            the CAs in ``settings.esignature_trusted_ca`` and the CRL files in
            ``settings.esignature_crl``, or one that trusts nobody).
        hasher: a password hasher (default: Argon2id with OWASP parameters).
        settings: the policies (default: DESIGN §2.5).

    Raises:
        ConfigurationError: ``otp_key`` missing with persistent storage, or malformed.
    """
    key = _secret_key(cabinet)
    sealing_key = hmac.new(key, b"accredkit totp sealing", hashlib.sha256).digest()
    deps = AccountDependencies(
        storage=cabinet.storage,
        clock=cabinet.clock,
        random=cabinet.random,
        sms=cabinet.sms,
        email=cabinet.email,
        registry=cabinet.registry,
        hasher=hasher or Argon2idHasher(salt_source=cabinet.random.token_bytes),
        totp=TotpAuthenticator(random_bytes=cabinet.random.token_bytes),
        sealer=AesGcmSealer({1: sealing_key}, 1, random_bytes=cabinet.random.token_bytes),
        signatures=signatures or _verifier(cabinet),
        secret_key=key,
        blocklist=common_passwords(),
        settings=settings or AccountSettings(),
        calendar=cabinet.calendar,
        blobs=cabinet.blobs,
    )
    return Accounts(deps)
