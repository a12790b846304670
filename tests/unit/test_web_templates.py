"""The pages' environments: texts translated while compiling, times in Moscow time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from accredkit import MOSCOW
from accredkit.domain.applications.application import Application, DocumentRef
from accredkit.domain.applications.catalogues_data import PORTAL
from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.testing.lifecycle_strategies import document_refs
from accredkit.web._i18n import translate
from accredkit.web._page_rows import document_rows
from accredkit.web._pages import FormError
from accredkit.web._templates import TEMPLATES_DIR, clock, environment, template

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


_MOMENTS = st.datetimes(
    min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30), timezones=st.just(UTC)
)


@given(moment=_MOMENTS, lang=st.sampled_from(["ru", "en"]))
def test_the_hand_made_moscow_formats_match_strftime(moment: datetime, lang: str) -> None:
    """The filters format by hand for speed; they show what ``strftime`` would."""
    env, zone = environment(lang), {"ru": "МСК", "en": "MSK"}[lang]
    local = moment.astimezone(MOSCOW)
    assert env.filters["msk"](moment) == local.strftime("%d.%m.%Y %H:%M ") + zone
    assert env.filters["msk_time"](moment) == clock(moment, lang) == local.strftime("%H:%M ") + zone
    assert env.filters["msk_day"](moment) == local.strftime("%d.%m.%Y")
    assert env.filters["msk_day"](moment.date()) == moment.date().strftime("%d.%m.%Y")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_kept_template_renders_as_the_environment_s_own(lang: str) -> None:
    kept = template(lang, "error.html")
    assert kept is template(lang, "error.html")  # compiled once, then looked up
    assert type(kept.globals) is dict
    assert kept.globals["lang"] == lang
    values = {
        "csrf": "c",
        "signed_in": False,
        "here": "/",
        "lang_next": "/",
        "idle_until": None,
        "idle_seconds": None,
        "idle_iso": "",
        "idle_clock": "",
        "error": FormError("m", "h", {}),
        "code": "x.y",
    }
    fresh = environment(lang).from_string(
        (TEMPLATES_DIR / "error.html").read_text(encoding="utf-8")
    )
    assert kept.render(**values) == fresh.render(**values)


_GENERAL = PORTAL.type("general")
_T0 = datetime(2026, 3, 2, 7, 5, tzinfo=UTC)


@given(
    refs=st.lists(
        st.sampled_from(_GENERAL.required_documents).flatmap(lambda k: document_refs(kind=k)),
        max_size=6,
        unique_by=lambda r: r.sha256,
    ),
    status=st.sampled_from(ApplicationStatus),
    refused=st.sets(st.sampled_from(_GENERAL.required_documents)),
    lang=st.sampled_from(["ru", "en"]),
)
def test_every_required_kind_is_one_row_with_its_files(
    refs: list[DocumentRef], status: ApplicationStatus, refused: set[str], lang: str
) -> None:
    app = Application.create(
        id="app-1", applicant_id="a-1", catalogue="portal", accreditation_type=_GENERAL, at=_T0
    )
    for ref in refs:
        app = app.attach_document(ref)
    app = attrs.evolve(app, status=status)
    errors = {kind: FormError(kind, "", {}) for kind in refused}
    rows = document_rows(app, errors, lang)
    assert [r.kind for r in rows] == list(app.required_documents)
    editable = status in (ApplicationStatus.DRAFT, ApplicationStatus.NEEDS_INFO)
    for row in rows:
        mine = [d for d in app.documents if d.kind == row.kind]
        assert [f.sha256 for f in row.files] == [d.sha256 for d in mine]
        assert [f.kib for f in row.files] == [round(d.size / 1024, 1) for d in mine]
        assert row.upload is (editable and not mine)
        assert row.title == translate(row.kind, lang)
        assert row.error is errors.get(row.kind)
