"""The parts an account is made of: its status, second-factor kind, consent, registry link."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from accredkit.domain.masks import mask_date, mask_name
from accredkit.errors import Violation

__all__ = [
    "REGISTRY_MISMATCHES",
    "AccountStatus",
    "ConsentRecord",
    "RegistryLink",
    "SecondFactor",
]


class AccountStatus(enum.Enum):
    """Where the account stands."""

    REGISTERED = "registered"  # зарегистрирована
    VERIFIED = "verified"  # подтверждена
    BLOCKED = "blocked"  # заблокирована


class SecondFactor(enum.Enum):
    """The second factor the user enrolled. E-mail is deliberately not one of them."""

    NONE = "none"
    TOTP = "totp"
    SMS = "sms"
    PASSKEY = "passkey"  # «биометрия»: a WebAuthn passkey (docs/security.md, "Passkeys")


@attrs.frozen
class ConsentRecord:
    """Consent to personal-data processing (152-ФЗ): which text, by hash, and when."""

    document_version: str
    text_sha256: str
    given_at: datetime


@attrs.frozen
class RegistryLink:
    """The registry record the account was matched to, as it read then."""

    full_name: str = attrs.field(repr=mask_name)
    birth_date: date = attrs.field(repr=mask_date)
    linked_at: datetime


REGISTRY_MISMATCHES = {  # what a register entry that does not match says
    "registry.snils_mismatch": Violation(
        "registry.snils_mismatch",
        "snils",
        "Запись регистра относится к другому СНИЛС.",
        "The registry record belongs to another SNILS.",
    ),
    "registry.name_mismatch": Violation(
        "registry.name_mismatch",
        "full_name",
        "ФИО не совпадает с регистром. Проверьте написание или обновите данные в регистре "
        "через работодателя.",
        "The full name differs from the registry. Check the spelling or ask the employer to "
        "update the registry.",
    ),
    "registry.birth_date_mismatch": Violation(
        "registry.birth_date_mismatch",
        "birth_date",
        "Дата рождения не совпадает с регистром.",
        "The birth date differs from the registry.",
    ),
}
