"""Passkeys (WebAuthn) as a second factor: the relying party, stored keys, their challenges.

A passkey («биометрия»: the phone's fingerprint or face unlock, a security key) is a
key pair made by the user's authenticator for this cabinet only; the cabinet keeps
the public key and the signature counter (docs/security.md, "Passkeys"). Each
ceremony answers one challenge the cabinet made and keeps: single use, expiring,
bound to its account (and, at login, to the pending login). A counter that does not
move forward means a cloned authenticator, and is refused.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import datetime

import attrs

from accredkit.domain.masks import mask_text
from accredkit.domain.utc import require_utc
from accredkit.errors import AuthenticationFailed, ConfigurationError

__all__ = [
    "LABEL_LENGTH",
    "MAX_PASSKEYS",
    "NewPasskey",
    "Passkey",
    "PasskeyChallenge",
    "PasskeyPurpose",
    "RelyingParty",
    "sign_count_advances",
]

LABEL_LENGTH = 64
"""The longest name a user may give a passkey («Телефон», «Ключ на связке»)."""
MAX_PASSKEYS = 10
"""Passkeys one account may hold: enough for every device, few enough to review."""

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
_ORIGIN = re.compile(r"^(https?)://([a-z0-9.-]+)(?::([0-9]{1,5}))?$")


def _config_refused(message: str, detail_ru: str) -> ConfigurationError:
    return ConfigurationError(
        message,
        message_ru=f"Настройка settings.passkeys: {detail_ru}.",
        code="config.passkeys",
        hint_ru="Укажите rp_id (имя сайта без схемы и порта) и origins (адреса страниц "
        "кабинета, https://…, на этом имени или его поддоменах).",
        hint_en="Set rp_id (the site's host name, no scheme or port) and origins (the "
        "cabinet pages' addresses, https://…, on that name or its subdomains).",
    )


@attrs.frozen
class RelyingParty:
    """Who passkeys are made for: the site's name (``id``) and the pages allowed to ask.

    Build it with ``RelyingParty.parse`` from ``settings.passkeys``; the browser binds
    each passkey to ``id``, and the cabinet accepts ceremonies only from ``origins``.
    """

    id: str
    name: str
    origins: tuple[str, ...]

    @classmethod
    def parse(cls, given: Mapping[str, object]) -> RelyingParty:
        """``settings.passkeys`` as a relying party, checked.

        ``rp_id`` is a lower-case host name; every origin is ``https://`` on that host
        or a subdomain (``http://`` only for ``localhost``); ``rp_name`` is shown by the
        authenticator (default «Кабинет аккредитации»).

        Raises:
            ConfigurationError: ``config.passkeys`` naming what is wrong.
        """
        known = {"rp_id", "rp_name", "origins"}
        unknown = sorted(set(given) - known)
        if unknown:
            raise _config_refused(
                f"settings.passkeys has unknown keys {unknown} (known: {sorted(known)})",
                f"неизвестные ключи {', '.join(unknown)}",
            )
        rp_id = given.get("rp_id")
        if not isinstance(rp_id, str) or not _HOST.match(rp_id) or rp_id.replace(".", "").isdigit():
            raise _config_refused(
                f"settings.passkeys.rp_id must be a lower-case host name, not {rp_id!r}",
                "rp_id должен быть именем сайта строчными буквами, без схемы и порта",
            )
        name = given.get("rp_name", "Кабинет аккредитации")
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            raise _config_refused(
                "settings.passkeys.rp_name must be a name of 1–100 characters",
                "rp_name должен быть названием от 1 до 100 символов",
            )
        origins = given.get("origins", [f"https://{rp_id}"])
        if isinstance(origins, str):
            origins = [origins]
        if not isinstance(origins, Iterable) or isinstance(origins, Mapping):
            raise _config_refused(
                "settings.passkeys.origins must be a list of origins",
                "origins должен быть списком адресов",
            )
        listed = tuple(origins)
        if not listed:
            raise _config_refused(
                "settings.passkeys.origins is empty", "origins не может быть пустым"
            )
        for origin in listed:
            cls._check_origin(origin, rp_id)
        return cls(rp_id, name.strip(), listed)

    @staticmethod
    def _check_origin(origin: object, rp_id: str) -> None:
        match = _ORIGIN.match(origin) if isinstance(origin, str) else None
        if match is None:
            raise _config_refused(
                f"settings.passkeys.origins: {origin!r} is not scheme://host[:port]",
                f"адрес {origin!r} не вида схема://имя[:порт]",
            )
        scheme, host, port = match.groups()
        if host != rp_id and not host.endswith("." + rp_id):
            raise _config_refused(
                f"settings.passkeys.origins: {origin!r} is not on {rp_id!r}",
                f"адрес {origin} не на имени {rp_id}",
            )
        if scheme == "http" and host != "localhost":
            raise _config_refused(
                f"settings.passkeys.origins: {origin!r} must be https (http only for localhost)",
                f"адрес {origin} должен быть https (http только для localhost)",
            )
        if port is not None and not 0 < int(port) < 65536:
            raise _config_refused(
                f"settings.passkeys.origins: {origin!r} has no valid port",
                f"у адреса {origin} неверный порт",
            )


class PasskeyPurpose(enum.Enum):
    """Which ceremony a challenge belongs to."""

    ENROL = "enrol"  # navigator.credentials.create
    LOGIN = "login"  # navigator.credentials.get


@attrs.frozen
class PasskeyChallenge:
    """The random challenge of one ceremony, kept by the cabinet until it is answered."""

    id: str
    version: int
    account_id: str
    purpose: PasskeyPurpose
    challenge: bytes = attrs.field(repr=False)
    created_at: datetime
    expires_at: datetime
    pending_id: str | None = None
    label: str = attrs.field(default="", repr=mask_text)
    used: bool = False

    def answerable(
        self, account_id: str, purpose: PasskeyPurpose, now: datetime, pending_id: str | None = None
    ) -> bool:
        """Whether this challenge may be answered now, for this account and ceremony."""
        require_utc(now, "now")
        return (
            not self.used
            and self.account_id == account_id
            and self.purpose is purpose
            and self.pending_id == pending_id
            and now < self.expires_at
        )

    def spend(self) -> PasskeyChallenge:
        """The challenge once answered (right or wrong): it never counts again."""
        return attrs.evolve(self, used=True)


@attrs.frozen
class NewPasskey:
    """What a verified enrolment gives: the credential as the authenticator made it."""

    credential_id: str  # base64url, as the browser names it
    public_key: bytes = attrs.field(repr=False)  # COSE_Key
    sign_count: int
    transports: tuple[str, ...] = ()


def sign_count_advances(stored: int, presented: int) -> bool:
    """Whether an assertion's counter may follow the stored one (WebAuthn §6.1.1).

    Authenticators that keep no counter report 0 every time; once either side is
    above 0, the presented counter must be greater, or the authenticator was cloned.
    """
    if stored < 0 or presented < 0:
        return False
    return (stored == 0 and presented == 0) or presented > stored


@attrs.frozen
class Passkey:
    """One passkey of an account: its public key, counter and how the user named it."""

    id: str
    version: int
    account_id: str
    credential_id: str
    public_key: bytes = attrs.field(repr=False)
    sign_count: int
    created_at: datetime
    label: str = attrs.field(repr=mask_text)
    transports: tuple[str, ...] = ()
    last_used_at: datetime | None = None
    removed: bool = False
    removed_at: datetime | None = None

    @classmethod
    def enrol(
        cls, passkey_id: str, account_id: str, made: NewPasskey, label: str, now: datetime
    ) -> Passkey:
        """The stored passkey for a verified enrolment."""
        require_utc(now, "now")
        return cls(
            id=passkey_id,
            version=0,
            account_id=account_id,
            credential_id=made.credential_id,
            public_key=made.public_key,
            sign_count=made.sign_count,
            created_at=now,
            label=label,
            transports=made.transports,
        )

    def remove(self, now: datetime) -> Passkey:
        """The passkey taken off the account: it never signs the user in again."""
        require_utc(now, "now")
        return attrs.evolve(self, removed=True, removed_at=now)

    def used(self, presented_count: int, now: datetime) -> Passkey:
        """The passkey after a verified assertion with counter ``presented_count``.

        Raises:
            AuthenticationFailed: ``passkey.sign_count`` — the counter did not advance.
        """
        require_utc(now, "now")
        if not sign_count_advances(self.sign_count, presented_count):
            raise AuthenticationFailed(
                f"The passkey's counter went from {self.sign_count} to {presented_count}: "
                "it may have been copied.",
                message_ru="Счетчик ключа доступа не увеличился: ключ мог быть скопирован.",
                code="passkey.sign_count",
                hint_ru="Войдите другим способом и удалите этот ключ доступа в настройках; "
                "сообщите в поддержку.",
                hint_en="Sign in another way, remove this passkey in the settings and tell "
                "support.",
            )
        return attrs.evolve(self, sign_count=presented_count, last_used_at=now)
