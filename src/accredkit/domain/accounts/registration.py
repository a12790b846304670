"""Checking a registration form: every field at once, every violation reported.

A person filling in a long form should learn about all their typos in one go,
so nothing here stops at the first problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from datetime import date
from typing import TypeVar

import attrs

from accredkit.domain.accounts.passwords import (
    PasswordPolicy,
    PersonalData,
    check_password,
    normalise_password,
)
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.masks import (
    mask_date,
    mask_email,
    mask_inn,
    mask_name,
    mask_phone,
    mask_snils,
)
from accredkit.domain.person import FullName, Language, name_part_violations
from accredkit.errors import InvalidIdentifier, ValidationError, Violation

__all__ = ["Registration", "RegistrationForm", "parse_birth_date", "validate_registration"]

MIN_AGE = 16
MAX_AGE = 100
_RU_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\Z")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_T = TypeVar("_T")


@attrs.frozen
class RegistrationForm:
    """The registration form as typed; every field is text (or a date)."""

    last_name: str = attrs.field(repr=mask_name)
    first_name: str = attrs.field(repr=mask_name)
    birth_date: str | date = attrs.field(repr=mask_date)
    snils: str = attrs.field(repr=mask_snils)
    phone: str = attrs.field(repr=mask_phone)
    email: str = attrs.field(repr=mask_email)
    password: str = attrs.field(repr=False)
    middle_name: str = attrs.field(default="", repr=mask_name)
    inn: str = attrs.field(default="", repr=mask_inn)
    language: str = "ru"
    consent_given: bool = False


@attrs.frozen
class Registration:
    """A form that passed every check, its values parsed and normalised."""

    full_name: FullName
    birth_date: date = attrs.field(repr=mask_date)
    snils: Snils
    phone: Phone
    email: Email
    password: str = attrs.field(repr=False)
    inn: Inn | None = None
    language: Language = Language.RU


def _birth_date_violation(code: str, ru: str, en: str) -> Violation:
    return Violation(code, "birth_date", ru, en)


def _read_date(text: str) -> date | None:
    ru, iso = _RU_DATE.match(text), _ISO_DATE.match(text)
    try:
        if ru:
            return date(int(ru[3]), int(ru[2]), int(ru[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return None
    return None


def parse_birth_date(value: str | date, today: date) -> tuple[date | None, list[Violation]]:
    """A birth date from ``ДД.ММ.ГГГГ``, ``ГГГГ-ММ-ДД`` or a ``date``, and what is wrong."""
    born = value if isinstance(value, date) else _read_date(value.strip())
    if born is None:
        return None, [
            _birth_date_violation(
                "birth_date.format",
                "Укажите дату рождения в виде ДД.ММ.ГГГГ, например 07.03.1985.",
                "Enter the birth date as DD.MM.YYYY, for example 07.03.1985.",
            )
        ]
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not MIN_AGE <= age <= MAX_AGE:
        return born, [
            _birth_date_violation(
                "birth_date.implausible",
                f"Проверьте год рождения: возраст должен быть от {MIN_AGE} до {MAX_AGE} лет.",
                f"Check the birth year: the age must be between {MIN_AGE} and {MAX_AGE}.",
            )
        ]
    return born, []


def _parse(parser: Callable[[str], _T], text: str, found: list[Violation]) -> _T | None:
    try:
        return parser(text)
    except InvalidIdentifier as error:
        found.extend(error.violations)
        return None


def validate_registration(
    form: RegistrationForm,
    *,
    today: date,
    password_policy: PasswordPolicy,
    blocklist: Container[str],
) -> Registration:
    """Parse and check every field of ``form``.

    Args:
        form: the form as typed.
        today: the current date (for the age check).
        password_policy: the password rules.
        blocklist: common passwords, lower-cased.

    Returns:
        The parsed registration.

    Raises:
        ValidationError: listing every violation of every field.
    """
    found: list[Violation] = []
    found += name_part_violations("last_name", form.last_name, required=True)
    found += name_part_violations("first_name", form.first_name, required=True)
    found += name_part_violations("middle_name", form.middle_name, required=False)
    born, date_problems = parse_birth_date(form.birth_date, today)
    found += date_problems
    snils = _parse(Snils.parse, form.snils, found)
    phone = _parse(Phone.parse, form.phone, found)
    email = _parse(Email.parse, form.email, found)
    inn = _parse(Inn.parse, form.inn, found) if form.inn.strip() else None
    if inn is not None and inn.kind != "person":
        found.append(
            Violation(
                "inn.not_personal",
                "inn",
                "Укажите ИНН физического лица (12 цифр), а не организации.",
                "Enter a personal INN (12 digits), not an organisation's.",
            )
        )
    language = next((lang for lang in Language if lang.value == form.language), None)
    if language is None:
        found.append(
            Violation(
                "language.unsupported",
                "language",
                "Доступны языки: ru, en.",
                "Available languages: ru, en.",
            )
        )
    if not form.consent_given:
        found.append(
            Violation(
                "consent.required",
                "consent_given",
                "Без согласия на обработку персональных данных регистрация невозможна.",
                "Registration needs your consent to the processing of personal data.",
            )
        )
    context = PersonalData(
        full_name=" ".join((form.last_name, form.first_name, form.middle_name)),
        birth_date=born,
        snils=form.snils,
        email=form.email,
        phone=form.phone,
        other=(form.inn,) if form.inn else (),
    )
    found += check_password(form.password, password_policy, blocklist, context)
    if found:
        raise ValidationError.of(found)
    # Nothing was found, so every parse succeeded.
    assert born is not None
    assert snils is not None
    assert phone is not None
    assert email is not None
    assert language is not None
    return Registration(
        full_name=FullName(
            form.last_name.strip(), form.first_name.strip(), form.middle_name.strip()
        ),
        birth_date=born,
        snils=snils,
        phone=phone,
        email=email,
        password=normalise_password(form.password),
        inn=inn,
        language=language,
    )
