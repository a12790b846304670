"""The documentation covers every port, every hook and every configuration key.

Like datasette's documentation tests: adding a port module, a hook specification or a
``Config`` key without documenting it fails here. The built site is read from
``$ACCREDKIT_DOCS_SITE`` (``make test`` builds it just before) or built afresh with
``mkdocs build --strict``.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import attrs
import pytest

import accredkit.ports
from accredkit.config import Config
from accredkit.plugins import hookspecs
from accredkit.plugins.manager import port_members

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = os.environ.get("ACCREDKIT_DOCS_SITE")
    if built and (Path(built) / "index.html").exists():
        return Path(built)
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return target


def _sources() -> dict[Path, str]:
    return {page: page.read_text(encoding="utf-8") for page in DOCS.rglob("*.md")}


def _page_declaring(directive: str) -> Path:
    pattern = re.compile(rf"^:::\s+{re.escape(directive)}\s*$", re.MULTILINE)
    pages = [page for page, text in _sources().items() if pattern.search(text)]
    assert pages, f"no docs page has a `::: {directive}` block"
    return pages[0]


def _built_text(site: Path, page: Path) -> str:
    relative = page.relative_to(DOCS).with_suffix("")
    built = site / "index.html" if relative.name == "index" else site / relative / "index.html"
    text = html.unescape(re.sub(r"<[^>]+>", "", built.read_text(encoding="utf-8")))
    return re.sub(r"\s+", " ", text)


def _rendered_parameters(text: str, name: str) -> list[list[str]]:
    """Parameter names of every rendered signature ``name(...)`` in ``text``."""
    found = []
    for match in re.finditer(rf"(?<![\w.]){re.escape(name)}\(", text):
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        inside, parts, depth, current = text[match.end() : end - 1], [], 0, ""
        for char in inside:
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
            if char == "," and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += char
        parts.append(current)
        names = [re.split(r"[:=]", p)[0].strip().lstrip("*") for p in parts]
        found.append([n for n in names if n and n not in ("/", "")])
    return found


def _expected_parameters(function: Callable[..., Any]) -> list[str]:
    return [p for p in inspect.signature(function).parameters if p != "self"]


def _port_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(accredkit.ports.__path__))


def _protocols(module_name: str) -> list[type[Any]]:
    module = importlib.import_module(f"accredkit.ports.{module_name}")
    return [
        obj
        for name in module.__all__
        if inspect.isclass(obj := getattr(module, name)) and Protocol in obj.__mro__
    ]


def _hookspecs() -> list[str]:
    return sorted(
        name
        for name, obj in vars(hookspecs).items()
        if callable(obj) and hasattr(obj, f"{hookspecs.PROJECT}_spec")
    )


def test_there_are_ports_and_hooks_to_check() -> None:
    assert len(_port_modules()) >= 9
    assert "accredkit_register_sms_senders" in _hookspecs()
    assert "accredkit_on_event" in _hookspecs()


@pytest.mark.parametrize("module_name", _port_modules())
def test_every_port_module_has_a_reference_block(module_name: str) -> None:
    assert _page_declaring(f"accredkit.ports.{module_name}").name == "ports.md"


@pytest.mark.parametrize("module_name", _port_modules())
def test_every_port_member_is_rendered_with_its_signature(site: Path, module_name: str) -> None:
    text = _built_text(site, _page_declaring(f"accredkit.ports.{module_name}"))
    protocols = _protocols(module_name)
    assert protocols, f"accredkit.ports.{module_name} exports no Protocol"
    for protocol in protocols:
        assert protocol.__name__ in text
        for member in sorted(port_members(protocol)):
            value = inspect.getattr_static(protocol, member, None)
            if inspect.isfunction(value):
                expected = _expected_parameters(value)
                rendered = _rendered_parameters(text, member)
                assert expected in rendered, (
                    f"{protocol.__name__}.{member}{inspect.signature(value)} "
                    f"is not rendered with parameters {expected}; found {rendered}"
                )
            elif isinstance(value, property):
                assert f"{member} " in text, f"{protocol.__name__}.{member} is not documented"
            else:
                annotation = protocol.__annotations__[member]
                assert f"{member}: {annotation}" in text, (
                    f"{protocol.__name__}.{member} is not documented with its type"
                )


def test_the_hookspecs_module_has_a_reference_block() -> None:
    assert _page_declaring("accredkit.plugins.hookspecs").name == "hooks.md"


@pytest.mark.parametrize("hook", _hookspecs())
def test_every_hook_is_listed_and_rendered_with_its_signature(site: Path, hook: str) -> None:
    page = _page_declaring("accredkit.plugins.hookspecs")
    assert re.search(rf"^\s+- {hook}$", page.read_text(encoding="utf-8"), re.MULTILINE), (
        f"{hook} is missing from the members list in {page.name}"
    )
    expected = _expected_parameters(getattr(hookspecs, hook))
    assert expected in _rendered_parameters(_built_text(site, page), hook)


def _config_table() -> dict[str, str]:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text, re.MULTILINE)
    return dict(rows)


def test_configuration_reference_lists_exactly_the_config_keys() -> None:
    assert sorted(_config_table()) == sorted(Config.keys())


def test_configuration_reference_shows_each_default() -> None:
    table = _config_table()
    defaults = attrs.asdict(Config(), recurse=False)
    for key, default in defaults.items():
        assert table[key] == repr(default), f"default of {key!r} differs"


@pytest.mark.parametrize(
    "act",
    [
        "№ 323-ФЗ, ст. 69",
        "«Об основах охраны здоровья граждан в Российской Федерации»",
        "№ 152-ФЗ",
        "«О персональных данных»",
        "№ 63-ФЗ",
        "«Об электронной подписи»",
        "№ 210-ФЗ",
        "«Об организации предоставления государственных и муниципальных услуг»",
        "от 28.10.2022 № 709н",
        "2023-01-01 until 2029-01-01",
    ],
)
def test_the_legal_basis_names_each_act_correctly(act: str) -> None:
    assert act in (DOCS / "domain.md").read_text(encoding="utf-8")


def _optional_pages() -> frozenset[str]:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "tools/mkdocs_hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pages: frozenset[str] = module.OPTIONAL_PAGES
    return pages


def test_the_navigation_tolerates_pages_from_other_branches(site: Path) -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in _optional_pages():
        assert f": {page}" in nav
        assert (site / Path(page).stem / "index.html").exists() == (DOCS / page).exists()
