"""Wiring of the accounts use cases: which adapters they run on, built from a cabinet.

Kept apart from ``bootstrap`` so the composition root stays short; ``Cabinet.accounts``
calls ``build_accounts`` on first use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from accredkit.bootstrap._account_policies import (
    configured_login,
    configured_otp,
    configured_passwords,
    configured_recovery,
    configured_second_factor,
    configured_sessions,
)
from accredkit.domain.accounts.retention import RetentionPolicy
from accredkit.errors import AuthenticationFailed, ConfigurationError, PluginError
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.passwords import PasswordHasher
from accredkit.services.accounts.settings import AccountSettings

if TYPE_CHECKING:  # the accounts' use cases load when they are built (docs/benchmarks.md)
    from accredkit.bootstrap._cabinet_parts import CabinetParts
    from accredkit.config import Config
    from accredkit.domain.accounts.esignature import VerifiedSignature
    from accredkit.domain.accounts.passkeys import RelyingParty
    from accredkit.domain.identifiers import Inn, Snils
    from accredkit.domain.person import FullName
    from accredkit.services.accounts.accounts import Accounts

__all__ = [
    "AccountAdapters",
    "NoTrustedCa",
    "build_accounts",
    "check_policies",
    "configured_otp_key",
    "configured_policies",
    "configured_relying_party",
    "configured_sessions",
]


@attrs.frozen
class AccountAdapters:
    """What a host hands ``bootstrap(accounts=...)`` for the accounts; ``None``: configured.

    Attributes:
        hasher: the password hasher (default: Argon2id with OWASP parameters).
        signatures: the e-signature verifier (default: the registered verifiers on the
            configured CAs, or one that trusts nobody).
        settings: the policies (default: docs/security.md, with ``settings.*`` keys read).
    """

    hasher: PasswordHasher | None = None
    signatures: SignatureVerifier | None = None
    settings: AccountSettings | None = None


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


_YEAR = timedelta(days=365)
_MAX_RETENTION_YEARS = 100


def configured_retention(config: Config) -> RetentionPolicy:
    """``settings.retention_years``: how long each collection keeps a person's data.

    A table of collection names (and ``default``) to a number of years, or ``"keep"``
    for a collection the law requires kept; collections it does not name keep the
    built-in periods (``docs/personal-data.md``).

    Raises:
        ConfigurationError: ``config.retention`` — not a table, an unknown collection, or
            a period that is not ``"keep"`` nor a number of years from 0 to 100.
    """
    given = config.settings.get("retention_years")
    base = RetentionPolicy()
    if given is None:
        return base
    if not isinstance(given, Mapping):
        raise _retention_refused("settings.retention_years must be a table", "таблицей")
    from accredkit.services.accounts.subject_data import HOLDINGS  # only when the table is given

    known = {h.collection.name for h in HOLDINGS}
    periods: dict[str, timedelta | None] = dict(base.by_collection)
    default = base.default
    for name, value in given.items():
        if name != "default" and name not in known:
            raise _retention_refused(
                f"settings.retention_years names no collection {name!r} "
                f"(known: default, {', '.join(sorted(known))})",
                f"без неизвестной коллекции «{name}»",
            )
        period = _retention_period(name, value)
        if name == "default":
            default = period
        else:
            periods[name] = period
    return RetentionPolicy(default=default, by_collection=periods)


def _retention_period(name: str, value: object) -> timedelta | None:
    if value == "keep":
        return None
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 <= value <= _MAX_RETENTION_YEARS
    ):
        return value * _YEAR
    raise _retention_refused(
        f'settings.retention_years.{name} must be "keep" or 0–100 years, not {value!r}',
        f"со сроком «keep» или от 0 до 100 лет для «{name}»",
    )


def _retention_refused(message: str, detail_ru: str) -> ConfigurationError:
    return ConfigurationError(
        message,
        message_ru=f"Настройка settings.retention_years должна быть {detail_ru}.",
        code="config.retention",
        hint_ru="Укажите сроки хранения в годах по названиям коллекций или «keep».",
        hint_en='Give retention periods in years by collection name, or "keep".',
    )


def configured_relying_party(config: Config) -> RelyingParty | None:
    """``settings.passkeys``: the relying party of passkeys, or None (passkeys off).

    ``bootstrap()`` calls it so a malformed table fails there (docs/security.md,
    "Passkeys").

    Raises:
        ConfigurationError: ``config.passkeys`` — not a table, or a bad rp_id/origin.
    """
    given = config.settings.get("passkeys")
    if given is None:
        return None
    from accredkit.domain.accounts.passkeys import RelyingParty

    if not isinstance(given, Mapping):
        raise ConfigurationError(
            "settings.passkeys must be a table (rp_id, rp_name, origins)",
            message_ru="Настройка settings.passkeys должна быть таблицей.",
            code="config.passkeys",
        )
    return RelyingParty.parse(given)


# Each policy of ``AccountSettings`` and the reader of its table: one list, so building the
# settings and checking them at ``bootstrap()`` cannot drift apart.
_POLICIES: tuple[tuple[str, Callable[[Config], Any]], ...] = (
    ("password", configured_passwords),
    ("otp", configured_otp),
    ("sessions", configured_sessions),
    ("login", configured_login),
    ("retention", configured_retention),
    ("recovery", configured_recovery),
    ("second_factor", configured_second_factor),
)


def configured_policies(config: Config) -> AccountSettings:
    """The accounts' policies as ``config.settings`` sets them (docs/configuration.md).

    ``[settings.sessions]``, ``[settings.otp]``, ``[settings.passwords]``,
    ``[settings.login]``, ``[settings.recovery]``, ``[settings.second_factor]`` and
    ``settings.retention_years``; ``bootstrap()`` reads the same tables
    (``check_policies``) so a bad value fails there.
    (The passkeys' relying party is read by ``configured_relying_party``.)

    Raises:
        ConfigurationError: ``config.sessions``, ``config.session_touch``,
            ``config.otp``, ``config.passwords``, ``config.login``, ``config.recovery``,
            ``config.second_factor`` or ``config.retention``.
    """
    return AccountSettings(**{name: read(config) for name, read in _POLICIES})


def check_policies(config: Config) -> None:
    """Read every policy table of ``configured_policies``, so a bad value fails now.

    ``bootstrap()`` calls it: the same checks, without building the accounts' settings
    (and importing their modules) before a command uses the accounts.

    Raises:
        ConfigurationError: as ``configured_policies``.
    """
    for _, read in _POLICIES:
        read(config)


def _paths(cabinet: CabinetParts, key: str) -> list[Path]:
    value = cabinet.config.settings.get(key) or []
    listed = [value] if isinstance(value, str) else list(value)
    return [cabinet.config.resolve(str(path)) for path in listed]


def _secret_key(cabinet: CabinetParts) -> bytes:
    durable = "durable" in cabinet.storage.capabilities
    key = configured_otp_key(cabinet.config, durable=durable)
    if key is None:
        return cabinet.random.token_bytes(32)  # nothing outlives the process anyway
    return key


class _CommonPasswords:
    """The common-password list, read the first time a password is judged: a command
    that sets no password does not pay for loading it (``docs/cli.md``)."""

    def __init__(self) -> None:
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            from accredkit.data import common_passwords

            self._words = common_passwords()
        return word in self._words


def _verifiers(cabinet: CabinetParts) -> SignatureVerifier:
    """Every registered verifier on the configured trust (``docs/esignature.md``)."""
    from accredkit.adapters.esignature.dispatch import FirstCapableVerifier
    from accredkit.adapters.esignature.trust import EsignatureTrust

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


def _verifier(cabinet: CabinetParts) -> SignatureVerifier:
    from accredkit.bootstrap._first_use import VerifiersOnFirstUse

    return VerifiersOnFirstUse(lambda: _verifiers(cabinet))


def _adapter(cabinet: CabinetParts, port: str, *, key: bytes | None = None) -> Any:
    """The configured adapter of ``port``, on the cabinet's random source."""
    url = getattr(cabinet.config, port)
    return cabinet.adapters.create(
        port, url, cabinet.config, random_bytes=cabinet.random.token_bytes, key=key
    )


def build_accounts(
    cabinet: CabinetParts,
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
        settings: the policies (default: ``configured_policies``); given, the
            ``settings.*`` policy tables are not read.

    Raises:
        ConfigurationError: ``otp_key`` missing with persistent storage, or malformed;
            a bad policy table (``configured_policies``).
    """
    from accredkit.bootstrap._first_use import PasskeysOnFirstUse
    from accredkit.services.accounts.accounts import AccountDependencies, Accounts

    key = _secret_key(cabinet)
    settings = settings or configured_policies(cabinet.config)
    if settings.relying_party is None:
        settings = attrs.evolve(settings, relying_party=configured_relying_party(cabinet.config))
    sealing_key = hmac.new(key, b"accredkit totp sealing", hashlib.sha256).digest()
    deps = AccountDependencies(
        storage=cabinet.storage,
        clock=cabinet.clock,
        random=cabinet.random,
        sms=cabinet.sms,
        email=cabinet.email,
        registry=cabinet.registry,
        hasher=hasher or _adapter(cabinet, "passwords"),
        totp=_adapter(cabinet, "totp"),
        sealer=_adapter(cabinet, "sealer", key=sealing_key),
        signatures=signatures or _verifier(cabinet),
        secret_key=key,
        blocklist=_CommonPasswords(),
        settings=settings,
        passkeys=PasskeysOnFirstUse() if settings.relying_party else None,
        calendar=cabinet.calendar,
        blobs=cabinet.blobs,
        inspector=cabinet.inspector,
    )
    return Accounts(deps)
