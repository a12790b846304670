"""Russian identifiers a medical worker and an employer are known by (docs/domain.md).

Each identifier is a frozen value. ``parse`` strips the separators people type
(spaces, dashes, brackets), refuses anything else with a precise code, and checks
the control digits; ``str()`` is the canonical display form.
"""

from __future__ import annotations

import re
import unicodedata
from operator import mul
from typing import Literal, Self

import attrs

from accredkit.domain.masks import mask_email, mask_inn, mask_phone, mask_snils
from accredkit.errors import InvalidIdentifier, Violation

__all__ = [
    "Email",
    "Inn",
    "Login",
    "LoginKind",
    "LoginValue",
    "Ogrn",
    "Phone",
    "Snils",
    "inn_control_digits",
    "ogrn_control_digit",
    "parse_login",
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


@attrs.frozen
class Phone:
    """A phone number in E.164 form; Russian ``8…``/``7…`` numbers become ``+7…``."""

    e164: str

    @classmethod
    def parse(cls, text: str) -> Self:
        """Normalise and validate; raise ``InvalidIdentifier`` on any defect."""
        screened = _screen("phone", text)
        international = screened.startswith("+")
        digits = _digits("phone", screened, allow_plus=True)
        if not international and len(digits) == 11 and digits[0] in "78":
            digits = "7" + digits[1:]
        elif not international and len(digits) == 10 and digits[0] == "9":
            digits = "7" + digits
        elif not international:
            raise _fail(
                "phone",
                "phone.format",
                "Номер телефона должен начинаться с +7 или 8 и содержать 11 цифр.",
                "A phone number must start with +7 or 8 and have 11 digits.",
                str(text),
            )
        if digits.startswith("7") and len(digits) != 11:
            _wrong_length("phone", "Номер телефона +7", "A +7 phone number", "11", str(text))
        if not 8 <= len(digits) <= 15 or digits[0] == "0":
            raise _fail(
                "phone",
                "phone.format",
                "Номер телефона в международном формате: + и от 8 до 15 цифр.",
                "An international phone number is + and 8 to 15 digits.",
                str(text),
            )
        return cls("+" + digits)

    def __repr__(self) -> str:
        return f"Phone({mask_phone(self.e164)})"

    def __str__(self) -> str:
        return self.e164


# Dot-atom local part (RFC 5322 without quoted strings) and LDH domain labels.
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_EMAIL_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")


def _mixed_script_label(ascii_domain: str) -> str | None:
    """The first label of the domain whose letters come from more than one script.

    ``раураl.com`` with a Cyrillic «а» looks like a familiar domain and is not: a label
    holds letters of one script only (digits and hyphens go with any).
    """
    for label in ascii_domain.split("."):
        if not label.startswith("xn--"):
            continue
        try:
            shown = label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
        scripts = {unicodedata.name(char, "?").split(" ")[0] for char in shown if char.isalpha()}
        if len(scripts) > 1:
            return shown
    return None


@attrs.frozen
class Email:
    """An e-mail address, lower-cased; international domains kept in their IDNA form."""

    address: str

    @classmethod
    def parse(cls, text: str) -> Self:
        """Normalise and validate; raise ``InvalidIdentifier`` on any defect."""
        cleaned = _screen("email", text)

        def bad(ru: str, en: str) -> InvalidIdentifier:
            return _fail("email", "email.format", ru, en, str(text))

        if cleaned.count("@") != 1:
            raise bad("Адрес должен содержать один знак @.", "An address must contain one @.")
        local, domain = cleaned.split("@")
        if not _EMAIL_LOCAL.match(local) or len(local) > 64:
            raise bad(
                "Имя до @ содержит недопустимые символы или слишком длинное.",
                "The part before @ has characters that are not allowed or is too long.",
            )
        try:
            ascii_domain = domain.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise bad(
                "Домен после @ записан неверно.", "The domain after @ is malformed."
            ) from None
        labels = ascii_domain.split(".")
        if len(labels) < 2 or not all(_EMAIL_LABEL.match(label) for label in labels):
            raise bad(
                "Домен после @ записан неверно (например, mail.ru).",
                "The domain after @ is malformed (for example, example.org).",
            )
        if labels[-1].isdigit():
            raise bad(
                "Домен верхнего уровня не может быть числом.", "A top-level domain is not a number."
            )
        mixed = _mixed_script_label(ascii_domain)
        if mixed is not None:
            raise _fail(
                "email",
                "email.mixed_script",
                f"В домене «{mixed}» смешаны буквы разных алфавитов (например, латиница и "
                "кириллица): проверьте раскладку.",
                f"The domain label {mixed!r} mixes letters of different scripts (e.g. Latin "
                "and Cyrillic): check the keyboard layout.",
                str(text),
            )
        address = f"{local.lower()}@{ascii_domain}"
        if len(address) > 254:
            raise bad("Адрес длиннее 254 символов.", "The address is longer than 254 characters.")
        return cls(address)

    def __repr__(self) -> str:
        return f"Email({mask_email(self.address)})"

    def __str__(self) -> str:
        return self.address


LoginKind = Literal["snils", "inn", "email", "phone"]
LoginValue = Snils | Inn | Email | Phone


@attrs.frozen
class Login:
    """What a single login field holds: the most likely reading and every valid one."""

    kind: LoginKind
    value: LoginValue
    candidates: tuple[LoginValue, ...]


_KIND_OF: dict[type[object], LoginKind] = {
    Snils: "snils",
    Inn: "inn",
    Email: "email",
    Phone: "phone",
}


def parse_login(text: str) -> Login:
    """Decide whether a login field holds a СНИЛС, ИНН, e-mail or phone.

    Bare 11-digit strings can be both a СНИЛС and a Russian phone number; every
    valid reading is kept in ``candidates`` (a formatted ``XXX-XXX-XXX YY`` is a
    СНИЛС, a leading ``+`` or brackets make a phone) so the caller can try each.

    Raises:
        InvalidIdentifier: nothing valid could be read from the text.
    """
    cleaned = _screen("login", text)
    if "@" in cleaned:
        email = Email.parse(cleaned)
        return Login("email", email, (email,))
    readings: list[LoginValue] = []
    typos: list[InvalidIdentifier] = []
    looks_like_phone = cleaned.startswith("+") or "(" in cleaned
    looks_like_snils = re.fullmatch(r"\d{3}-\d{3}-\d{3}[ -]\d{2}", cleaned) is not None
    parsers: list[type[Snils] | type[Inn] | type[Phone]] = []
    if looks_like_phone:
        parsers = [Phone]
    elif looks_like_snils:
        parsers = [Snils]
    else:
        parsers = [Snils, Inn, Phone]
        digits = "".join(c for c in cleaned if c.isdigit())
        if len(digits) == 11 and digits[:2] in ("79", "89"):
            parsers = [Phone, Snils]  # a mobile number is the likelier reading
    for parser in parsers:
        try:
            readings.append(parser.parse(cleaned))
        except InvalidIdentifier as error:
            if error.code.endswith(".checksum"):
                typos.append(error)
    if not readings and typos:
        raise typos[0]
    if not readings:
        raise _fail(
            "login",
            "login.unrecognised",
            "Введите СНИЛС, ИНН, адрес электронной почты или номер телефона.",
            "Enter a SNILS, an INN, an e-mail address or a phone number.",
            str(text),
        )
    first = readings[0]
    return Login(_KIND_OF[type(first)], first, tuple(readings))
