"""The README's Python tour runs as written, and the host pages import only from ``accredkit``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
_IMPORT = re.compile(r"^\s*(?:from|import) (accredkit(?:\.[\w.]+)?)(?!\w)", re.M)
HOST_PAGES = ("README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")))
# Besides ``accredkit``: the test helpers, and the optional web host's own package.
ALLOWED = ("accredkit.testing", "accredkit.web")


def _tour() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The same story in Python", 1)[1]
    found = _BLOCK.search(section)
    assert found is not None
    return found.group(1)


def test_the_readme_tour_runs_as_written() -> None:
    namespace: dict[str, object] = {}
    exec(compile(_tour(), "README.md", "exec"), namespace)
    cabinet = namespace["cabinet"]
    namespace["h"].close()  # type: ignore[attr-defined]
    assert cabinet is not None


@pytest.mark.parametrize("page", HOST_PAGES)
def test_host_pages_import_only_from_accredkit(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    modules = {m for block in _BLOCK.findall(text) for m in _IMPORT.findall(block)}
    deep = sorted(m for m in modules if m != "accredkit" and not m.startswith(ALLOWED))
    assert deep == []
