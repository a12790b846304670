"""Russian identifiers a medical worker and an employer are known by (docs/domain.md).

Each identifier is a frozen value. ``parse`` strips the separators people type
(spaces, dashes, brackets), refuses anything else with a precise code, and checks
the control digits; ``str()`` is the canonical display form. How a person is reached —
phone and e-mail — and the login field that takes any of them are in ``contacts.py``.
"""

from __future__ import annotations

import unicodedata
from operator import mul
from typing import Literal, Self

import attrs

from accredkit.domain.masks import mask_inn, mask_snils
from accredkit.errors import InvalidIdentifier, Violation

__all__ = [
    "Inn",
    "Ogrn",
    "Snils",
    "inn_control_digits",
    "ogrn_control_digit",
    "snils_control",
]

_SEPARATORS = frozenset(" -()\u00a0")
_STRIP_SEPARATORS = str.maketrans(dict.fromkeys(_SEPARATORS))
_SNILS_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, 1)
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_SNILS_UNCHECKED_MAX = 1_001_998


def _fail(field: str, code: str, ru: str, en: str, value: str) -> InvalidIdentifier:
    violation = Violation(code=code, field=field, message_ru=ru, message_en=en)
    return InvalidIdentifier(en, message_ru=ru, code=code, violations=(violation,), value=value)


def _screen(field: str, text: object) -> str:
    """Refuse non-strings, control characters and non-ASCII digits before anything else."""
    if not isinstance(text, str):
        raise _fail(
            field,
            "identifier.not_text",
            "Значение должно быть строкой.",
            "The value must be a string.",
            repr(text),
        )
    if text.isascii() and text.isprintable():
        return text.strip()  # fast path: no controls, no foreign digits possible
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") and char != "\u00a0":
            raise _fail(
                field,
                "identifier.control_character",
                "Значение содержит управляющие символы.",
                "The value contains control characters.",
                text,
            )
        if category == "Nd" and not ("0" <= char <= "9"):
            raise _fail(
                field,
                "identifier.non_ascii_digit",
                "Используйте обычные цифры 0–9 (проверьте раскладку клавиатуры).",
                "Use plain digits 0-9 (check the keyboard layout).",
                text,
            )
    return text.strip()


def _digits(field: str, text: object, *, allow_plus: bool = False) -> str:
    """The ASCII digits of ``text`` once separators are removed."""
    cleaned = _screen(field, text)
    if allow_plus and cleaned.startswith("+"):
        cleaned = cleaned[1:]
    stripped = cleaned.replace(" ", "").replace("-", "")
    if not stripped.isdigit():
        stripped = stripped.translate(_STRIP_SEPARATORS)
    if stripped.isascii() and stripped.isdigit():
        return stripped
    out = []
    for char in cleaned:
        if "0" <= char <= "9":
            out.append(char)
        elif char not in _SEPARATORS:
            raise _fail(
                field,
                "identifier.bad_character",
                f"Недопустимый символ {char!r}: разрешены цифры, пробелы и дефисы.",
                f"Character {char!r} is not allowed: use digits, spaces and dashes.",
                str(text),
            )
    if not out:
        raise _fail(field, "identifier.empty", "Значение не указано.", "The value is empty.", "")
    return "".join(out)


def _wrong_length(field: str, title_ru: str, title_en: str, want: str, value: str) -> None:
    raise _fail(
        field,
        f"{field}.length",
        f"{title_ru} должен содержать {want} цифр.",
        f"{title_en} must have {want} digits.",
        value,
    )


def _bad_check(field: str, title_ru: str, title_en: str, value: str) -> InvalidIdentifier:
    return _fail(
        field,
        f"{field}.checksum",
        f"{title_ru} введен с ошибкой: контрольное число не сходится.",
        f"{title_en} has a typo: the check digits do not match.",
        value,
    )


def snils_control(number: str) -> int:
    """The two-digit control of a СНИЛС from its first nine digits."""
    total: int = sum(map(mul, _SNILS_WEIGHTS, map(int, number[:9])))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def inn_control_digits(number: str) -> str:
    """The control digit(s) of a 10- or 12-digit ИНН from its leading digits."""

    def one(weights: tuple[int, ...], digits: str) -> str:
        return str(sum(map(mul, weights, map(int, digits))) % 11 % 10)

    if len(number) == 10:
        return one(_INN10_WEIGHTS, number[:9])
    first = one(_INN11_WEIGHTS, number[:10])
    return first + one(_INN12_WEIGHTS, number[:10] + first)


def ogrn_control_digit(number: str) -> str:
    """The control digit of a 13-digit ОГРН or 15-digit ОГРНИП."""
    if len(number) == 13:
        return str(int(number[:12]) % 11 % 10)
    return str(int(number[:14]) % 13 % 10)


@attrs.frozen
class Snils:
    """СНИЛС: the personal insurance account number, shown ``112-233-445 95``."""

    digits: str

    @classmethod
    def parse(cls, text: str) -> Self:
        """Normalise and validate; raise ``InvalidIdentifier`` on any defect."""
        digits = _digits("snils", text)
        if len(digits) != 11:
            _wrong_length("snils", "СНИЛС", "SNILS", "11", str(text))
        number = int(digits[:9])
        if number > _SNILS_UNCHECKED_MAX and int(digits[9:]) != snils_control(digits):
            raise _bad_check("snils", "СНИЛС", "SNILS", str(text))
        return cls(digits)

    def __repr__(self) -> str:
        return f"СНИЛС {mask_snils(self.digits)}"

    def __str__(self) -> str:
        d = self.digits
        return f"{d[0:3]}-{d[3:6]}-{d[6:9]} {d[9:11]}"


@attrs.frozen
class Inn:
    """ИНН: 10 digits for an organisation, 12 for a person."""

    digits: str

    @classmethod
    def parse(cls, text: str) -> Self:
        """Normalise and validate; raise ``InvalidIdentifier`` on any defect."""
        digits = _digits("inn", text)
        if len(digits) not in (10, 12):
            _wrong_length("inn", "ИНН", "INN", "10 или 12", str(text))
        control = inn_control_digits(digits)
        if not digits.endswith(control):
            raise _bad_check("inn", "ИНН", "INN", str(text))
        return cls(digits)

    @property
    def kind(self) -> Literal["organisation", "person"]:
        """Who holds it: an organisation (10 digits) or a person (12)."""
        return "organisation" if len(self.digits) == 10 else "person"

    def __repr__(self) -> str:
        return f"ИНН {mask_inn(self.digits)}"

    def __str__(self) -> str:
        return self.digits


_OGRN_FIRST_DIGITS = {13: "15", 15: "3"}


def _check_ogrn_first_digit(digits: str, text: str) -> None:
    """The first digit says what the number is (the register's numbering rules).

    1 or 5: an organisation's ОГРН (13 digits); 3: a sole proprietor's ОГРНИП (15
    digits); 2, 4, 6–9 number register *records* (ГРН), not a registration; 0 is
    never issued.
    """
    first = digits[0]
    if first in _OGRN_FIRST_DIGITS[len(digits)]:
        return
    if first == "0":
        raise _fail(
            "ogrn",
            "ogrn.first_digit",
            "ОГРН не может начинаться с 0: такие номера не присваиваются.",
            "An OGRN never starts with 0: no such number is issued.",
            text,
        )
    if first in "135":
        ru, en = (
            ("ОГРНИП (начинается с 3) содержит 15 цифр.", "An OGRNIP (starting 3) has 15 digits.")
            if first == "3"
            else (
                "ОГРН организации (начинается с 1 или 5) содержит 13 цифр.",
                "An organisation's OGRN (starting 1 or 5) has 13 digits.",
            )
        )
        raise _fail("ogrn", "ogrn.first_digit", ru, en, text)
    raise _fail(
        "ogrn",
        "ogrn.record_number",
        f"Номер, начинающийся с {first}, — номер записи в реестре (ГРН), а не ОГРН: "
        "ОГРН начинается с 1 или 5, ОГРНИП — с 3.",
        f"A number starting {first} is a register record number (GRN), not an OGRN: "
        "an OGRN starts 1 or 5, an OGRNIP 3.",
        text,
    )


@attrs.frozen
class Ogrn:
    """ОГРН (13 digits, an organisation) or ОГРНИП (15 digits, a sole proprietor)."""

    digits: str

    @classmethod
    def parse(cls, text: str) -> Self:
        """Normalise and validate; raise ``InvalidIdentifier`` on any defect.

        The codes say which rule refused: ``ogrn.length``, ``ogrn.first_digit`` (0, or a
        first digit of the other length), ``ogrn.record_number`` (2, 4, 6–9: a ГРН),
        ``ogrn.checksum``.
        """
        digits = _digits("ogrn", text)
        if len(digits) not in (13, 15):
            _wrong_length("ogrn", "ОГРН", "OGRN", "13 (ОГРН) или 15 (ОГРНИП)", str(text))
        _check_ogrn_first_digit(digits, str(text))
        if digits[-1] != ogrn_control_digit(digits):
            raise _bad_check("ogrn", "ОГРН", "OGRN", str(text))
        return cls(digits)

    @property
    def kind(self) -> Literal["ogrn", "ogrnip"]:
        """``ogrn`` for an organisation, ``ogrnip`` for a sole proprietor."""
        return "ogrn" if len(self.digits) == 13 else "ogrnip"

    def __str__(self) -> str:
        return self.digits
