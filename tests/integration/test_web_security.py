"""Security at the edge of ``accredkit.web``: CSRF, the cookie, CORS, 413, idle sessions, 429."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from accredkit.domain.applications.lifecycle import Role
from accredkit.web import COOKIE_NAME, CSRF_HEADER, MAX_UPLOAD, WebSettings
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import SPECIALIST, Person, signed_in
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START), staff={Role.REVIEWER: 1})
    yield w
    w.close()


@pytest.fixture
def person(web: WebHarness) -> Person:
    return signed_in(web.h, default_form())


def _cookie_login(web: WebHarness, http: Any, person: Person) -> Any:
    form = default_form()
    step = http.post(f"{API}/login", json={"login": form.email, "password": form.password})
    assert step.status_code == 200, step.text
    assert step.json()["stage"] == "second_factor"
    code = web.h.totp_code(person.account_id)
    done = http.post(
        f"{API}/login/{step.json()['pending_id']}/second-factor",
        json={"code": code, "session": "cookie"},
    )
    assert done.status_code == 200, done.text
    return done


def test_cookie_session_is_host_prefixed_secure_httponly_strict(
    web: WebHarness, person: Person
) -> None:
    with web.client() as http:
        done = _cookie_login(web, http, person)
    assert done.json()["token"] is None  # the cookie carries it, the body does not
    assert done.json()["csrf_token"]
    [cookie] = [v for k, v in done.headers.multi_items() if k == "set-cookie"]
    name, _, rest = cookie.partition("=")
    attributes = {part.strip().split("=")[0].lower() for part in rest.split(";")[1:]}
    assert name == COOKIE_NAME
    assert COOKIE_NAME.startswith("__Host-")
    assert {"secure", "httponly", "samesite", "path"} <= attributes
    assert "domain" not in attributes
    assert "samesite=strict" in cookie.lower().replace(" ", "")
    assert "path=/;" in cookie.lower().replace(" ", "") + ";"


def test_cookie_state_change_refused_without_the_csrf_token(
    web: WebHarness, person: Person
) -> None:
    body = {"type_code": "general"}
    with web.client() as http:
        csrf = _cookie_login(web, http, person).json()["csrf_token"]
        assert http.get(f"{API}/me").status_code == 200  # reading needs no CSRF token
        missing = http.post(f"{API}/applications", json=body)
        assert missing.status_code == 403
        assert missing.json()["code"] == "csrf.missing"
        wrong = http.post(f"{API}/applications", json=body, headers={CSRF_HEADER: "0" * 64})
        assert wrong.status_code == 403
        assert wrong.json()["code"] == "csrf.mismatch"
        assert http.get(f"{API}/applications").json()["total"] == 0  # nothing was created
        created = http.post(f"{API}/applications", json=body, headers={CSRF_HEADER: csrf})
        assert created.status_code == 201, created.text


def test_bearer_requests_need_no_csrf_token(web: WebHarness, person: Person) -> None:
    with web.client() as http:
        created = http.post(
            f"{API}/applications",
            json={"type_code": "general"},
            headers={"Authorization": f"Bearer {person.token}"},
        )
    assert created.status_code == 201, created.text


def test_cors_is_closed_by_default(web: WebHarness) -> None:
    preflight = {
        "Origin": "https://evil.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    with web.client() as http:
        options = http.options(f"{API}/login", headers=preflight)
        simple = http.get(f"{API}/catalogue", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in options.headers
    assert "access-control-allow-origin" not in simple.headers
    assert simple.status_code == 200


def test_cors_opens_only_to_the_configured_origin() -> None:
    w = WebHarness(
        harness=AccountsHarness(at=START),
        staff={},
        settings=WebSettings(allowed_origins=("https://portal.example",)),
    )
    try:
        with w.client() as http:
            ok = http.get(f"{API}/catalogue", headers={"Origin": "https://portal.example"})
            evil = http.get(f"{API}/catalogue", headers={"Origin": "https://evil.example"})
    finally:
        w.close()
    assert ok.headers["access-control-allow-origin"] == "https://portal.example"
    assert evil.headers.get("access-control-allow-origin") != "https://evil.example"


def test_idle_session_is_refused(web: WebHarness, person: Person) -> None:
    auth = {"Authorization": f"Bearer {person.token}"}
    with web.client() as http:
        assert http.get(f"{API}/me", headers=auth).status_code == 200
        web.h.clock.advance(timedelta(minutes=16))
        idle = http.get(f"{API}/me", headers=auth)
    assert idle.status_code == 401
    assert idle.json()["code"] == "session.expired"
    assert idle.headers["www-authenticate"].startswith("Bearer")


def test_login_throttle_answers_429_with_retry_after(web: WebHarness, person: Person) -> None:
    form = default_form()
    statuses = []
    with web.client() as http:
        for _ in range(30):
            answer = http.post(f"{API}/login", json={"login": form.email, "password": "x" * 12})
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                break
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert answer.json()["code"] == "auth.throttled"
    assert int(answer.headers["retry-after"]) >= 1


def test_json_body_over_the_limit_is_413(web: WebHarness) -> None:
    with web.client() as http:
        answer = http.post(
            f"{API}/login",
            content=b'{"login": "' + b"1" * (100 * 1024) + b'"}',
            headers={"Content-Type": "application/json"},
        )
    assert answer.status_code == 413
    assert answer.json()["code"] == "document.too_large"


# --- 413 for uploads, before the body is read whole -----------------------------------

_BOUNDARY = "accredkit-test-boundary"
_CHUNK = 64 * 1024


def _multipart(size: int) -> bytes:
    head = (
        f'--{_BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n'
        f'--{_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    return head + b"%" * size + f"\r\n--{_BOUNDARY}--\r\n".encode()


def _upload(web: WebHarness, person: Person, body: bytes) -> tuple[int, dict[str, Any], int, int]:
    """POST ``body`` in 64 KiB chunks, without Content-Length; (status, JSON, chunks read, all)."""
    app = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    chunks = [body[i : i + _CHUNK] for i in range(0, len(body), _CHUNK)]
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read >= len(chunks):
            await asyncio.sleep(3600)  # the client is still there, sending nothing more
        read += 1
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": f"{API}/applications/{app.id}/documents",
        "raw_path": f"{API}/applications/{app.id}/documents".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver.local"),
            (b"authorization", f"Bearer {person.token}".encode()),
            (b"content-type", f"multipart/form-data; boundary={_BOUNDARY}".encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver.local", 443),
    }
    asyncio.run(asyncio.wait_for(web.app(scope, receive, send), 30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(payload), read, len(chunks)


def test_upload_of_5_mib_plus_one_is_413(web: WebHarness, person: Person) -> None:
    status, body, _, _ = _upload(web, person, _multipart(MAX_UPLOAD + 1))
    assert status == 413
    assert body["code"] == "document.too_large"
    assert web.h.cabinet.applications.list(person.actor)[0].documents == ()


def test_upload_of_exactly_5_mib_is_not_refused_for_size(web: WebHarness, person: Person) -> None:
    status, body, _, _ = _upload(web, person, _multipart(MAX_UPLOAD))
    assert status == 422  # checked by content: this is no PDF, but not too large
    assert body["code"] != "document.too_large"


def test_oversized_upload_is_refused_before_the_body_is_read(
    web: WebHarness, person: Person
) -> None:
    status, _, read, total = _upload(web, person, _multipart(3 * MAX_UPLOAD))
    assert status == 413
    assert read <= MAX_UPLOAD // _CHUNK + 2  # just past the limit
    assert read < total // 2


def test_a_request_over_the_time_limit_is_answered_503() -> None:
    w = WebHarness(
        harness=AccountsHarness(at=START), staff={}, settings=WebSettings(request_timeout=1e-9)
    )
    try:
        with w.client() as http:
            answer = http.get(f"{API}/catalogue")
    finally:
        w.close()
    assert answer.status_code == 503
    assert answer.json()["code"] == "http.timeout"
