"""Every ``python`` block of a docs page runs as written, the page's blocks as one program.

The project's standard is that documentation snippets are run by tests: a page's blocks
share one namespace, in order, in a fresh working directory, so a fragment may use what
an earlier block of the same page defined — and a renamed method or a wrong value in the
prose's code fails here. A ``test_*`` function a page shows is then run too, with pytest's
own fixtures (the accredkit plugin's among them). A quoted, abridged piece of the
library's own internals is fenced ``text``, not ``python``: a host cannot import it.
"""

from __future__ import annotations

import inspect
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from accredkit import Cabinet
from tests.support.accounts_harness import AccountsHarness

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
_BUDGET_SECONDS = 20


def _pages() -> list[str]:
    return sorted(
        page.name for page in DOCS.glob("*.md") if _BLOCK.search(page.read_text(encoding="utf-8"))
    )


def _blocks(page: str) -> Iterator[tuple[int, str]]:
    """Each block with the line it starts on, so a traceback names the page's own line."""
    text = (DOCS / page).read_text(encoding="utf-8")
    for found in _BLOCK.finditer(text):
        yield text.count("\n", 0, found.start(1)), found.group(1)


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError(f"a docs page ran past its {_BUDGET_SECONDS} s budget")


def _run_shown_test(
    shown: Callable[..., object], request: pytest.FixtureRequest, page: str
) -> None:
    """Call a page's test with pytest's fixtures; one needing the page's own is run there."""
    try:
        fixtures = {p: request.getfixturevalue(p) for p in inspect.signature(shown).parameters}
    except pytest.FixtureLookupError:
        calls = (DOCS / page).read_text(encoding="utf-8").count(f"{shown.__name__}(")
        assert calls > 1, f"{page} shows {shown.__name__} with fixtures nobody provides"
        return
    shown(**fixtures)


def test_the_pages_with_python_are_found() -> None:
    assert len(_pages()) >= 10
    assert "getting-started.md" in _pages()


@pytest.mark.parametrize("page", _pages())
def test_docs_page_runs_as_written(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(tmp_path)
    module = f"docs_{Path(page).stem.replace('-', '_')}"
    namespace: dict[str, object] = {"__name__": module}
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(_BUDGET_SECONDS)
    try:
        for line, source in _blocks(page):
            exec(compile("\n" * line + source, str(DOCS / page), "exec"), namespace)
        for name, shown in list(namespace.items()):
            if name.startswith("test_") and inspect.isfunction(shown):
                assert shown.__module__ == module
                _run_shown_test(shown, request, page)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        for value in namespace.values():
            if isinstance(value, Cabinet | AccountsHarness):
                value.close()  # a page's last cabinet; closing twice is harmless
