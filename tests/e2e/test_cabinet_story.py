"""The whole cabinet, end to end, on memory and on a real SQLite file (issue: Cabinet).

register → confirm phone and e-mail → enrol TOTP → e-signature first login → verified →
apply ``specialized`` → upload documents (one rejected, then fixed) → submit →
processing → needs_info → answer → under_review → approve by a second officer →
certificate issued and verified offline → expiry reminder once at 90 days → journal
verifies. Each step checks what the user would see.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

import accredkit
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM
from accredkit.errors import ValidationError
from accredkit.testing import documents as files
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.at_rest import dump_postgres, files_under, leaks
from tests.support.cabinet_people import Person, person_form, sign_in_again, staff_member
from tests.support.durability import read_journal
from tests.support.journal import find_canaries

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow

PASSPORT = "4510 123456"  # серия и номер паспорта, a canary


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountsHarness]:
    config: dict[str, Any] | None = None
    if request.param != "memory":
        storage = f"sqlite:///{tmp_path}/cabinet.db"
        if request.param == "postgresql":
            storage = request.getfixturevalue("postgres_url")
        config = {
            "storage": storage,
            "blobs": f"file:///{tmp_path}/blobs",
            "blob_key": base64.b64encode(bytes(range(32))).decode(),
            "otp_key": base64.b64encode(bytes(range(32, 64))).decode(),
            "data_key": base64.b64encode(bytes(range(64, 96))).decode(),
            "checkpoint": str(tmp_path / "checkpoint.json"),
            "base_dir": str(tmp_path),  # the default signer keeps its key here
        }
    h = AccountsHarness(config, at=START)
    yield h
    h.close()


def _texts(h: AccountsHarness, to: str) -> list[str]:
    return [m.text for m in [*h.sms.sent, *h.email.sent] if m.to == to]


def test_the_whole_story(harness: AccountsHarness, tmp_path: Path) -> None:
    h, cabinet = harness, harness.cabinet
    form = default_form()

    # Registration and verification.
    registered = h.register(form)
    me = registered.account_id
    codes = {r.code for r in h.requirements(me)}
    assert {
        "access.not_verified",
        "access.phone_unconfirmed",
        "access.email_unconfirmed",
        "access.second_factor_missing",
    } <= codes
    h.verify(registered)

    # First login needs an e-signature; then TOTP is enrolled.
    step = h.accounts.login(form.snils, form.password)
    assert step.stage is LoginStage.ESIGNATURE
    step = h.complete(me, step)
    assert step.stage is LoginStage.DONE
    assert step.token is not None
    h.enrol_totp(step.token, me)
    applicant = cabinet.actor(step.token)
    assert h.accounts.requirements(applicant, me) == ()
    assert h.accounts.get(applicant, me).status.value == "verified"
    reviewer_person = staff_member(h, Role.REVIEWER, n=500)
    reviewer = reviewer_person.actor

    # Apply for specialised accreditation.
    profile = ApplicantProfile(specialty="Терапия", experience_years=6, training_hours=216)
    app = cabinet.applications.create(applicant, "specialized", profile)
    assert app.status is ApplicationStatus.DRAFT
    assert set(app.required_documents) == {"passport", "diploma", "cpd_certificate", "pd_consent"}

    # A PNG posing as a PDF is refused with every reason; then the right files go in.
    with pytest.raises(ValidationError) as refused:
        cabinet.applications.attach(
            applicant, app.id, files.scan(fmt="PNG"), "passport.pdf", "passport"
        )
    assert "document.type_mismatch" in {v.code for v in refused.value.violations}
    assert cabinet.applications.get(applicant, app.id).documents == ()
    for index, kind in enumerate(app.required_documents):
        data = (
            files.scan(fmt="JPEG", seed=index) if kind == "passport" else files.text_pdf(seed=index)
        )
        name = f"{kind}.jpg" if kind == "passport" else f"{kind}.pdf"
        app, report = cabinet.applications.attach(applicant, app.id, data, name, kind)
        assert report.ok
    assert cabinet.applications.document(applicant, app.id, app.documents[0].sha256)

    # Submit, processing, a request for information, the answer, the decision.
    assert cabinet.applications.submit(applicant, app.id).status is ApplicationStatus.SUBMITTED
    queue = cabinet.reviews.queue(reviewer)
    assert [item.application.id for item in queue] == [app.id]
    assert cabinet.reviews.take(reviewer, app.id).status is ApplicationStatus.PROCESSING
    asked = cabinet.reviews.request_info(
        reviewer, app.id, "Приложите удостоверение о повышении квалификации за 2025 год"
    )
    assert asked.status is ApplicationStatus.NEEDS_INFO
    assert asked.info_request is not None
    assert asked.info_request.deadline > h.clock.now() + timedelta(days=10)  # working days
    h.clock.advance(timedelta(days=1))  # the next day: everyone signs in again
    applicant = sign_in_again(h, Person(me, step.token, applicant), form).actor
    reviewer = sign_in_again(h, reviewer_person, person_form(500)).actor
    answered = cabinet.applications.answer(applicant, app.id, "Удостоверение приложено повторно")
    assert answered.status is ApplicationStatus.PROCESSING
    cabinet.messages.send(applicant, app.id, "Добрый день! Удостоверение приложено.")
    assert cabinet.messages.unread(reviewer) == {app.id: 1}
    assert [m.text for m in cabinet.messages.thread(reviewer, app.id)] == [
        "Добрый день! Удостоверение приложено."
    ]
    assert cabinet.messages.unread(reviewer) == {}
    # People type their passport number into a message: it is personal data at rest too.
    cabinet.messages.send(applicant, app.id, f"Номер паспорта {PASSPORT}, выдан в 2005 году.")
    cabinet.reviews.send_for_approval(reviewer, app.id)
    approved = cabinet.reviews.approve(staff_member(h, Role.APPROVER, n=501).actor, app.id)
    assert approved.status is ApplicationStatus.APPROVED
    assert [e.to_status for e in approved.history] == [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.PROCESSING,
        ApplicationStatus.NEEDS_INFO,
        ApplicationStatus.PROCESSING,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.APPROVED,
    ]

    # Notifications leave the outbox once, in Russian, to the confirmed contacts.
    delivered = cabinet.notifications.dispatch(SYSTEM)
    assert delivered.sent
    phone_texts = _texts(h, "+79161234567")
    assert any("одобрено" in text.lower() for text in phone_texts)
    assert any("запросил" in text for text in phone_texts)
    assert cabinet.notifications.dispatch(SYSTEM).sent == ()

    # The certificate: issued, exported, verified offline by anyone with the public key.
    [certificate] = cabinet.certificates.of_holder(applicant, me)
    assert certificate.application_id == app.id
    assert certificate.specialty == "Терапия"
    exported = cabinet.certificates.export(applicant, certificate.id)
    verdict = accredkit.verify_certificate(
        exported, cabinet.signer.public_key_pem(), at=h.clock.now()
    )
    assert verdict.ok, verdict.code
    tampered = exported.replace("Терапия".encode(), "Хирургия".encode())
    assert not accredkit.verify_certificate(tampered, cabinet.signer.public_key_pem()).ok

    # Signed acts: the request for information and the approval.
    decisions = [act.decision for act in cabinet.acts.of_application(applicant, app.id)]
    assert [str(d) for d in decisions] == ["info_request", "approved"]

    # History shows the decision with its act and certificate; the body's report counts it.
    [record] = cabinet.history.history(applicant)
    assert record.status is ApplicationStatus.APPROVED
    assert len(record.acts) == 2
    assert len(record.certificates) == 1
    figures = cabinet.reports.body_report(reviewer, START, START + timedelta(days=31))
    assert figures.total == 1
    assert figures.by_outcome["approved"] == 1

    # The expiry reminder goes out once, 90 days before the end of validity.
    valid_until = certificate.valid_until
    h.clock.set(datetime.combine(valid_until - timedelta(days=90), time(9), tzinfo=UTC))
    sent_before = len(h.sms.sent) + len(h.email.sent)
    for _ in range(3):
        cabinet.notifications.remind(SYSTEM)
        cabinet.notifications.dispatch(SYSTEM)
    reminders = [t for t in _texts(h, "+79161234567") if certificate.number in t]
    new = len(h.sms.sent) + len(h.email.sent) - sent_before
    assert new == 2  # one SMS, one e-mail
    assert len(reminders) == 1

    # The journal names the certificate issued and each act signed, with the application.
    entries = read_journal(cabinet.storage)
    [issued] = [e for e in entries if e.action == "certificate.issued"]
    assert (issued.subject_id, issued.details["application_id"]) == (certificate.id, app.id)
    signed = [e for e in entries if e.action == "act.signed"]
    assert [(e.subject_id, e.details["decision"]) for e in signed] == [
        (app.id, "info_request"),
        (app.id, "approved"),
    ]
    [approval] = [e for e in entries if e.action == "application.approve"]
    assert approval.details["certificate_id"] == certificate.id

    # The journal holds every step and verifies.
    head = cabinet.journal.checkpoint(SYSTEM)
    assert head.head.size > 20
    assert cabinet.journal.verify(SYSTEM).ok

    # No personal data or secret reached the journal, its heads or the checkpoint file.
    one_time_codes = {
        match for m in [*h.sms.sent, *h.email.sent] for match in re.findall(r"\b\d{6}\b", m.text)
    }
    canaries = [
        form.password,
        form.snils,
        "11223344595",
        "+79161234567",
        "9161234567",
        form.email,
        step.token,
        h.totp_secrets[me],
        form.last_name,
        *one_time_codes,
    ]
    assert find_canaries(cabinet, canaries) == []

    # Nor lies anywhere at rest in clear: the database (file or dump), blobs, outbox.
    if cabinet.config.storage.startswith("memory:"):
        return
    kept = files_under(tmp_path)
    if cabinet.config.storage.startswith("postgres"):
        kept.append(("pg_dump", dump_postgres(cabinet.config.storage)))
    at_rest = [
        form.snils,
        "+79161234567",
        "9161234567",
        form.email,
        form.last_name,
        "1985-03-07",
        "07.03.1985",
        str(h.account(me).full_name),
        PASSPORT,
        PASSPORT.replace(" ", ""),
    ]
    assert leaks(kept, at_rest) == []
