"""The passkey pages without a browser: enrolment, the list, sign-in and removal.

The framework's test client posts what ``static/passkeys.js`` would post; the answers
come from ``SoftAuthenticator``, checked by the cabinet's real verification. The real
browser walks the same pages in ``tests/e2e/test_browser_passkeys.py``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from accredkit.web import COOKIE_NAME
from tests.support.accounts_harness import default_form
from tests.support.cabinet_people import signed_in
from tests.support.passkeys import SoftAuthenticator
from tests.support.web import API, WebHarness

ORIGIN = "https://testserver.local"
_OPTIONS = re.compile(r'data-options="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ACTION = re.compile(r'<form method="post" action="(/cabinet/passkeys/[^"/]+)" id="passkey-create"')


@pytest.fixture
def web() -> Iterator[WebHarness]:
    passkeys = {"rp_id": "testserver.local", "origins": [ORIGIN]}
    w = WebHarness({"settings": {"passkeys": passkeys}}, staff={})
    yield w
    w.close()


def _found(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page)
    assert match is not None, page[:2000]
    return html.unescape(match.group(1))


def _client(web: WebHarness, token: str | None = None) -> Any:
    client = web.client().__enter__()
    if token:
        client.cookies.set(COOKIE_NAME, token, domain="testserver.local")
    return client


def test_a_passkey_is_added_used_at_login_and_removed_from_the_pages(web: WebHarness) -> None:
    form = default_form()
    person = signed_in(web.h, form)
    client = _client(web, person.token)
    listing = client.get("/cabinet/passkeys")
    assert listing.status_code == 200
    assert "Ключей доступа пока нет." in listing.text
    csrf = _found(_CSRF, listing.text)

    started = client.post("/cabinet/passkeys", data={"csrf_token": csrf, "label": "Телефон"})
    assert started.status_code == 200
    assert '<script src="/static/passkeys.js" defer></script>' in started.text
    device = SoftAuthenticator(ORIGIN)
    answer = device.create(_found(_OPTIONS, started.text))
    action = _found(_ACTION, started.text)
    done = client.post(action, data={"csrf_token": csrf, "response_json": answer})
    assert done.status_code == 200  # followed the redirect back to the list
    assert "<td>Телефон</td>" in done.text

    web.h.clock.advance(timedelta(seconds=30))
    anonymous = _client(web)
    login_csrf = _found(_CSRF, anonymous.get("/login").text)
    second = anonymous.post(
        "/login", data={"csrf_token": login_csrf, "login": form.snils, "password": form.password}
    )
    assert 'id="passkey-get"' in second.text
    pending = re.search(r'action="/login/([^/"]+)/passkey"', second.text)
    assert pending is not None
    signed = anonymous.post(
        f"/login/{pending.group(1)}/passkey",
        data={"csrf_token": login_csrf, "response_json": device.get(_found(_OPTIONS, second.text))},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/cabinet"
    assert COOKIE_NAME in signed.headers.get("set-cookie", "")

    (stored,) = web.h.accounts.list_passkeys(person.token or "")
    removed = client.post(f"/cabinet/passkeys/{stored.id}/remove", data={"csrf_token": csrf})
    assert "Ключей доступа пока нет." in removed.text


def test_a_refused_answer_is_shown_on_the_page_and_stores_nothing(web: WebHarness) -> None:
    person = signed_in(web.h)
    client = _client(web, person.token)
    csrf = _found(_CSRF, client.get("/cabinet/passkeys").text)
    started = client.post("/cabinet/passkeys", data={"csrf_token": csrf, "label": "Ключ"})
    wrong = SoftAuthenticator("https://evil.example.com").create(_found(_OPTIONS, started.text))
    refused = client.post(
        _found(_ACTION, started.text), data={"csrf_token": csrf, "response_json": wrong}
    )
    assert refused.status_code == 422
    assert 'class="error-summary"' in refused.text
    assert web.h.accounts.list_passkeys(person.token or "") == []
    too_long = client.post("/cabinet/passkeys", data={"csrf_token": csrf, "label": "я" * 65})
    assert too_long.status_code == 422
    assert 'id="e-label"' in too_long.text


def test_the_script_is_the_apps_own_file() -> None:
    from accredkit.web._pages import STATIC_DIR

    script = (STATIC_DIR / "passkeys.js").read_text(encoding="utf-8")
    assert "navigator.credentials.create" in script
    assert "navigator.credentials.get" in script
    assert "eval(" not in script
    assert "innerHTML" not in script


def test_the_json_api_enrols_and_signs_in_with_a_passkey(web: WebHarness) -> None:
    form = default_form()
    person = signed_in(web.h, form)
    bearer = {"Authorization": f"Bearer {person.token}"}
    with web.client() as http:
        started = http.post(f"{API}/me/passkeys", json={"label": "Ключ"}, headers=bearer)
        assert started.status_code == 200, started.text
        body = started.json()
        device = SoftAuthenticator(ORIGIN)
        credential = json.loads(device.create(json.dumps(body["options"])))
        added = http.post(
            f"{API}/me/passkeys/{body['enrolment_id']}",
            json={"credential": credential},
            headers=bearer,
        )
        assert added.status_code == 200, added.text
        assert added.json()["passkey"]["label"] == "Ключ"
        assert added.json()["recovery_codes"] == []  # TOTP stays the factor
        listed = http.get(f"{API}/me/passkeys", headers=bearer).json()
        assert [p["label"] for p in listed["items"]] == ["Ключ"]

        web.h.clock.advance(timedelta(seconds=30))
        step = http.post(f"{API}/login", json={"login": form.snils, "password": form.password})
        assert step.json()["passkey"] is True
        pending = step.json()["pending_id"]
        options = http.post(f"{API}/login/{pending}/passkey/options").json()["options"]
        answer = json.loads(device.get(json.dumps(options)))
        done = http.post(f"{API}/login/{pending}/passkey", json={"credential": answer})
        assert done.status_code == 200, done.text
        assert done.json()["stage"] == "done"
        replay = http.post(f"{API}/login/{pending}/passkey", json={"credential": answer})
        assert replay.status_code == 401
        assert replay.json()["code"] == "auth.failed"

        passkey_id = listed["items"][0]["id"]
        gone = http.delete(f"{API}/me/passkeys/{passkey_id}", headers=bearer)
        assert gone.status_code == 200, gone.text
        assert http.get(f"{API}/me/passkeys", headers=bearer).json()["items"] == []
