"""Keep raw personal data and secrets out of the audit journal (docs/journal.md, 152-ФЗ).

The journal is exported to regulators and kept for years, so it may hold ids and
document hashes only. A rule cannot read intent, but it can refuse what is plainly
wrong: keys that name a secret or a personal identifier, and values that parse as
a СНИЛС, a personal ИНН, a phone number or an e-mail address — whole, or inside
free text. A key that names a contact may still carry a flag (``"email_verified":
true``): a boolean or null holds no data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.errors import InvalidIdentifier, Violation

__all__ = [
    "SECRET_WORDS",
    "key_violation",
    "personal_data_in_text",
    "personal_data_violations",
    "refused_key",
    "value_violation",
]

# Words that name a secret: never journaled, not even hashed (a hash of an OTP or
# a PIN is as good as the code itself).
SECRET_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "otp", "totp",
        "hotp", "pin", "cvv", "cvc", "credential", "credentials", "cookie", "seed",
        "пароль", "код",
    }
)  # fmt: skip
# Words that name a personal identifier or a person's particulars.
_PERSONAL_WORDS = frozenset(
    {
        "snils", "inn", "phone", "telephone", "tel", "mobile", "msisdn", "email",
        "mail", "passport", "birthday", "birthdate", "dob", "address", "fio",
        "surname", "patronymic", "снилс", "инн", "телефон", "почта", "паспорт", "фио",
    }
)  # fmt: skip
# Two-word names: (first word, second word).
_PERSONAL_PAIRS = frozenset(
    {
        ("first", "name"), ("last", "name"), ("middle", "name"), ("full", "name"),
        ("given", "name"), ("family", "name"), ("birth", "date"), ("date", "birth"),
        ("recovery", "code"), ("recovery", "codes"), ("sms", "code"), ("email", "code"),
        ("confirmation", "code"), ("verification", "code"), ("backup", "codes"),
        ("one", "time"), ("api", "key"), ("private", "key"),
    }
)  # fmt: skip

_WORD = re.compile(r"[A-ZА-ЯЁ]?[a-zа-яё]+|[A-ZА-ЯЁ]+(?![a-zа-яё])|\d+")
_EMAIL_CANDIDATE = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
_DIGEST = re.compile(r"[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}")
_NUMBER_SHAPE = re.compile(r"\s*\+?[\d \-()\u00a0]{8,40}\s*")
_NUMBER_CANDIDATE = re.compile(r"(?<![\w+])\+?\d[\d \-()\u00a0]{6,22}\d(?!\w)")


def _words(key: str) -> list[str]:
    """``emailVerified`` / ``e-mail_verified`` → ``["email", "verified"]``."""
    words = [w.lower() for w in _WORD.findall(key)]
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == "e" and word == "mail":
            joined[-1] = "email"
        else:
            joined.append(word)
    return joined


@functools.lru_cache(maxsize=4096)  # field names repeat; values are never cached
def refused_key(key: str) -> str | None:
    """What is wrong with ``key`` as a journal detail name: ``secret``, ``personal`` or ``None``."""
    words = _words(key)
    if any(w in SECRET_WORDS for w in words):
        return "secret"
    if any(w in _PERSONAL_WORDS for w in words):
        return "personal"
    if any(pair in _PERSONAL_PAIRS for pair in pairwise(words)):
        return "personal"
    return None


def _parses(text: str) -> str | None:
    """Which personal identifier ``text`` reads as on its own, if any."""
    if "@" in text:
        try:
            Email.parse(text)
        except InvalidIdentifier:
            return None
        return "email"
    if not _NUMBER_SHAPE.fullmatch(text):  # anything else fails every parser below
        return None
    digits = sum(map(str.isdigit, text))
    if not 8 <= digits <= 15:
        return None
    for kind, parser in (("snils", Snils.parse), ("phone", Phone.parse)):
        try:
            parser(text)
        except InvalidIdentifier:
            continue
        return kind
    if digits == 12:
        try:
            inn = Inn.parse(text)
        except InvalidIdentifier:
            return None
        return "inn" if inn.kind == "person" else None
    return None


def personal_data_in_text(text: str) -> str | None:
    """The kind of personal identifier in ``text`` (``snils``, ``phone``, ``email``, ``inn``).

    The text is NFKC-normalised first (full-width digits read as digits), then tried
    whole, then every e-mail-like and number-like run inside it is tried.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    elif _DIGEST.fullmatch(text):
        return None  # a document hash: what the journal is meant to hold
    if "@" not in text and (len(text) < 8 or sum(map(str.isdigit, text)) < 8):
        return None  # too few digits for any number, no e-mail
    found = _parses(text)
    if found or len(text) < 8:
        return found
    if "@" in text:
        for match in _EMAIL_CANDIDATE.finditer(text):
            if _parses(match.group().strip(".")):
                return "email"
    for match in _NUMBER_CANDIDATE.finditer(text):
        found = _parses(match.group())
        if found:
            return found
    return None


_CONTAINER = object()


def _walk(value: Any, path: str) -> Iterator[tuple[str, str | None, Any]]:
    """Every (path, key, scalar) under ``value``; a key's container value is ``_CONTAINER``."""
    if type(value) is dict or isinstance(value, Mapping):
        for key, item in value.items():
            child = f"{path}.{key}"
            kind = type(item)
            if kind is dict or kind is list or isinstance(item, Mapping | tuple):
                yield child, str(key), _CONTAINER
                yield from _walk(item, child)
            else:
                yield child, str(key), item
    elif type(value) is list or isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    else:
        yield path, None, value


_KINDS_RU = {
    "snils": "СНИЛС",
    "phone": "номер телефона",
    "email": "адрес электронной почты",
    "inn": "ИНН физического лица",
}


def key_violation(path: str, key: str, value: Any) -> Violation | None:
    """What is wrong with naming a detail ``key`` (holding ``value``), if anything.

    A key named for a secret or for personal data may hold only a flag (a boolean or
    null); any key that itself reads as personal data is refused.
    """
    refused = refused_key(key) if not (value is None or value is True or value is False) else None
    if refused == "secret":
        return Violation(
            "journal.details.secret",
            path,
            f"Поле «{key}» похоже на секрет (пароль, код, токен): в журнал его не пишут.",
            f"Key {key!r} names a secret (password, code, token): never journaled.",
        )
    if refused == "personal":
        return Violation(
            "journal.details.personal_data",
            path,
            f"Поле «{key}» называет персональные данные: в журнал пишут "
            "только идентификаторы и хэши документов.",
            f"Key {key!r} names personal data: the journal keeps ids and document hashes only.",
        )
    kind = _key_kind(key)
    return None if kind is None else _value_violation(path, kind)


@functools.lru_cache(maxsize=4096)  # field names repeat, as for ``refused_key``
def _key_kind(key: str) -> str | None:
    return personal_data_in_text(key)


def value_violation(path: str, value: str | int) -> Violation | None:
    """A violation when a detail value reads as personal data (ints by their digits)."""
    if type(value) is int and -10_000_000 < value < 10_000_000:
        return None
    kind = personal_data_in_text(value if isinstance(value, str) else str(value))
    return None if kind is None else _value_violation(path, kind)


def personal_data_violations(details: Mapping[str, Any], field: str = "details") -> list[Violation]:
    """Every place in ``details`` that holds, or is named for, a secret or personal data."""
    found: list[Violation] = []
    for path, key, value in _walk(details, field):
        if key is not None:
            problem = key_violation(path, key, value)
            if problem is not None:
                found.append(problem)
                continue
        if isinstance(value, str | int) and not isinstance(value, bool):
            problem = value_violation(path, value)
            if problem is not None:
                found.append(problem)
    return found


def _value_violation(path: str, kind: str) -> Violation:
    return Violation(
        "journal.details.personal_data",
        path,
        f"Значение похоже на {_KINDS_RU[kind]}: в журнал пишут только идентификаторы "
        "и хэши документов.",
        f"The value looks like a {kind}: the journal keeps ids and document hashes only.",
    )
