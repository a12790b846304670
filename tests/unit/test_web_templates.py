"""The pages' environments: texts translated while compiling, times in Moscow time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from markupsafe import escape

from accredkit.web._i18n import translate
from accredkit.web._templates import TEMPLATES_DIR, environment

MORNING = datetime(2026, 3, 2, 7, 5, 59, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_literal_text_is_translated_while_compiling(lang: str) -> None:
    env = environment(lang)
    source = env.loader.get_source(env, "base.html")[0]  # type: ignore[union-attr]
    code = env.compile(source, raw=True)
    assert "Мои заявления" in source
    assert ("My applications" in code) is (lang == "en")
    assert "resolve('t')" not in code  # base.html's texts are all literal: no call is left


def test_a_text_known_only_at_render_time_is_still_translated() -> None:
    template = environment("en").from_string('{{ t(kind) }} · {{ x.t("Выйти") }}')
    answer = template.render(t=lambda text: translate(text, "en"), kind="passport", x={"t": str})
    assert answer == f"{translate('passport', 'en')} · Выйти"  # an attribute call is left alone


_LITERAL = re.compile(r"""(?<![.\w])t\((["'])(.+?)\1\)""")
_LITERALS = sorted(
    {m.group(2) for p in TEMPLATES_DIR.glob("*.html") for m in _LITERAL.finditer(p.read_text())}
)


def test_the_templates_have_texts_to_translate() -> None:
    assert len(_LITERALS) > 50


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_literal_text_reads_as_its_translation_escaped(lang: str) -> None:
    """The compile-time rewrite gives what ``t`` gives at render time, for every text used."""
    env = environment(lang)
    for text in _LITERALS:
        shown = env.from_string(f"{{{{ t({text!r}) }}}}").render()
        assert shown == str(escape(translate(text, lang))), text


@pytest.mark.parametrize(
    ("lang", "shown"), [("ru", "02.03.2026 10:05 МСК"), ("en", "02.03.2026 10:05 MSK")]
)
def test_moments_are_shown_in_moscow_time_to_the_minute(lang: str, shown: str) -> None:
    env = environment(lang)
    assert env.from_string("{{ m | msk }}").render(m=MORNING) == shown
    assert env.from_string("{{ m | msk_time }}").render(m=MORNING) == shown[-9:]


def test_a_moment_late_in_the_utc_evening_is_the_next_moscow_day() -> None:
    env = environment("ru")
    late = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
    assert env.from_string("{{ m | msk_day }}").render(m=late) == "03.03.2026"
    assert env.from_string("{{ d | msk_day }}").render(d=date(2026, 3, 2)) == "02.03.2026"


def test_no_pages_in_another_language() -> None:
    with pytest.raises(ValueError, match="de"):
        environment("de")
