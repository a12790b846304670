"""The pages at the edge: CSP, no inline script, CSRF on every form, errors tied to fields.

Through the ASGI test client (no browser): every page of the applicant, the staff and
the public answers the page CSP; every state-changing form posted without its CSRF
token, or with another session's, is refused and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from accredkit.domain.applications.lifecycle import Role
from accredkit.web import COOKIE_NAME
from tests.support.cabinet_people import SPECIALIST, attach_all, person_form, signed_in
from tests.support.web import WebHarness


@pytest.fixture(scope="module")
def web() -> Iterator[WebHarness]:
    w = WebHarness()
    yield w
    w.close()


@pytest.fixture(scope="module")
def case(web: WebHarness) -> tuple[str, str]:
    """A signed-in applicant's token and a submitted application of theirs."""
    person = signed_in(web.h)
    assert person.token is not None
    draft = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    attach_all(web.h, person.actor, draft)
    web.h.cabinet.applications.submit(person.actor, draft.id)
    return person.token, draft.id


def _pages(app_id: str) -> dict[str, list[str]]:
    return {
        "": [
            "/",
            "/register",
            "/login",
            "/check",
            "/check?number=АК-2026-000001-0",  # a wrong check digit
            "/check?number=АК-2026-999999-5",  # nobody's
        ],
        "applicant": [
            "/cabinet",
            "/cabinet/requirements",
            "/cabinet/passkeys",
            "/cabinet/applications/new",
            f"/cabinet/applications/{app_id}",
            "/cabinet/history",
            "/cabinet/support",
        ],
        "reviewer": ["/staff", f"/staff/applications/{app_id}", "/staff/report"],
        "operator": [
            "/staff/accounts",
            "/staff/accounts?account_id=nobody",
            "/staff/outbox",
            "/staff/outbox?status=failed",
        ],
    }


def _client(web: WebHarness, token: str | None) -> Any:
    client = web.client().__enter__()
    if token:
        client.cookies.set(COOKIE_NAME, token, domain="testserver.local")
    return client


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
_POST_FORM = re.compile(r'<form method="post".*?</form>', re.DOTALL)
_HANDLER_ATTR = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_every_page_has_the_page_csp_and_no_inline_script(
    web: WebHarness, case: tuple[str, str]
) -> None:
    token, app_id = case
    tokens = {
        "": None,
        "applicant": token,
        "reviewer": web.staff_tokens[Role.REVIEWER][0],
        "operator": web.staff_tokens[Role.OPERATOR][0],
    }
    for who, paths in _pages(app_id).items():
        client = _client(web, tokens[who])
        for path in paths:
            page = client.get(path)
            assert page.status_code in (200, 404, 422), (path, page.status_code, page.text[:500])
            assert page.headers["content-type"].startswith("text/html"), path
            csp = page.headers["content-security-policy"]
            assert "script-src 'self'" in csp, path
            assert "'unsafe-inline'" not in csp, path
            assert "frame-ancestors 'none'" in csp, path
            assert page.headers["x-content-type-options"] == "nosniff", path
            assert not _INLINE_SCRIPT.search(page.text), path
            assert not _HANDLER_ATTR.search(page.text), path
            for form in _POST_FORM.findall(page.text):
                assert 'name="csrf_token"' in form, (path, form[:200])


def test_the_public_check_of_a_number_nobody_holds(web: WebHarness) -> None:
    client = _client(web, None)
    unknown = client.get("/check?number=АК-2026-999999-5")
    assert unknown.status_code == 404
    assert "не найдено" in unknown.text
    typo = client.get("/check?number=АК-2026-000001-0")
    assert typo.status_code == 422
    assert 'id="f-number"' in typo.text
    assert "контрольная цифра" in typo.text


def test_a_page_without_a_session_sends_to_the_login(web: WebHarness) -> None:
    client = _client(web, None)
    answer = client.get("/cabinet", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


@pytest.mark.parametrize("token_value", [None, "forged"])
def test_forms_posted_without_their_csrf_token_are_refused(
    web: WebHarness, case: tuple[str, str], token_value: str | None
) -> None:
    token, app_id = case
    client = _client(web, token)
    before = web.h.cabinet.applications.get(
        web.h.cabinet.actor(token), app_id
    )  # also proves the session works
    sent_before = len(web.h.sms.sent) + len(web.h.email.sent)
    extra = {} if token_value is None else {"csrf_token": token_value}
    expected = "csrf.missing" if token_value is None else "csrf.mismatch"
    forms = [
        ("/register", {"last_name": "Иванов", "snils": "112-233-445 95"}),
        ("/login", {"login": "x", "password": "y"}),
        ("/logout", {}),
        ("/cabinet/totp", {}),
        ("/cabinet/passkeys", {"label": "Телефон"}),
        ("/cabinet/applications/new", {"type_code": "specialized"}),
        (f"/cabinet/applications/{app_id}/withdraw", {"reason": "передумал"}),
        ("/cabinet/support", {"category": "other", "subject": "a", "text": "b"}),
        (f"/staff/applications/{app_id}/take", {}),
        (f"/staff/applications/{app_id}/reject", {"text": "нет"}),
        ("/staff/accounts/someone/block", {"reason": "нарушение"}),
        ("/staff/accounts/someone/unblock", {}),
    ]
    for path, body in forms:
        answer = client.post(path, data={**body, **extra})
        assert answer.status_code == 403, (path, answer.status_code)
        assert expected in answer.text, path
    for path, fields in (("documents", {"kind": "passport"}), ("messages", {"text": "привет"})):
        upload = client.post(
            f"/cabinet/applications/{app_id}/{path}",
            files={"file": ("a.pdf", b"%PDF-1.4\n")},
            data={**fields, **extra},
        )
        assert upload.status_code == 403, path
        assert expected in upload.text
    assert web.h.cabinet.messages.thread(web.h.cabinet.actor(token), app_id) == []
    after = web.h.cabinet.applications.get(web.h.cabinet.actor(token), app_id)
    assert after == before
    assert len(web.h.sms.sent) + len(web.h.email.sent) == sent_before
    assert web.h.cabinet.support.list(web.h.operator()) == []


def test_a_refused_registration_ties_each_error_to_its_field(web: WebHarness) -> None:
    client = _client(web, None)
    form = client.get("/register").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf is not None
    answer = client.post(
        "/register", data={"csrf_token": csrf.group(1), "snils": "112-233-445 00", "email": "x"}
    )
    assert answer.status_code == 422
    for field in ("snils", "email"):
        assert re.search(
            rf'id="f-{field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*e-{field}',
            answer.text,
        ), field
        assert f'id="e-{field}"' in answer.text
        assert f'<label for="f-{field}">' in answer.text


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_staff_pages_keep_four_eyes_and_roles(web: WebHarness) -> None:
    person = signed_in(web.h, person_form(77))
    draft = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    attach_all(web.h, person.actor, draft, seed=7)
    web.h.cabinet.applications.submit(person.actor, draft.id)
    case = f"/staff/applications/{draft.id}"
    reviewer = _client(web, web.staff_tokens[Role.REVIEWER][0])
    token = _csrf(reviewer.get(case).text)
    assert reviewer.post(case + "/take", data={"csrf_token": token}).status_code == 200
    sent = reviewer.post(case + "/send-for-approval", data={"csrf_token": token, "text": "ok"})
    assert 'id="status">на согласовании<' in sent.text
    own = reviewer.post(case + "/approve", data={"csrf_token": token})
    assert own.status_code == 403  # a reviewer is not the commission
    assert "permission.role" in own.text
    applicant = _client(web, person.token)
    assert applicant.get("/staff").status_code == 403
    approver = _client(web, web.staff_tokens[Role.APPROVER][0])
    token = _csrf(approver.get(case).text)
    empty = approver.post(case + "/reject", data={"csrf_token": token, "text": ""})
    assert empty.status_code == 422  # a refusal needs its reason
    assert 'class="error-summary"' in empty.text
    rejected = approver.post(case + "/reject", data={"csrf_token": token, "text": "Нет стажа"})
    assert 'id="status">отклонено<' in rejected.text


def test_the_operator_blocks_and_unblocks_an_account_from_its_page(web: WebHarness) -> None:
    person = signed_in(web.h, person_form(81))
    account = f"/staff/accounts?account_id={person.account_id}"
    operator = _client(web, web.staff_tokens[Role.OPERATOR][0])
    page = operator.get(account)
    assert page.status_code == 200, page.text[:500]
    assert 'id="account-status">подтверждена<' in page.text
    token = _csrf(page.text)
    block = f"/staff/accounts/{person.account_id}/block"
    empty = operator.post(block, data={"csrf_token": token, "reason": " "})
    assert empty.status_code == 422  # the holder is told why: a reason is needed
    assert 'class="error-summary"' in empty.text
    assert web.h.account(person.account_id).status.value == "verified"  # unchanged
    blocked = operator.post(block, data={"csrf_token": token, "reason": "Проверка документов"})
    assert 'id="account-status">заблокирована<' in blocked.text
    assert "Проверка документов" in blocked.text
    assert web.h.account(person.account_id).status.value == "blocked"
    unblock = f"/staff/accounts/{person.account_id}/unblock"
    lifted = operator.post(unblock, data={"csrf_token": token})
    assert 'id="account-status">подтверждена<' in lifted.text
    assert web.h.account(person.account_id).status.value == "verified"
    reviewer = _client(web, web.staff_tokens[Role.REVIEWER][0])
    assert reviewer.get(account).status_code == 403  # the operator's page only
    assert 'href="/staff/accounts"' not in reviewer.get("/staff").text
    assert 'href="/staff/accounts"' in operator.get("/staff").text


def test_the_outbox_page_shows_delivery_states_in_moscow_time_without_texts(
    web: WebHarness,
) -> None:
    form = person_form(82)
    person = signed_in(web.h, form)  # the registration's codes went through the outbox
    operator = _client(web, web.staff_tokens[Role.OPERATOR][0])
    page = operator.get("/staff/outbox")
    assert page.status_code == 200
    rows = re.findall(r'<tr class="outbox-[a-z]+">.*?</tr>', page.text, re.DOTALL)
    assert rows
    assert all("МСК" in row for row in rows)  # Moscow time, the zone named
    assert " UTC" not in page.text
    for personal in (form.phone, form.email, "7916"):
        assert personal not in page.text
    assert web.h.last_code(str(web.h.account(person.account_id).email)) not in page.text
    failed = operator.get("/staff/outbox?status=failed")
    assert "outbox-sent" not in failed.text


def test_english_by_the_switch(web: WebHarness) -> None:
    client = _client(web, None)
    switched = client.get("/lang/en?next=/login", follow_redirects=False)
    assert switched.headers["location"] == "/login"
    page = client.get("/login").text
    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page
    assert (
        client.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"]
        == "/"
    )
    client.get("/lang/ru")
    assert "<h1>Вход</h1>" in client.get("/login").text


def test_the_applicant_removes_a_document_and_withdraws(web: WebHarness) -> None:
    person = signed_in(web.h, person_form(78))
    draft = web.h.cabinet.applications.create(person.actor, "specialized", SPECIALIST)
    draft = attach_all(web.h, person.actor, draft, seed=8)
    page = f"/cabinet/applications/{draft.id}"
    client = _client(web, person.token)
    token = _csrf(client.get(page).text)
    first = draft.documents[0]
    removed = client.post(f"{page}/documents/{first.sha256}/remove", data={"csrf_token": token})
    assert removed.status_code == 200
    assert f'id="file-{first.kind}"' in removed.text  # its upload form is back
    early = client.post(f"{page}/submit", data={"csrf_token": token})
    assert early.status_code == 422  # a document is missing
    assert 'id="status">черновик<' in early.text
    gone = client.post(f"{page}/withdraw", data={"csrf_token": token, "reason": "передумал"})
    assert 'id="status">отозвано<' in gone.text
