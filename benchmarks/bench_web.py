"""The JSON API's status call against a bare route of the same framework (Litestar).

Both run in-process through the ASGI interface (httpx's ASGI transport), so the
figures are the host's own cost: routing, the edge layer, the session check (the
idle timer's restart is stored at most once a minute, docs/security.md), the gate's
reads of the account, session and roles, the application read and the JSON answer.
The latency benchmarks run 50 concurrent clients and print p50/p99 on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import atexit
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, get

from accredkit.domain.accounts.sessions import SessionPolicy
from accredkit.services.accounts.accounts import AccountSettings
from benchmarks._runner import Benchmark, Work
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import SPECIALIST, person_form, signed_in, sqlite_config
from tests.support.web import API, WebHarness

CLIENTS = 50
_KEEP: list[Any] = []
_LATENCY: dict[str, dict[str, str]] = {}


@get("/status", sync_to_thread=False)
def _bare_status() -> dict[str, object]:
    return {"id": "a", "status": "draft", "info_deadline": None, "version": 1}


def _bare_app() -> Litestar:
    return Litestar([_bare_status], logging_config=None)


def _cabinet(engine: str, people: int = 1) -> tuple[WebHarness, list[tuple[str, str]]]:
    """A served cabinet on ``engine``; for each of ``people`` applicants, a token and the
    status path of their own draft."""
    root = Path(tempfile.mkdtemp(prefix="accredkit-bench-web-"))
    atexit.register(shutil.rmtree, root, True)
    config = sqlite_config(root)
    if engine == "postgresql":
        from tests.support.postgres import PostgresServer

        server = PostgresServer.start()
        atexit.register(server.stop)
        config["storage"] = server.create_database()
    # Signing 50 people in moves the frozen clock 25 minutes: sessions idle for 2 hours.
    sessions = SessionPolicy(idle=timedelta(hours=2), absolute=timedelta(hours=12))
    harness = AccountsHarness(config, settings=AccountSettings(sessions=sessions))
    web = WebHarness(harness=harness, staff={})
    _KEEP.append(web)
    clients = []
    for n in range(people):
        person = signed_in(web.h, person_form(n))
        assert person.token is not None
        draft = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
        clients.append((person.token, f"{API}/applications/{draft.id}/status"))
    return web, clients


async def _calls(app: Any, path: str, headers: dict[str, str], count: int) -> list[float]:
    """``count`` sequential GETs of one client; each one's seconds."""
    transport = httpx.ASGITransport(app=app)
    spent = []
    async with httpx.AsyncClient(transport=transport, base_url="https://bench.local") as client:
        for _ in range(count):
            start = time.perf_counter()
            answer = await client.get(path, headers=headers)
            spent.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
    return spent


async def _clients(app: Any, clients: list[tuple[str, str]], each: int) -> list[float]:
    runs = [_calls(app, path, _bearer(token), each) for token, path in clients]
    return [t for one in await asyncio.gather(*runs) for t in one]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _percentiles(spent: list[float]) -> str:
    cuts = statistics.quantiles(spent, n=100)
    return f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms ({len(spent)} calls)"


def _sequential(quick: bool) -> tuple[Work, Work, int]:
    web, [(token, path)] = _cabinet("sqlite")
    headers = _bearer(token)
    bare = _bare_app()
    count = 50 if quick else 300

    def ours() -> None:
        asyncio.run(_calls(web.app, path, headers, count))

    def baseline() -> None:  # the same request: the bare route ignores the header
        asyncio.run(_calls(bare, "/status", headers, count))

    return ours, baseline, count


def _concurrent(engine: str) -> Any:
    def setup(quick: bool) -> tuple[Work, Work, int]:
        web, clients = _cabinet(engine, CLIENTS)
        bare = _bare_app()
        each = 2 if quick else 10
        figures = _LATENCY.setdefault(engine, {})

        def ours() -> None:
            figures["status call"] = _percentiles(asyncio.run(_clients(web.app, clients, each)))

        def baseline() -> None:
            bare_clients = [("", "/status")] * CLIENTS
            figures["bare route"] = _percentiles(asyncio.run(_clients(bare, bare_clients, each)))

        return ours, baseline, CLIENTS * each

    return setup


BENCHMARKS = [
    Benchmark(
        name="web: status call vs bare Litestar route (SQLite)",
        baseline_name="bare route",
        setup=_sequential,
        target=3.0,
    ),
    *(
        Benchmark(
            name=f"web: 50 concurrent clients, status call ({engine})",
            baseline_name="bare route",
            setup=_concurrent(engine),
            target=None,
            describe=lambda engine=engine: dict(_LATENCY.get(engine, {})),  # type: ignore[misc]
        )
        for engine in ("sqlite", "postgresql")
    ),
]
