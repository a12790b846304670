"""Where a read route runs: in the event loop on embedded storage, in a worker thread
on PostgreSQL and for any write (docs/web.md, "Where a route runs").

Where the library ran is observed through the cabinet's clock, which every status call
reads: from a thread running the event loop, or from a worker thread. The stall tests
hold a real lock on the real database and show that the other requests still answer.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from accredkit import WriteDeferred
from accredkit.adapters.clock import FrozenClock
from accredkit.services.schema import SESSIONS
from accredkit.web import COOKIE_NAME, OPENAPI_PATH
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    SPECIALIST,
    Person,
    person_form,
    signed_in,
    sqlite_config,
)
from tests.support.web import API, WebHarness

_BASE = "https://testserver.local"


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def where_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``watch(clock)``: a list that says, for each reading of ``clock``, if it was in the loop."""

    def watch(clock: FrozenClock) -> list[bool]:
        seen: list[bool] = []
        real = clock.now

        def now() -> datetime:
            seen.append(_in_event_loop())
            return real()

        monkeypatch.setattr(clock, "now", now)
        return seen

    yield watch


@pytest.fixture
def served() -> Iterator[Any]:
    """``served(config)``: a cabinet served over HTTP, its storage closed after the test."""
    made: list[WebHarness] = []

    def serve(config: dict[str, Any] | None) -> WebHarness:
        made.append(WebHarness(harness=AccountsHarness(config), staff={}))
        return made[-1]

    yield serve
    for web in made:
        web.h.close()


def _draft(web: WebHarness, person: Person) -> str:
    return web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST).id


def _draft_status(web: WebHarness, person: Person) -> str:
    return f"{API}/applications/{_draft(web, person)}/status"


def _bearer(person: Person) -> dict[str, str]:
    assert person.token is not None
    return {"Authorization": f"Bearer {person.token}"}


def _stored_last_seen(web: WebHarness, person: Person) -> datetime:
    assert person.actor.session_id is not None
    with web.h.cabinet.storage.unit_of_work() as uow:
        return uow.repository(SESSIONS).get(person.actor.session_id).last_seen_at


def _journal_size(h: AccountsHarness) -> int:
    with h.cabinet.storage.unit_of_work() as uow:
        return uow.journal.size()


def test_a_commit_inside_reading_only_is_refused_and_writes_nothing() -> None:
    h = AccountsHarness()
    person = signed_in(h)
    journal = _journal_size(h)
    with h.cabinet.reading_only():
        assert h.cabinet.applications.list(person.actor) == []  # reads go on
        with pytest.raises(WriteDeferred) as refused:
            h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    assert refused.value.code == "storage.write_deferred"
    assert h.cabinet.applications.list(person.actor) == []
    assert _journal_size(h) == journal
    h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)  # outside: written
    assert len(h.cabinet.applications.list(person.actor)) == 1


def test_embedded_storages_read_locally_and_postgresql_does_not(
    tmp_path: Path, postgres_url: str
) -> None:
    config = sqlite_config(tmp_path)
    for storage, local in ((None, True), (config["storage"], True), (postgres_url, False)):
        h = AccountsHarness(None if storage is None else {**config, "storage": storage})
        try:
            assert h.cabinet.local_reads is local, storage
        finally:
            h.close()


def test_on_sqlite_a_status_call_is_answered_in_the_event_loop(
    tmp_path: Path, served: Any, where_read: Any
) -> None:
    web = served(sqlite_config(tmp_path))
    person = signed_in(web.h)
    path = _draft_status(web, person)
    seen = where_read(web.h.clock)
    with web.client() as client:
        assert client.get(path, headers=_bearer(person)).status_code == 200
        assert seen
        assert all(seen)
        # The idle timer is due to be stored: the call wants to write, so it runs again
        # in a worker thread, and the write is made there once.
        later = web.h.clock.advance(timedelta(minutes=2))
        seen.clear()
        assert client.get(path, headers=_bearer(person)).status_code == 200
        assert True in seen
        assert False in seen
        assert _stored_last_seen(web, person) == later


def test_on_postgresql_every_route_runs_off_the_event_loop(
    tmp_path: Path, postgres_url: str, served: Any, where_read: Any
) -> None:
    web = served({**sqlite_config(tmp_path), "storage": postgres_url})
    person = signed_in(web.h)
    draft = _draft(web, person)
    seen = where_read(web.h.clock)
    with web.client() as client:
        status = client.get(f"{API}/applications/{draft}/status", headers=_bearer(person))
        assert status.status_code == 200
        assert person.token is not None
        client.cookies.set(COOKIE_NAME, person.token)
        assert client.get(f"/cabinet/applications/{draft}").status_code == 200
    assert seen
    assert not any(seen)


_RELEASE_AFTER = 2.0
"""Seconds the database stays locked: a stalled event loop shows as the slow request done
before the other one was even sent."""


async def _while_one_waits(
    app: Any, waiting: tuple[str, dict[str, str]], other: tuple[str, dict[str, str]]
) -> tuple[httpx.Response, httpx.Response]:
    """Send ``waiting`` (it meets the lock), then ``other``, which must be answered first."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=_BASE) as client:
        slow = asyncio.create_task(client.get(waiting[0], headers=waiting[1]))
        await asyncio.sleep(0.3)  # it has reached the lock
        assert not slow.done(), "the waiting request held the event loop until the lock went"
        answer = await asyncio.wait_for(client.get(other[0], headers=other[1]), timeout=10)
        assert not slow.done()  # the other one was answered while it waited
        return await slow, answer


def _locked_for_a_while(take: Any, release: Any) -> threading.Timer:
    """Take a lock now and release it from another thread after ``_RELEASE_AFTER`` s."""
    take()
    timer = threading.Timer(_RELEASE_AFTER, release)
    timer.start()
    return timer


def test_on_sqlite_a_write_waiting_for_the_lock_stalls_no_read(tmp_path: Path, served: Any) -> None:
    web = served(sqlite_config(tmp_path))
    due = signed_in(web.h, person_form(1))
    due_path = _draft_status(web, due)
    web.h.clock.advance(timedelta(minutes=5))  # the first session's idle timer is due
    fresh = signed_in(web.h, person_form(2))
    fresh_path = _draft_status(web, fresh)
    lock = sqlite3.connect(tmp_path / "cabinet.db", isolation_level=None, check_same_thread=False)
    timer = _locked_for_a_while(
        lambda: lock.execute("BEGIN IMMEDIATE"),  # another writer holds the database
        lambda: lock.execute("ROLLBACK"),
    )
    try:
        slow, answer = asyncio.run(
            _while_one_waits(web.app, (due_path, _bearer(due)), (fresh_path, _bearer(fresh)))
        )
    finally:
        timer.join()
        lock.close()
    assert answer.status_code == 200
    assert slow.status_code == 200
    assert _stored_last_seen(web, due) == web.h.clock.now()


def test_on_postgresql_a_read_waiting_for_a_lock_stalls_no_other_request(
    tmp_path: Path, postgres_url: str, served: Any
) -> None:
    web = served({**sqlite_config(tmp_path), "storage": postgres_url})
    person = signed_in(web.h)
    path = _draft_status(web, person)
    with psycopg.connect(postgres_url) as lock:
        timer = _locked_for_a_while(
            lambda: lock.execute("LOCK TABLE c_sessions IN ACCESS EXCLUSIVE MODE"),
            lock.rollback,
        )
        try:
            slow, answer = asyncio.run(
                _while_one_waits(web.app, (path, _bearer(person)), (OPENAPI_PATH, {}))
            )
        finally:
            timer.join()
    assert answer.status_code == 200
    assert slow.status_code == 200
