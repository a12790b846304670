"""Identity documents over HTTP: upload, list, download, the operator's return."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from accredkit import Role
from accredkit.testing import documents
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
PHONE = "+79161234567"


@pytest.fixture
def web() -> Iterator[WebHarness]:
    w = WebHarness(harness=AccountsHarness(at=START))
    yield w
    w.close()


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content else None


def test_the_holder_uploads_and_the_operator_returns_with_a_reason(web: WebHarness) -> None:
    form, h = default_form(), web.h
    registered = h.register(form)
    h.verify(registered)
    me = registered.account_id
    operator, reviewer = web.staff_headers(Role.OPERATOR), web.staff_headers(Role.REVIEWER)
    with web.client() as http:
        step = _ok(http.post(f"{API}/login", json={"login": PHONE, "password": form.password}))
        signed = web.sign(me, step["challenge"])
        done = _ok(http.post(f"{API}/login/{step['pending_id']}/esignature", json=signed))
        auth = {"Authorization": f"Bearer {done['token']}"}
        assert _ok(http.get(f"{API}/me", headers=auth))["status_label"] == (
            "Учетная запись подтверждена"
        )

        scan = documents.text_pdf(lines=12, seed=41)
        no_kind = http.post(
            f"{API}/accounts/{me}/identity-documents", headers=auth, files={"file": ("p.pdf", scan)}
        )
        assert no_kind.status_code == 422, no_kind.text
        uploaded = _ok(
            http.post(
                f"{API}/accounts/{me}/identity-documents",
                headers=auth,
                files={"file": ("passport.pdf", scan)},
                data={"kind": "passport"},
            ),
            201,
        )
        assert uploaded["status_label"] == "Документы на проверке"

        held = _ok(http.get(f"{API}/accounts/{me}/identity-documents", headers=auth))
        assert sorted(d["kind"] for d in held) == ["passport", "pd_consent", "professional_status"]
        passport = next(d for d in held if d["kind"] == "passport")
        where = f"{API}/accounts/{me}/identity-documents/{passport['sha256']}"
        copy = http.get(where, headers=auth)
        assert copy.status_code == 200
        assert copy.content.startswith(b"%PDF")
        assert copy.headers["cache-control"] == "no-store"
        seen = http.get(f"{API}/accounts/{me}/identity-documents", headers=operator)
        assert seen.status_code == 200

        reason = {"reason": "Скан паспорта нечитаем"}
        by_reviewer = http.post(
            f"{API}/staff/accounts/{me}/identity-documents/return", headers=reviewer, json=reason
        )
        assert by_reviewer.status_code == 403
        by_holder = http.post(
            f"{API}/staff/accounts/{me}/identity-documents/return", headers=auth, json=reason
        )
        assert by_holder.status_code in (403, 404)
        returned = _ok(
            http.post(
                f"{API}/staff/accounts/{me}/identity-documents/return",
                headers=operator,
                json=reason,
            )
        )
        assert returned["status_label"] == "Документы возвращены: Скан паспорта нечитаем"
        assert _ok(http.get(f"{API}/me", headers=auth))["status_label"] == returned["status_label"]
