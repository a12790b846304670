"""A person's full name (ФИО) and the language they read the cabinet in."""

from __future__ import annotations

import enum
import re
import unicodedata

import attrs

from accredkit.domain.masks import mask_name
from accredkit.errors import Violation

__all__ = ["FullName", "Language", "name_part_violations"]

_NAME_PART = re.compile(r"[^\W\d_]+(?:[ '\-’][^\W\d_]+)*\Z")
_MAX_PART = 60


class Language(enum.Enum):
    """The language of messages and notifications."""

    RU = "ru"
    EN = "en"


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return re.sub(r"[\s\-'’]+", " ", folded).strip()


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def name_part_violations(field: str, text: str, *, required: bool) -> list[Violation]:
    """What is wrong with one part of a name (фамилия, имя or отчество).

    Letters of one script, with single spaces, hyphens or apostrophes between them.
    Mixing Cyrillic and Latin in one word is almost always a keyboard-layout slip.
    """
    value = unicodedata.normalize("NFC", text).strip()
    if not value:
        if not required:
            return []
        return [
            Violation(
                "full_name.required",
                field,
                "Заполните это поле.",
                "Fill in this field.",
            )
        ]
    if len(value) > _MAX_PART or not _NAME_PART.match(value):
        return [
            Violation(
                "full_name.characters",
                field,
                f"Используйте только буквы, пробел, дефис или апостроф (до {_MAX_PART} знаков).",
                f"Use letters, a space, a hyphen or an apostrophe only (up to {_MAX_PART}).",
            )
        ]
    scripts = {_script(char) for char in value if char.isalpha()}
    if len(scripts) > 1:
        return [
            Violation(
                "full_name.mixed_script",
                field,
                "В слове смешаны русские и латинские буквы: проверьте раскладку клавиатуры.",
                "The word mixes Cyrillic and Latin letters: check the keyboard layout.",
            )
        ]
    return []


@attrs.frozen
class FullName:
    """Фамилия, имя, отчество (the patronymic may be empty)."""

    last: str
    first: str
    middle: str = ""

    def __str__(self) -> str:
        return " ".join(part for part in (self.last, self.first, self.middle) if part)

    def __repr__(self) -> str:
        return f"FullName({mask_name(self)})"

    def matches(self, other: FullName | str) -> bool:
        """Same name ignoring case, ё/е, hyphens and spacing (registries write them differently).

        ``other`` may be a whole name in one string, «Фамилия Имя Отчество».
        """
        return _fold(str(self)) == _fold(str(other))
