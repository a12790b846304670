"""Password rules after NIST SP 800-63B (docs/security.md).

Length is what makes a password strong, so the policy asks for length and nothing
else: no "one capital, one digit" composition rules. A password is NFC-normalised,
counted in code points, never truncated, and refused when it is on the common-password
blocklist or built from the user's own data (name, birth date, СНИЛС, e-mail, phone).
The blocklist arrives as a container from outside: the domain reads no files.
What counts as common — keyboard walks on both layouts, layout slips, decorations —
is measured in ``password_guessing``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from datetime import date

import attrs

from accredkit.domain.accounts.password_guessing import (
    is_guessable,
    is_repetitive,
    russian_spellings,
)
from accredkit.domain.masks import (
    mask_date,
    mask_email,
    mask_name,
    mask_phone,
    mask_snils,
    mask_text,
)
from accredkit.errors import Violation

__all__ = [
    "PasswordPolicy",
    "PersonalData",
    "check_password",
    "normalise_password",
    "personal_fragments",
]

_FIELD = "password"
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Cn", "Co"})


@attrs.frozen
class PasswordPolicy:
    """How long a password must and may be, and how much of it must be the user's own.

    Attributes:
        min_length: fewest code points (NIST: at least 8; 12 by default).
        max_length: most code points accepted (at least 64); longer ones are refused,
            never truncated.
        min_own_characters: characters a password must keep once the user's personal
            data is taken out of it (repeated characters count once).
    """

    min_length: int = attrs.field(default=12, validator=attrs.validators.ge(8))
    max_length: int = attrs.field(default=128, validator=attrs.validators.ge(64))
    min_own_characters: int = attrs.field(default=6, validator=attrs.validators.ge(1))

    def __attrs_post_init__(self) -> None:
        if self.max_length < self.min_length:
            raise ValueError("max_length must not be below min_length")


@attrs.frozen
class PersonalData:
    """What the user has told the cabinet about themselves, as typed (context words)."""

    full_name: str = attrs.field(default="", repr=mask_name)
    birth_date: date | None = attrs.field(default=None, repr=mask_date)
    snils: str = attrs.field(default="", repr=mask_snils)
    email: str = attrs.field(default="", repr=mask_email)
    phone: str = attrs.field(default="", repr=mask_phone)
    other: tuple[str, ...] = attrs.field(default=(), repr=mask_text)


def normalise_password(password: str) -> str:
    """The form a password is checked and hashed in: Unicode NFC, nothing stripped."""
    return unicodedata.normalize("NFC", password)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("ё", "е")


def _name_variants(word: str) -> set[str]:
    # "Bdfyjd" is «Иванов» typed with the wrong layout; "ivanov" its transliteration.
    return russian_spellings(word)


def _date_forms(day: date) -> set[str]:
    dd, mm, yyyy = f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}"
    d, m, yy = str(day.day), str(day.month), yyyy[2:]
    forms = {yyyy, dd + mm, mm + dd}
    for sep in ("", ".", "-", "/", " "):
        for a, b in ((dd, mm), (d, m)):
            forms.update({sep.join((a, b, yyyy)), sep.join((a, b, yy))})
        forms.update({sep.join((yyyy, mm, dd)), sep.join((yy, mm, dd))})
    return {form for form in forms if len(form) >= 4}


def _digits(text: str) -> str:
    return "".join(char for char in text if "0" <= char <= "9")


def personal_fragments(data: PersonalData) -> frozenset[str]:
    """Every piece of ``data`` a password might be built from, case-folded.

    Names also in Latin transliteration and as typed on the Latin keyboard layout;
    dates, phone and СНИЛС in the forms people write them.

    Args:
        data: the user's personal data.

    Returns:
        Fragments of at least three characters (four for numbers).
    """
    found: set[str] = set()
    words = re.split(r"[\s\-'.]+", _fold(data.full_name))
    for extra in data.other:
        words.extend(re.split(r"\s+", _fold(extra)))
    for word in words:
        if len(word) >= 3:
            found.update(_name_variants(word))
    if data.birth_date is not None:
        found.update(_date_forms(data.birth_date))
    snils = _digits(data.snils)
    if snils:
        found.update({snils, snils[:9], _fold(data.snils.strip())})
    phone = _digits(data.phone)
    if len(phone) >= 7:
        found.update({phone, phone[-10:], phone[-7:]})
        if len(phone) == 11 and phone[0] == "7":
            found.add("8" + phone[1:])
    local = _fold(data.email).partition("@")[0]
    if local:
        found.add(local)
        found.update(part for part in re.split(r"[._+\-]+", local) if len(part) >= 3)
    return frozenset(f for f in found if len(f) >= (4 if f.isdigit() else 3))


def _own_characters(folded: str, fragments: Iterable[str]) -> str | None:
    """What is left of ``folded`` once personal fragments are removed (None: none matched)."""
    rest = folded
    for fragment in sorted(fragments, key=len, reverse=True):
        rest = rest.replace(fragment, "\0")
    if rest == folded:
        return None
    rest = re.sub(r"\s|\0", "", rest)
    return re.sub(r"(.)\1+", r"\1", rest)


def _is_common(folded: str, blocklist: Container[str]) -> bool:
    """On the blocklist, or a common pattern too lightly decorated (``password_guessing``)."""
    candidates = {folded.strip(), re.sub(r"\s+", "", folded)}
    if any(candidate in blocklist for candidate in candidates if candidate):
        return True
    return is_guessable(folded, blocklist)


def _violation(code: str, ru: str, en: str) -> Violation:
    return Violation(code=code, field=_FIELD, message_ru=ru, message_en=en)


def check_password(
    password: str,
    policy: PasswordPolicy,
    blocklist: Container[str],
    context: PersonalData | None = None,
) -> list[Violation]:
    """Every rule ``password`` breaks, each with ru/en advice (empty: acceptable).

    Args:
        password: the password as typed; it is NFC-normalised here, never trimmed.
        policy: length limits and how much must be the user's own.
        blocklist: lower-cased common passwords (see ``accredkit.data.common_passwords``).
        context: the user's personal data; a password built from it is refused.

    Returns:
        Violations with codes ``password.too_short``, ``password.too_long``,
        ``password.control_characters``, ``password.common``, ``password.repetitive``
        and ``password.contains_personal_data``.
    """
    text = normalise_password(password)
    folded = _fold(text)
    found: list[Violation] = []
    if len(text) < policy.min_length:
        found.append(
            _violation(
                "password.too_short",
                f"Пароль короче {policy.min_length} символов. Возьмите фразу из нескольких "
                "слов: длинный пароль надежнее и легче запоминается.",
                f"The password is shorter than {policy.min_length} characters. Use a phrase "
                "of several words: a long password is stronger and easier to remember.",
            )
        )
    if len(text) > policy.max_length:
        found.append(
            _violation(
                "password.too_long",
                f"Пароль длиннее {policy.max_length} символов; сократите его — мы не обрезаем "
                "пароли молча.",
                f"The password is longer than {policy.max_length} characters; shorten it — "
                "passwords are never cut silently.",
            )
        )
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in text):
        found.append(
            _violation(
                "password.control_characters",
                "Пароль содержит управляющие или невидимые символы. Наберите его заново "
                "с клавиатуры, не вставляя из буфера обмена.",
                "The password contains control or invisible characters. Type it again "
                "rather than pasting it.",
            )
        )
    if text and _is_common(folded, blocklist):
        found.append(
            _violation(
                "password.common",
                "Этот пароль слишком распространен и есть в словарях для подбора. "
                "Придумайте другой.",
                "This password is too common and is in the lists attackers try first. "
                "Choose another one.",
            )
        )
    elif len(text) >= 2 and is_repetitive(folded):
        found.append(
            _violation(
                "password.repetitive",
                "Пароль состоит из повторов или последовательности символов (например, "
                "«aaaa» или «1234»). Придумайте другой.",
                "The password is a repetition or a sequence (like 'aaaa' or '1234'). "
                "Choose another one.",
            )
        )
    if context is not None and text:
        own = _own_characters(folded, personal_fragments(context))
        if own is not None and len(own) < policy.min_own_characters:
            found.append(
                _violation(
                    "password.contains_personal_data",
                    "Пароль составлен из ваших личных данных (имени, даты рождения, СНИЛС, "
                    "почты или телефона) — их легко узнать. Придумайте другой.",
                    "The password is built from your personal data (name, birth date, "
                    "SNILS, e-mail or phone), which others can find out. Choose another one.",
                )
            )
    return found
