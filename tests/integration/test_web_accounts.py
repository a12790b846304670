"""Login steps over HTTP beyond the story: the SMS factor, recovery codes, password recovery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import signed_in
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PHONE = "+79161234567"


@pytest.fixture
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START), staff={})
    yield w
    w.close()


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content else None


def _first_login(web: WebHarness, http: Any, password: str) -> tuple[str, str]:
    """Register and verify a person, sign in with the e-signature; (account id, token)."""
    h = web.h
    registered = h.register(default_form())
    h.verify(registered)
    me = registered.account_id
    step = _ok(http.post(f"{API}/login", json={"login": PHONE, "password": password}))
    done = _ok(
        http.post(
            f"{API}/login/{step['pending_id']}/esignature", json=web.sign(me, step["challenge"])
        )
    )
    return me, done["token"]


def test_sms_second_factor_and_password_recovery(web: WebHarness) -> None:
    form, h = default_form(), web.h
    with web.client() as http:
        _, token = _first_login(web, http, form.password)
        auth = {"Authorization": f"Bearer {token}"}
        _ok(http.post(f"{API}/me/sms-factor", headers=auth), 204)
        assert _ok(http.get(f"{API}/me", headers=auth))["second_factor"] == "sms"
        _ok(http.post(f"{API}/logout", headers=auth), 204)

        step = _ok(http.post(f"{API}/login", json={"login": PHONE, "password": form.password}))
        assert (step["stage"], step["factor"]) == ("second_factor", "sms")
        wrong = http.post(f"{API}/login/{step['pending_id']}/second-factor", json={"code": "1"})
        assert wrong.status_code == 401
        done = _ok(
            http.post(
                f"{API}/login/{step['pending_id']}/second-factor",
                json={"code": h.last_code(PHONE)},
            )
        )
        assert done["stage"] == "done"

        # Recovery by a code to the phone: every session ends, the new password works.
        request = _ok(http.post(f"{API}/recovery", json={"login": form.email}))
        new_password = "новый пароль у реки"
        # The code is checked first; only its ticket may submit the new password.
        verified = _ok(
            http.post(
                f"{API}/recovery/{request['request_id']}/verify",
                json={"code": h.last_code(PHONE)},
            )
        )
        _ok(
            http.post(
                f"{API}/recovery/password",
                json={"ticket": verified["ticket"], "new_password": new_password},
            ),
            204,
        )
        old = {"Authorization": f"Bearer {done['token']}"}
        assert http.get(f"{API}/me", headers=old).status_code == 401
        refused = http.post(f"{API}/login", json={"login": PHONE, "password": form.password})
        assert refused.status_code == 401
        # The login SMS right after the recovery SMS waits for the code cool-down: 429.
        soon = http.post(f"{API}/login", json={"login": PHONE, "password": new_password})
        assert soon.status_code == 429
        assert soon.json()["code"] == "otp.cooldown"
        assert int(soon.headers["retry-after"]) >= 1
        h.clock.advance(timedelta(seconds=int(soon.headers["retry-after"])))
        again = _ok(http.post(f"{API}/login", json={"login": PHONE, "password": new_password}))
        assert again["stage"] in ("second_factor", "esignature")
        unknown = _ok(http.post(f"{API}/recovery", json={"login": "nobody@example.org"}))
        assert unknown["request_id"]  # the answer does not tell whether the account exists


def test_a_recovery_code_is_a_second_factor_once(web: WebHarness) -> None:
    form = default_form()
    person = signed_in(web.h, form)
    with web.client() as http:
        auth = {"Authorization": f"Bearer {person.token}"}
        codes = _ok(http.post(f"{API}/me/recovery-codes", headers=auth))["recovery_codes"]
        for expected in (200, 401):
            step = _ok(http.post(f"{API}/login", json={"login": PHONE, "password": form.password}))
            answer = http.post(
                f"{API}/login/{step['pending_id']}/second-factor", json={"code": codes[0]}
            )
            assert answer.status_code == expected, answer.text
