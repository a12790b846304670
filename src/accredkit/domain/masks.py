"""Masked forms of personal data, for every ``repr`` and log line (152-ФЗ).

A representation shows enough to tell two values apart while debugging — the last
digits, the first letter, the mail domain — and never enough to identify the person:
``СНИЛС ***-***-445 95``, ``+7 *** ***-45-67``, ``i***@example.org``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "HIDDEN",
    "mask_date",
    "mask_email",
    "mask_inn",
    "mask_name",
    "mask_phone",
    "mask_snils",
    "mask_text",
]

HIDDEN = "<hidden>"


def _digits(value: object) -> str:
    return "".join(c for c in str(value) if c.isdigit())


def mask_snils(value: object) -> str:
    """``***-***-445 95``: the last five digits only."""
    digits = _digits(value)
    return f"***-***-{digits[6:9]} {digits[9:11]}" if len(digits) == 11 else "***"


def mask_inn(value: object) -> str:
    """All but the last four digits starred."""
    digits = _digits(value)
    return "*" * max(len(digits) - 4, 0) + digits[-4:] if len(digits) > 4 else "***"


def mask_phone(value: object) -> str:
    """``+7 *** ***-45-67``: the last four digits only."""
    digits = _digits(value)
    return f"+7 *** ***-{digits[-4:-2]}-{digits[-2:]}" if len(digits) >= 10 else "***"


def mask_email(value: object) -> str:
    """``i***@example.org``: the first letter and the domain."""
    local, at, domain = str(value).partition("@")
    return f"{local[:1]}***@{domain}" if at else "***"


def mask_name(value: object) -> str:
    """The first letter of each part of a name: ``И*** И*** И***``."""
    return " ".join(f"{part[:1]}***" for part in str(value).split()) or "***"


def mask_date(value: object) -> str:
    """A birth date shows only that there is one."""
    return "****-**-**" if value is not None else "None"


def mask_text(value: Any) -> str:
    """Free text and secrets: their presence and length only."""
    if value is None:
        return "None"
    return f"<{len(value)} chars>" if isinstance(value, str) else HIDDEN
