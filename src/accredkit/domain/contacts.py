"""How a person is reached and signs in: phone, e-mail, and the one login field (docs/domain.md).

Like the identifiers (``identifiers.py``), each is a frozen value whose ``parse`` strips
what people type around it, refuses anything else with a precise code, and whose
``str()`` is the canonical form; the login field reads a СНИЛС, an ИНН, an e-mail
address or a phone number from one text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, Self

import attrs

from accredkit.domain.identifiers import Inn, Snils, _digits, _fail, _screen, _wrong_length
from accredkit.domain.masks import mask_email, mask_phone
from accredkit.errors import InvalidIdentifier

__all__ = ["Email", "Login", "LoginKind", "LoginValue", "Phone", "parse_login"]


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
