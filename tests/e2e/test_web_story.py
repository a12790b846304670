"""The whole cabinet over HTTP, through the ASGI test client, on SQLite and PostgreSQL.

register → confirm the codes → operator accepts documents and links the register →
e-signature first login → TOTP → apply → upload (one refused, then fixed) → submit →
take → request information → answer → message → send for approval → approve →
certificate verified offline → acts → history, report, ticket; and the access log of
the whole story holds no СНИЛС, phone, e-mail, token or code.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import accredkit
from accredkit.domain.applications.lifecycle import Role
from accredkit.testing import documents as files
from accredkit.web import ACCESS_LOG
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import document_file, person_form, signed_in, sqlite_config
from tests.support.web import API, WebHarness

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


@pytest.fixture(params=["sqlite", "postgresql"])
def web(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WebHarness]:
    config = sqlite_config(tmp_path)
    if request.param == "postgresql":
        config["storage"] = request.getfixturevalue("postgres_url")
    w = WebHarness(harness=AccountsHarness(config, at=START))
    yield w
    w.close()


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def test_the_whole_story_over_http(web: WebHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOG.name)
    h, form = web.h, default_form()
    reviewer = web.staff_headers(Role.REVIEWER)
    approver = web.staff_headers(Role.APPROVER)
    operator = web.staff_headers(Role.OPERATOR)
    other = signed_in(h, person_form(1))
    with web.client() as http:
        # Registration, the two codes, the operator's checks.
        body = {
            "last_name": form.last_name,
            "first_name": form.first_name,
            "middle_name": form.middle_name,
            "birth_date": form.birth_date,
            "snils": form.snils,
            "phone": form.phone,
            "email": form.email,
            "password": form.password,
            "consent_given": True,
        }
        registered = _ok(http.post(f"{API}/accounts", json=body), 201)
        me = registered["account_id"]
        web.known_to_registers(me)
        wrong = http.post(
            f"{API}/accounts/{me}/contacts/phone/confirm",
            json={"request_id": registered["phone_request_id"], "code": "000000"},
        )
        assert wrong.status_code in (401, 422), wrong.text
        for contact, request_id, to in (
            ("phone", registered["phone_request_id"], "+79161234567"),
            ("email", registered["email_request_id"], form.email),
        ):
            confirm = {"request_id": request_id, "code": h.last_code(to)}
            _ok(http.post(f"{API}/accounts/{me}/contacts/{contact}/confirm", json=confirm))
        h.submit_identity_documents(me)  # the holder's uploads (the library's use case)
        _ok(http.post(f"{API}/staff/accounts/{me}/identity-documents", headers=operator))
        linked = _ok(http.post(f"{API}/staff/accounts/{me}/registry-link", headers=operator))
        assert linked["registry_linked"] is True
        assert linked["status_label"] == "Учетная запись подтверждена"
        refused = http.post(f"{API}/staff/accounts/{me}/identity-documents", headers=reviewer)
        assert refused.status_code == 403
        assert refused.json()["code"] == "permission.role"
        # Linking is also the applicant's own step: a reviewer reaches only their own,
        # and, being staff who may know the account exists, is told so (docs/authority.md).
        out_of_reach = http.post(f"{API}/staff/accounts/{me}/registry-link", headers=reviewer)
        assert out_of_reach.status_code == 403
        assert out_of_reach.json()["code"] == "permission.subject"

        # First login: password, then the e-signature; then TOTP is enrolled.
        step = _ok(http.post(f"{API}/login", json={"login": form.snils, "password": form.password}))
        assert step["stage"] == "esignature"
        signed = web.sign(me, step["challenge"])
        done = _ok(http.post(f"{API}/login/{step['pending_id']}/esignature", json=signed))
        assert done["stage"] == "done"
        token = done["token"]
        auth = {"Authorization": f"Bearer {token}"}
        unmet = {r["code"] for r in _ok(http.get(f"{API}/me/requirements", headers=auth))["items"]}
        assert "access.second_factor_missing" in unmet
        totp = _ok(http.post(f"{API}/me/totp", headers=auth))
        h.totp_secrets[me] = totp["secret"]
        codes = _ok(
            http.post(
                f"{API}/me/totp/{totp['enrolment_id']}",
                headers=auth,
                json={"code": h.totp_code(me)},
            )
        )
        assert len(codes["recovery_codes"]) >= 8
        assert _ok(http.get(f"{API}/me/requirements", headers=auth))["items"] == []
        assert _ok(http.get(f"{API}/me", headers=auth))["status"] == "verified"

        # Apply for specialised accreditation.
        types = {t["code"] for t in _ok(http.get(f"{API}/catalogue"))["items"]}
        assert "specialized" in types
        draft = _ok(
            http.post(
                f"{API}/applications",
                headers=auth,
                json={
                    "type_code": "specialized",
                    "specialty": "Терапия",
                    "experience_years": 6,
                    "training_hours": 216,
                },
            ),
            201,
        )
        app_id = draft["id"]
        assert draft["status"] == "draft"
        docs = f"{API}/applications/{app_id}/documents"

        # A PNG posing as a PDF: refused with every reason, nothing attached.
        bad = http.post(
            docs,
            headers=auth,
            files={"file": ("passport.pdf", files.scan(fmt="PNG"), "application/pdf")},
            data={"kind": "passport"},
        )
        assert bad.status_code == 422
        assert "document.type_mismatch" in {v["code"] for v in bad.json()["violations"]}
        assert _ok(http.get(f"{API}/applications/{app_id}", headers=auth))["documents"] == []
        for index, kind in enumerate(draft["required_documents"]):
            data, name = document_file(kind, index)
            attached = _ok(
                http.post(docs, headers=auth, files={"file": (name, data)}, data={"kind": kind}),
                201,
            )
            assert attached["report"]["violations"] == []
        # What is stored and shown is the clean copy; the upload's digest stays on record.
        assert attached["document"]["original_sha256"] == attached["report"]["sha256"]
        sha = attached["document"]["sha256"]
        # Stored encrypted: no file of the blob store holds the PDF as uploaded.
        blob_dir = Path(h.cabinet.config.blobs.removeprefix("file://"))
        stored = [p.read_bytes() for p in blob_dir.rglob("*") if p.is_file()]
        assert stored
        assert not [b for b in stored if b"%PDF-" in b or data[:256] in b]
        download = http.get(f"{docs}/{sha}", headers=auth)
        assert download.status_code == 200
        assert download.content.startswith(b"%PDF-")
        assert hashlib.sha256(download.content).hexdigest() == sha

        # Submit; the body takes it, asks, gets the answer, decides with four eyes.
        assert _ok(http.post(f"{API}/applications/{app_id}/submit", headers=auth))["status"] == (
            "submitted"
        )
        queue = _ok(http.get(f"{API}/staff/queue", headers=reviewer))
        assert [e["application"]["id"] for e in queue["items"]] == [app_id]
        assert queue["total"] == 1
        assert http.get(f"{API}/staff/queue", headers=auth).status_code == 403
        staff_app = f"{API}/staff/applications/{app_id}"
        assert _ok(http.post(f"{staff_app}/take", headers=reviewer))["status"] == "processing"
        asked = _ok(
            http.post(
                f"{staff_app}/request-info",
                headers=reviewer,
                json={"question": "Приложите удостоверение о повышении квалификации"},
            )
        )
        assert asked["status"] == "needs_info"
        h.clock.advance(timedelta(minutes=10))  # within the 15-minute idle timeout
        answered = _ok(
            http.post(
                f"{API}/applications/{app_id}/answer",
                headers=auth,
                json={"text": "Удостоверение приложено повторно"},
            )
        )
        assert answered["status"] == "processing"
        _ok(
            http.post(
                f"{API}/applications/{app_id}/messages",
                headers=auth,
                json={"text": "Добрый день! Удостоверение приложено."},
            ),
            201,
        )
        scan, scan_name = document_file("cpd_certificate", 99)
        with_file = _ok(
            http.post(
                f"{API}/applications/{app_id}/messages/with-file",
                headers=auth,
                files={"file": (scan_name, scan)},
                data={"text": "Скан удостоверения"},
            ),
            201,
        )
        [sent_file] = with_file["attachments"]
        unread = _ok(http.get(f"{API}/messages/unread", headers=reviewer))
        assert unread["unread"] == {app_id: 2}
        thread = _ok(http.get(f"{API}/applications/{app_id}/messages", headers=reviewer))
        assert {m["text"] for m in thread["items"]} == {  # sent in the same instant
            "Добрый день! Удостоверение приложено.",
            "Скан удостоверения",
        }
        fetched = http.get(
            f"{API}/applications/{app_id}/messages/attachments/{sent_file['sha256']}",
            headers=reviewer,
        )
        assert fetched.content == scan
        _ok(http.post(f"{staff_app}/send-for-approval", headers=reviewer, json={}))
        own = http.post(f"{staff_app}/approve", headers=reviewer, json={})
        assert own.status_code == 403  # a reviewer is not the commission
        approved = _ok(http.post(f"{staff_app}/approve", headers=approver, json={}))
        assert approved["status"] == "approved"
        status = _ok(http.get(f"{API}/applications/{app_id}/status", headers=auth))
        assert status["status"] == "approved"
        timeline = _ok(http.get(f"{API}/applications/{app_id}/timeline", headers=auth))["items"]
        assert [e["to_status"] for e in timeline] == [
            "submitted",
            "processing",
            "needs_info",
            "processing",
            "under_review",
            "approved",
        ]

        # The certificate and the acts, verified offline.
        [certificate] = _ok(http.get(f"{API}/certificates", headers=auth))["items"]
        assert certificate["specialty"] == "Терапия"
        exported = http.get(f"{API}/certificates/{certificate['id']}/export", headers=auth)
        verdict = accredkit.verify_certificate(
            exported.content, h.cabinet.signer.public_key_pem(), at=h.clock.now()
        )
        assert verdict.ok, verdict.code
        acts = _ok(http.get(f"{API}/applications/{app_id}/acts", headers=auth))["items"]
        assert [a["decision"] for a in acts] == ["info_request", "approved"]
        act = http.get(f"{API}/applications/{app_id}/acts/{acts[1]['id']}/export", headers=auth)
        assert accredkit.verify_act(act.content, h.cabinet.signer.public_key_pem()).ok

        # History, the applicant's report, a ticket; someone else sees none of it.
        [record] = _ok(http.get(f"{API}/history", headers=auth))["items"]
        assert record["status"] == "approved"
        period = {"start": START.isoformat(), "end": (START + timedelta(days=31)).isoformat()}
        report = _ok(http.get(f"{API}/reports/applicant", headers=auth, params=period))
        assert len(report["procedures"]) == 1
        figures = _ok(http.get(f"{API}/staff/reports/body", headers=reviewer, params=period))
        assert figures["total"] == 1
        ticket = _ok(
            http.post(
                f"{API}/tickets",
                headers=auth,
                json={"category": "other", "subject": "Сертификат", "text": "Спасибо!"},
            ),
            201,
        )
        assert _ok(http.get(f"{API}/tickets", headers=auth))["total"] == 1
        stranger = {"Authorization": f"Bearer {other.token}"}  # another applicant
        assert http.get(f"{API}/applications/{app_id}", headers=stranger).status_code == 404
        assert http.get(f"{API}/tickets/{ticket['id']}", headers=stranger).status_code == 404
        assert http.get(f"{API}/applications/{app_id}").status_code == 401
        _ok(http.post(f"{API}/logout", headers=auth), 204)
        assert http.get(f"{API}/me", headers=auth).status_code == 401

    # The access log of the whole story carries no personal data, token or code.
    log = "\n".join(r.getMessage() for r in caplog.records if r.name == ACCESS_LOG.name)
    assert f"POST {API}/applications/{app_id}/submit 200" in log
    sent_codes = {
        code for m in [*h.sms.sent, *h.email.sent] for code in re.findall(r"\b\d{6}\b", m.text)
    }
    canaries = [
        form.snils,
        "11223344595",
        "+79161234567",
        "9161234567",
        form.email,
        form.password,
        form.last_name,
        token,
        totp["secret"],
        *codes["recovery_codes"],
        *sent_codes,
    ]
    assert [c for c in canaries if c in log] == []
