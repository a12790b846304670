"""The signed-in status page against a bare HTML page of the same framework (Litestar).

Both run in-process through the ASGI interface. The cabinet's page pays for what a
person's browser asks: the edge layer, the session cookie through ``actor_for`` (the
idle timer's restart stored at most once a minute), the application and its messages
(each use case re-reading the account, session and roles), and the Jinja2 render; the
bare page is one static HTML answer.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, Response, get

from accredkit.web import COOKIE_NAME
from benchmarks._runner import Benchmark, Work
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import SPECIALIST, signed_in, sqlite_config
from tests.support.web import WebHarness

_KEEP: list[Any] = []
_BARE_HTML = (
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Статус</title>'
    "</head><body><main><h1>Заявление</h1><p>Статус: черновик</p></main></body></html>"
)


@get("/page", sync_to_thread=False)
def _bare_page() -> Response[str]:
    return Response(_BARE_HTML, media_type="text/html; charset=utf-8")


async def _pages(app: Any, path: str, headers: dict[str, str], count: int) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://bench.local") as client:
        for _ in range(count):
            answer = await client.get(path, headers=headers)
            assert answer.status_code == 200, answer.text[:500]


def _setup(quick: bool) -> tuple[Work, Work, int]:
    root = Path(tempfile.mkdtemp(prefix="accredkit-bench-pages-"))
    atexit.register(shutil.rmtree, root, True)
    web = WebHarness(harness=AccountsHarness(sqlite_config(root)), staff={})
    _KEEP.append(web)
    person = signed_in(web.h)
    assert person.token is not None
    draft = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    path = f"/cabinet/applications/{draft.id}"
    # Both sides send the same request: the session cookie as a header (the bare page
    # ignores it), so the client's own work is the same on both and the ratio is the
    # server's.
    headers = {"Cookie": f"{COOKIE_NAME}={person.token}"}
    bare = Litestar([_bare_page], logging_config=None)
    count = 50 if quick else 300
    asyncio.run(_pages(web.app, path, headers, 3))  # templates compiled before timing

    def ours() -> None:
        asyncio.run(_pages(web.app, path, headers, count))

    def baseline() -> None:
        asyncio.run(_pages(bare, "/page", headers, count))

    return ours, baseline, count


BENCHMARKS = [
    Benchmark(
        name="pages: signed-in status page vs bare Litestar page (SQLite)",
        baseline_name="bare page",
        setup=_setup,
        target=3.0,
    )
]
