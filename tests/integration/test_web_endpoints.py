"""The API's report file, public check, revocation list, blocks and outbox over HTTP.

Each endpoint answers its caller, and refuses the wrong one with the library's code and
a fitting status, changing nothing (docs/web.md).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from accredkit.domain.applications.lifecycle import Role
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import Person, complete_application, person_form, signed_in
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PERIOD = {"from": "2026-03-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}


@pytest.fixture
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START))
    yield w
    w.close()


def _bearer(person: Person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.token}"}


def _refused(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code


def _accredited(web: WebHarness, http: Any) -> tuple[Person, dict[str, Any]]:
    """An applicant whose application the body approved, and their certificate."""
    owner = signed_in(web.h)
    app = complete_application(web.h, owner.actor)
    staff = f"{API}/staff/applications/{app.id}"
    assert http.post(f"{API}/applications/{app.id}/submit", headers=_bearer(owner)).is_success
    reviewer = web.staff_headers(Role.REVIEWER)
    assert http.post(f"{staff}/take", headers=reviewer).is_success
    assert http.post(f"{staff}/send-for-approval", headers=reviewer, json={}).is_success
    approver = web.staff_headers(Role.APPROVER)
    assert http.post(f"{staff}/approve", headers=approver, json={}).is_success
    [certificate] = http.get(f"{API}/certificates", headers=_bearer(owner)).json()["items"]
    return owner, certificate


def test_the_body_report_as_csv_for_staff_only(web: WebHarness) -> None:
    with web.client() as http:
        owner, _ = _accredited(web, http)
        answer = http.get(
            f"{API}/staff/reports/body.csv", params=PERIOD, headers=web.staff_headers(Role.APPROVER)
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8"))))
        assert rows[0] == ["Section", "Key", "Value"]  # as `accredkit report --format csv`
        assert ["total", "", "1"] in rows
        assert ["by_status", "approved", "1"] in rows
        url = f"{API}/staff/reports/body.csv"
        _refused(http.get(url, params=PERIOD, headers=_bearer(owner)), 403, "permission.role")
        _refused(http.get(url, params=PERIOD), 401, "session.invalid")


def test_the_public_check_and_the_revocation_list_need_no_session(web: WebHarness) -> None:
    with web.client() as http:
        _, certificate = _accredited(web, http)
        number = certificate["number"]
        valid = http.get(f"{API}/certificates/check/{number}")
        assert valid.status_code == 200, valid.text
        assert valid.json()["answer"] == "valid"
        assert "holder_snils" not in valid.json()
        empty = http.get(f"{API}/certificates/revocation-list")
        assert empty.status_code == 200
        assert json.loads(empty.content)["payload"]["revoked"] == []
        revoked = http.post(
            f"{API}/staff/certificates/{certificate['id']}/revoke",
            headers=web.staff_headers(Role.APPROVER),
            json={"reason": "Ошибка в данных"},
        )
        assert revoked.status_code == 200, revoked.text
        listed = json.loads(http.get(f"{API}/certificates/revocation-list").content)
        assert number in json.dumps(listed["payload"]["revoked"], ensure_ascii=False)
        assert http.get(f"{API}/certificates/check/{number}").json()["answer"] == "revoked"
        wrong_proof = http.get(f"{API}/certificates/check/{number}", params={"s": "AAAA"})
        assert wrong_proof.json()["answer"] == "unknown"


def test_the_public_check_refuses_a_typo_and_throttles_a_caller(web: WebHarness) -> None:
    with web.client() as http:
        typo = http.get(f"{API}/certificates/check/АК-2026-000001-0")
        assert typo.status_code == 422, typo.text
        answers = [http.get(f"{API}/certificates/check/АК-2026-999999-5") for _ in range(40)]
    statuses = [a.status_code for a in answers]
    assert 200 in statuses
    throttled = answers[statuses.index(429)]
    _refused(throttled, 429, "certificate.check_throttled")
    assert int(throttled.headers["Retry-After"]) >= 1


def test_the_operator_blocks_and_unblocks_an_account(web: WebHarness) -> None:
    person = signed_in(web.h, person_form(3))
    operator = web.staff_headers(Role.OPERATOR)
    block = f"{API}/staff/accounts/{person.account_id}/block"
    unblock = f"{API}/staff/accounts/{person.account_id}/unblock"
    with web.client() as http:
        reviewer = web.staff_headers(Role.REVIEWER)
        refused = http.post(block, headers=reviewer, json={"reason": "Проверка"})
        _refused(refused, 403, "permission.role")
        assert http.get(f"{API}/me", headers=_bearer(person)).status_code == 200  # unchanged
        _refused(
            http.post(
                f"{API}/staff/accounts/no-such/block", headers=operator, json={"reason": "x"}
            ),
            404,
            "account.not_found",
        )
        blocked = http.post(block, headers=operator, json={"reason": "Проверка документов"})
        assert blocked.status_code == 200, blocked.text
        assert blocked.json()["status"] == "blocked"
        _refused(http.get(f"{API}/me", headers=_bearer(person)), 401, "session.invalid")
        _refused(http.post(unblock, headers=reviewer), 403, "permission.role")
        assert web.h.account(person.account_id).status.value == "blocked"  # unchanged
        lifted = http.post(unblock, headers=operator)
        assert lifted.status_code == 200, lifted.text
        assert lifted.json()["status"] != "blocked"


def test_the_outbox_pages_for_the_operator_without_message_text(web: WebHarness) -> None:
    person = signed_in(web.h, person_form(4))
    other = signed_in(web.h, person_form(6))
    web.h.accounts.block(web.h.operator(), other.account_id, "Проверка документов")
    with web.client() as http:
        page = http.get(
            f"{API}/staff/outbox", params={"limit": 2}, headers=web.staff_headers(Role.OPERATOR)
        )
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["limit"] == 2
        assert 1 <= len(body["items"]) <= 2
        assert body["total"] >= len(body["items"])
        assert {"body", "params", "recipient", "subject"}.isdisjoint(body["items"][0])
        sent = http.get(
            f"{API}/staff/outbox",
            params={"status": "sent"},
            headers=web.staff_headers(Role.OPERATOR),
        )
        assert all(m["status"] == "sent" for m in sent.json()["items"])
        odd = http.get(
            f"{API}/staff/outbox",
            params={"status": "lost"},
            headers=web.staff_headers(Role.OPERATOR),
        )
        assert odd.status_code == 400, odd.text
        _refused(http.get(f"{API}/staff/outbox", headers=_bearer(person)), 403, "permission.role")
        _refused(http.get(f"{API}/staff/outbox"), 401, "session.invalid")


def test_short_lists_answer_pages_too(web: WebHarness) -> None:
    with web.client() as http:
        owner, _ = _accredited(web, http)
        [app] = http.get(f"{API}/applications", headers=_bearer(owner)).json()["items"]
        path = f"{API}/applications/{app['id']}"
        for url, params in [
            (f"{API}/catalogue", {"limit": 1}),
            (f"{path}/timeline", {"limit": 1, "offset": 1}),
            (f"{path}/acts", {"limit": 1}),
            (f"{API}/me/requirements", {}),
        ]:
            answer = http.get(url, params=params, headers=_bearer(owner))
            assert answer.status_code == 200, (url, answer.text)
            page = answer.json()
            assert set(page) == {"items", "total", "limit", "offset"}, url
            assert len(page["items"]) <= page["limit"]
        timeline = http.get(f"{path}/timeline", params={"offset": 1}, headers=_bearer(owner))
        assert timeline.json()["offset"] == 1
        assert len(timeline.json()["items"]) == timeline.json()["total"] - 1
        stranger = signed_in(web.h, person_form(5))
        _refused(http.get(f"{path}/acts", headers=_bearer(stranger)), 404, "application.not_found")
        _refused(
            http.get(f"{path}/timeline", headers=_bearer(stranger)), 404, "application.not_found"
        )
