"""The permission test's refusals over HTTP: each one the library's error with its status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from accredkit.domain.applications.lifecycle import Role
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    Person,
    administrator,
    complete_application,
    person_form,
    signed_in,
)
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START), staff={Role.REVIEWER: 2, Role.APPROVER: 1})
    yield w
    w.close()


def _bearer(person: Person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.token}"}


def _refused(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["code"] == code
    assert {"message", "message_ru", "hint_ru", "hint_en", "violations"} <= set(body)


def test_refusals_carry_the_library_code_and_a_fitting_status(web: WebHarness) -> None:
    owner = signed_in(web.h)
    intruder = signed_in(web.h, person_form(1))
    app = complete_application(web.h, owner.actor)
    path = f"{API}/applications/{app.id}"
    staff = f"{API}/staff/applications/{app.id}"
    with web.client() as http:
        _refused(http.get(path, headers=_bearer(intruder)), 404, "application.not_found")
        _refused(
            http.post(f"{path}/submit", headers=_bearer(intruder)), 404, "application.not_found"
        )
        _refused(http.get(f"{API}/staff/queue", headers=_bearer(owner)), 403, "permission.role")
        _refused(http.post(f"{staff}/take", headers=_bearer(owner)), 403, "permission.role")
        _refused(http.get(path), 401, "session.invalid")
        _refused(
            http.get(path, headers={"Authorization": "Bearer not-a-token"}), 401, "session.invalid"
        )
        assert http.post(f"{path}/submit", headers=_bearer(owner)).status_code == 200
        again = http.post(f"{path}/submit", headers=_bearer(owner))
        assert again.status_code == 409
        assert again.json()["code"] == "application.transition_not_allowed"
        _refused(
            http.post(f"{path}/answer", headers=_bearer(owner), json={"text": " "}),
            422,
            "application.answer_required",
        )
        reviewers = [web.staff_headers(Role.REVIEWER, i) for i in range(2)]
        assert http.post(f"{staff}/take", headers=reviewers[0]).status_code == 200
        assert (
            http.post(f"{staff}/send-for-approval", headers=reviewers[0], json={}).status_code
            == 200
        )
        _refused(
            http.post(f"{staff}/approve", headers=reviewers[1], json={}), 403, "permission.role"
        )
        rejected = http.post(f"{staff}/reject", headers=web.staff_headers(Role.APPROVER), json={})
        assert rejected.status_code == 400  # the reason is required by the body's schema
        assert rejected.json()["code"] == "http.bad_request"
        _refused(http.get(f"{API}/no-such-route"), 404, "http.not_found")
        # Nothing the refusals touched changed the application.
        status = http.get(f"{path}/status", headers=_bearer(owner)).json()
    assert status["status"] == "under_review"


def test_a_revoked_role_counts_on_the_next_request(web: WebHarness) -> None:
    reviewer = web.staff_headers(Role.REVIEWER)
    with web.client() as http:
        assert http.get(f"{API}/staff/queue", headers=reviewer).status_code == 200
        me = http.get(f"{API}/me", headers=reviewer).json()["id"]
        web.h.staff.revoke(administrator(web.h).actor, me, Role.REVIEWER)
        _refused(http.get(f"{API}/staff/queue", headers=reviewer), 403, "permission.role")
        assert http.get(f"{API}/me", headers=reviewer).status_code == 200  # still an applicant


def test_a_blocked_account_is_signed_out_and_cannot_sign_in(web: WebHarness) -> None:
    form = person_form(2)
    person = signed_in(web.h, form)
    web.h.accounts.block(web.h.operator(), person.account_id, "Проверка документов")
    with web.client() as http:
        gone = http.get(f"{API}/me", headers=_bearer(person))
        _refused(gone, 401, "session.invalid")
        assert gone.headers["WWW-Authenticate"].startswith("Bearer")
        login = http.post(f"{API}/login", json={"login": form.snils, "password": form.password})
        _refused(login, 401, "auth.blocked")
        assert login.headers["WWW-Authenticate"].startswith("Bearer")
