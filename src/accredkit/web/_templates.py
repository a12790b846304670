"""The pages' Jinja2 environments: one per language, compiled once, texts translated early.

A template says ``t("Мои заявления")``; in the English environment that call becomes the
constant ``"My applications"`` while the template compiles, so a page renders without a
call per text. ``t`` stays in the context for texts that are only known at render time
(a document kind, a macro's label). Templates are read and compiled once per process
(no modification check per request): they ship inside the package (docs/web.md, "Pages").
Times are shown in Moscow time, to the minute, with the zone named.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)

from accredkit import MOSCOW
from accredkit.web._i18n import translate

__all__ = ["LANGUAGES", "clock", "environment", "template"]

LANGUAGES = ("ru", "en")
TEMPLATES_DIR = Path(__file__).parent / "templates"
_ZONE = {"ru": "МСК", "en": "MSK"}


class _EarlyTranslation(Extension):
    """Replace ``t("literal")`` by the literal's translation in the template's language."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        lang: str = self.environment.page_lang  # type: ignore[attr-defined]
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            window = tokens[i : i + 4]
            if (
                len(window) == 4
                and token.type == TOKEN_NAME
                and token.value == "t"
                and (i == 0 or tokens[i - 1].type != TOKEN_DOT)
                and [w.type for w in window[1:]] == [TOKEN_LPAREN, TOKEN_STRING, TOKEN_RPAREN]
            ):
                yield Token(token.lineno, TOKEN_STRING, translate(window[2].value, lang))
                i += 4
                continue
            yield token
            i += 1


def _moment(value: datetime, lang: str) -> str:
    m = value.astimezone(MOSCOW)  # formatted by hand: strftime is the page's slowest call
    return f"{m.day:02}.{m.month:02}.{m.year:04} {m.hour:02}:{m.minute:02} {_ZONE[lang]}"


def clock(value: datetime, lang: str) -> str:
    """The Moscow minute of ``value`` with the zone named (the ``msk_time`` filter)."""
    m = value.astimezone(MOSCOW)
    return f"{m.hour:02}:{m.minute:02} {_ZONE[lang]}"


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(MOSCOW).date()
    return f"{value.day:02}.{value.month:02}.{value.year:04}"


@cache
def environment(lang: str) -> jinja2.Environment:
    """The environment of ``lang`` (``ru`` or ``en``), built on first use and kept.

    Filters: ``msk`` (a moment: day and minute in Moscow, the zone named), ``msk_time``
    (the minute alone) and ``msk_day`` (the Moscow calendar day of a moment, or a date).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no pages in {lang!r}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=[_EarlyTranslation],
    )
    env.extend(page_lang=lang)
    # The language is the environment's: templates imported without a page's context
    # (built once, not per render) still translate.
    env.globals.update(t=lambda text: translate(text, lang), lang=lang)
    env.filters["msk"] = lambda value: _moment(value, lang)
    env.filters["msk_time"] = lambda value: clock(value, lang)
    env.filters["msk_day"] = _day
    return env


_TEMPLATES: dict[tuple[str, str], jinja2.Template] = {}


def template(lang: str, name: str) -> jinja2.Template:
    """The compiled template ``name`` of ``lang``, kept after its first use.

    Looked up in a plain dict, not through the environment's loader cache; its globals
    are flattened from a chain of mappings into one dict, which every render copies.
    """
    key = (lang, name)
    found = _TEMPLATES.get(key)
    if found is None:
        found = environment(lang).get_template(name)
        # The environment's globals are set once, when it is built: a flat copy stays true.
        found.globals = dict(found.globals)
        found = _TEMPLATES.setdefault(key, found)
    return found
