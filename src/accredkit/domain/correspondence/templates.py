"""What the cabinet says to people: message templates in Russian (default) and English.

Templates are data (``template_texts.py``): a key, the parameters it needs, a subject and
a text per language.
E-mail gets the subject and the text with a signature line; SMS gets the text alone.
Dates are shown the way each language writes them; a ``days`` parameter also gives
``days_text`` with the right Russian plural («1 день», «3 дня», «30 дней»).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType

import attrs

from accredkit.domain.correspondence.template_texts import (
    OTHER_TEMPLATES,
    STATUS_TEXTS,
    Template,
    status_template,
    status_templates,
)
from accredkit.domain.masks import mask_text
from accredkit.domain.moscow import MOSCOW
from accredkit.errors import ValidationError, Violation

__all__ = [
    "APPLICATION_STATUSES",
    "LANGUAGES",
    "MOSCOW",
    "TEMPLATES",
    "Rendered",
    "Template",
    "plural_ru",
    "render",
    "status_template",
]

LANGUAGES = ("ru", "en")

APPLICATION_STATUSES = tuple(row[0] for row in STATUS_TEXTS)


@attrs.frozen
class Rendered:
    """A message ready for a channel: the subject (e-mail only) and the text."""

    subject: str = attrs.field(repr=mask_text)
    text: str = attrs.field(repr=mask_text)

    def email_body(self, language: str) -> str:
        """The text with the cabinet's signature line."""
        footer = "Личный кабинет аккредитации" if language == "ru" else "Accreditation cabinet"
        return f"{self.text}\n\n— {footer}"


TEMPLATES: Mapping[str, Template] = MappingProxyType(
    {**status_templates(), **{t.key: t for t in OTHER_TEMPLATES}}
)


def plural_ru(count: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``count``: 1 день, 2 дня, 5 дней, 11 дней, 21 день."""
    tail = abs(count) % 100
    if 11 <= tail <= 14:
        return many
    last = tail % 10
    if last == 1:
        return one
    if 2 <= last <= 4:
        return few
    return many


def _show(value: object, language: str) -> str:
    if isinstance(value, datetime):
        moment = value.astimezone(MOSCOW)
        if language == "ru":
            return moment.strftime("%d.%m.%Y %H:%M") + " (МСК)"
        return moment.strftime("%Y-%m-%d %H:%M") + " (Moscow time)"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y") if language == "ru" else value.isoformat()
    return str(value)


def _days_text(days: object, language: str) -> str:
    count = int(str(days))
    if language == "ru":
        return f"{count} {plural_ru(count, 'день', 'дня', 'дней')}"
    return f"{count} day" if count == 1 else f"{count} days"


def _refuse(code: str, field: str, ru: str, en: str) -> ValidationError:
    return ValidationError.of([Violation(code, field, ru, en)])


def render(key: str, language: str, params: Mapping[str, object]) -> Rendered:
    """Fill the template ``key`` in ``language`` with ``params``.

    Args:
        key: a key of ``TEMPLATES``.
        language: ``ru`` or ``en``.
        params: every parameter the template names (dates, datetimes, numbers, text).

    Raises:
        ValidationError: an unknown template or language, or a missing parameter.
    """
    template = TEMPLATES.get(key)
    if template is None:
        raise _refuse(
            "notification.unknown_template",
            "template",
            f"Неизвестный шаблон уведомления {key!r}.",
            f"unknown notification template {key!r}",
        )
    if language not in LANGUAGES:
        raise _refuse(
            "notification.language",
            "language",
            f"Язык уведомлений {language!r} не поддерживается (ru, en).",
            f"unsupported notification language {language!r} (ru, en)",
        )
    missing = [name for name in template.params if name not in params]
    if missing:
        raise _refuse(
            "notification.missing_param",
            missing[0],
            f"Для шаблона {key!r} не хватает параметров: {', '.join(missing)}.",
            f"template {key!r} lacks parameters: {', '.join(missing)}",
        )
    values = {name: _show(value, language) for name, value in params.items()}
    if "days" in params:
        values["days_text"] = _days_text(params["days"], language)
    subject = template.subject_ru if language == "ru" else template.subject_en
    text = template.text_ru if language == "ru" else template.text_en
    return Rendered(subject.format_map(values), text.format_map(values))
