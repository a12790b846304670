"""The cabinet's whole story as demo steps, on the real adapters of a fresh home.

The same story as ``tests/e2e/test_cabinet_story.py``: register → confirm phone and
e-mail → e-signature first login → TOTP → verified → apply ``specialized`` → a bad
file refused, the right ones attached → submit → processing → needs_info → answer →
under_review → four eyes → approved → notifications → certificate verified offline →
history and report → expiry reminder once at 90 days → journal verified.

Each step returns a line for the narration, or raises ``StepFailed``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import accredkit
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.totp import TotpAuthenticator
from accredkit.adapters.messaging.dev_senders import masked_recipient
from accredkit.cli import _sample_documents as files
from accredkit.cli._context import SESSION_FILE, remember, write_private
from accredkit.cli._demo_people import (
    EMAIL,
    FORM,
    PHONE,
    StepFailed,
    Story,
    expect,
)
from accredkit.cli._devpki import issue_user_certificate, sign_challenge
from accredkit.cli._home import Home
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.moscow import moscow_date
from accredkit.errors import AccredkitError

Step = tuple[str, str, Callable[[Story], str]]


def register(s: Story) -> str:
    registered = s.cabinet.accounts.register(FORM)
    s.facts["account_id"] = registered.account_id
    s.facts["registered"] = registered
    expect(len(s.delivered()) == 2, "two confirmation codes are sent")
    return s.t(
        f"учётная запись {registered.account_id}; коды ушли по SMS и e-mail (outbox/)",
        f"account {registered.account_id}; codes sent by SMS and e-mail (outbox/)",
    )


def confirm_contacts(s: Story) -> str:
    registered, accounts = s.facts["registered"], s.cabinet.accounts
    accounts.confirm_contact(
        registered.account_id, "phone", registered.phone_request_id, s.code_for(PHONE)
    )
    account = accounts.confirm_contact(
        registered.account_id, "email", registered.email_request_id, s.code_for(EMAIL)
    )
    expect(account.phone_confirmed and account.email_confirmed, "both contacts confirmed")
    return s.t(
        "коды прочитаны из outbox/*.jsonl и приняты", "codes read from outbox/*.jsonl and accepted"
    )


def verify_account(s: Story) -> str:
    accounts, folder = s.cabinet.accounts, s.home.root / "documents"
    for index, kind in enumerate(("passport", "professional_status", "pd_consent")):
        path = folder / (f"identity-{kind}.jpg" if kind == "passport" else f"identity-{kind}.pdf")
        write_private(
            path,
            files.scan(fmt="JPEG", seed=90 + index)
            if kind == "passport"
            else files.text_pdf(seed=90 + index),
        )
        account = accounts.submit_identity_document(
            SYSTEM, s.me.id, kind, path.name, path.read_bytes()
        )
    expect(account.status_label.code == "account.documents_under_review", "documents on review")
    accounts.accept_identity_documents(SYSTEM, s.me.id)
    account = accounts.link_registry(SYSTEM, s.me.id)
    expect(account.status.value == "verified", "the account is verified")
    return s.t(
        "паспорт, подтверждение статуса и согласие загружены и проверены; оператор принял их; "
        f"СНИЛС найден в регистре → «{account.status_label.ru}»",
        "passport, proof of status and consent uploaded and checked; the operator accepted "
        f"them; SNILS found in the register → '{account.status_label.en}'",
    )


def first_login(s: Story) -> str:
    keys = issue_user_certificate(
        s.home.user_ca, s.home.esignature, "11223344595", "Иванов Иван Иванович"
    )
    step = s.cabinet.accounts.login(FORM.snils, FORM.password)
    expect(step.stage is LoginStage.ESIGNATURE, "the first login asks for an e-signature")
    if step.pending_id is None or step.challenge is None:
        raise StepFailed("the e-signature step carries no challenge")
    signature, pem = sign_challenge(keys, step.challenge)
    step = s.cabinet.accounts.confirm_esignature(step.pending_id, signature, pem)
    if step.stage is not LoginStage.DONE or step.token is None:
        raise StepFailed("a session is open")
    s.facts["token"] = token = step.token
    write_private(s.home.root / SESSION_FILE, token)  # the shell may carry on as Иванов
    return s.t(
        "пароль (Argon2id) + подпись вызова учебным сертификатом (DEVELOPMENT)",
        "password (Argon2id) + challenge signed with a development certificate",
    )


def enrol_totp(s: Story) -> str:
    accounts, token = s.cabinet.accounts, s.facts["token"]
    started = accounts.begin_totp_enrolment(token)
    code = TotpAuthenticator().code_at(started.secret, datetime.now(UTC))
    recovery = accounts.finish_totp_enrolment(token, started.enrolment_id, code)
    expect(accounts.requirements(s.me, s.me.id) == (), "every access requirement is met")
    return s.t(
        f"аутентификатор подключён; кодов восстановления: {len(recovery)}; доступ открыт",
        f"authenticator app enrolled; {len(recovery)} recovery codes; full access",
    )


def create(s: Story) -> str:
    profile = ApplicantProfile(specialty="Терапия", experience_years=6, training_hours=216)
    app = s.cabinet.applications.create(s.me, "specialized", profile)
    s.facts["app"] = app.id
    remember(s.home.root, account_id=s.me.id, application_id=app.id)
    s.facts["required"] = app.required_documents
    expect(app.status is ApplicationStatus.DRAFT, "a draft is open")
    return s.t(
        f"черновик {app.id}: нужны {', '.join(app.required_documents)}",
        f"draft {app.id}: needs {', '.join(app.required_documents)}",
    )


def bad_file(s: Story) -> str:
    folder = s.home.root / "documents"
    path = folder / "passport.pdf"
    write_private(path, files.scan(fmt="PNG"))
    try:
        s.cabinet.applications.attach(
            s.me, s.facts["app"], path.read_bytes(), path.name, "passport"
        )
    except accredkit.ValidationError as refused:
        codes = sorted({v.code for v in refused.violations})
        expect("document.type_mismatch" in codes, "the PNG posing as a PDF is named as such")
        expect(s.cabinet.applications.get(s.me, s.facts["app"]).documents == (), "nothing stored")
        return s.t(
            f"{path.name} (на деле PNG) отклонён: {', '.join(codes)}",
            f"{path.name} (really a PNG) refused: {', '.join(codes)}",
        )
    raise StepFailed("a PNG named .pdf was accepted")


def attach(s: Story) -> str:
    folder = s.home.root / "documents"
    names = []
    for index, kind in enumerate(s.facts["required"]):
        scanned = kind == "passport"
        path = folder / (f"{kind}.jpg" if scanned else f"{kind}.pdf")
        write_private(
            path, files.scan(fmt="JPEG", seed=index) if scanned else files.text_pdf(seed=index)
        )
        _, report = s.cabinet.applications.attach(
            s.me, s.facts["app"], path.read_bytes(), path.name, kind
        )
        expect(report.ok, f"{path.name} passes the document rules")
        names.append(path.name)
    return s.t(
        f"приняты (зашифрованы в blobs/): {', '.join(names)}",
        f"accepted (encrypted in blobs/): {', '.join(names)}",
    )


def submit(s: Story) -> str:
    app = s.cabinet.applications.submit(s.me, s.facts["app"])
    expect(app.status is ApplicationStatus.SUBMITTED, "submitted")
    queue = s.cabinet.reviews.queue(s.staff("reviewer"))
    expect([i.application.id for i in queue] == [app.id], "it waits in the body's queue")
    return s.t(
        "статус «подано»; заявление в очереди аккредитующего органа",
        "status 'submitted'; in the body's queue",
    )


def take(s: Story) -> str:
    app = s.cabinet.reviews.take(s.staff("reviewer"), s.facts["app"])
    expect(app.status is ApplicationStatus.PROCESSING, "processing")
    return s.t("эксперт взял заявление: «в обработке»", "the reviewer took it: 'processing'")


def request_info(s: Story) -> str:
    question = "Приложите удостоверение о повышении квалификации за 2025 год"
    app = s.cabinet.reviews.request_info(s.staff("reviewer"), s.facts["app"], question)
    expect(
        app.status is ApplicationStatus.NEEDS_INFO and app.info_request is not None, "needs info"
    )
    assert app.info_request is not None
    due = moscow_date(app.info_request.deadline)
    return s.t(
        f"«требуются сведения», ответить до {due} (10 рабочих дней)",
        f"'needs info', answer by {due} (10 working days)",
    )


def answer(s: Story) -> str:
    app = s.cabinet.applications.answer(s.me, s.facts["app"], "Удостоверение приложено повторно")
    expect(app.status is ApplicationStatus.PROCESSING, "back in processing")
    s.cabinet.messages.send(s.me, app.id, "Добрый день! Удостоверение приложено.")
    expect(
        s.cabinet.messages.unread(s.staff("reviewer")) == {app.id: 1},
        "the reviewer has one unread message",
    )
    thread = s.cabinet.messages.thread(s.staff("reviewer"), app.id)
    expect(
        [m.text for m in thread] == ["Добрый день! Удостоверение приложено."], "the thread reads"
    )
    return s.t(
        "ответ дан, сообщение в переписке прочитано экспертом",
        "answered; the reviewer read the message",
    )


def send_for_approval(s: Story) -> str:
    app = s.cabinet.reviews.send_for_approval(s.staff("reviewer"), s.facts["app"])
    expect(app.status is ApplicationStatus.UNDER_REVIEW, "under review")
    try:
        s.cabinet.reviews.approve(s.staff("reviewer"), app.id)
    except AccredkitError as refused:
        return s.t(
            f"«на согласовании»; одобрить своё же рассмотрение нельзя: {refused.code}",
            f"'under review'; approving one's own review is refused: {refused.code}",
        )
    raise StepFailed("the preparer approved their own review")


def approve(s: Story) -> str:
    app = s.cabinet.reviews.approve(s.staff("approver"), s.facts["app"])
    expect(app.status is ApplicationStatus.APPROVED, "approved")
    [certificate] = s.cabinet.certificates.of_holder(s.me, s.me.id)
    s.facts["certificate"] = certificate
    acts = [str(a.decision) for a in s.cabinet.acts.of_application(s.me, app.id)]
    expect(acts == ["info_request", "approved"], "two signed acts")
    return s.t(
        f"«одобрено» вторым сотрудником; свидетельство {certificate.number}, "
        f"подписанные акты: {', '.join(acts)}",
        f"'approved' by a second officer; certificate {certificate.number}, "
        f"signed acts: {', '.join(acts)}",
    )


def notify(s: Story) -> str:
    report = s.cabinet.notifications.dispatch(SYSTEM)
    expect(bool(report.sent), "notifications go out")
    texts = [m["text"] for m in s.delivered() if m["to"] == masked_recipient(PHONE)]
    expect(any("одобрено" in t for t in texts), "the SMS says approved")
    expect(s.cabinet.notifications.dispatch(SYSTEM).sent == (), "nothing goes out twice")
    return s.t(
        f"отправлено {len(report.sent)} уведомлений, по одному разу",
        f"{len(report.sent)} notifications sent, once each",
    )


def verify_certificate(s: Story) -> str:
    certificate = s.facts["certificate"]
    exported = s.cabinet.certificates.export(s.me, certificate.id)
    path = s.home.exports / f"{certificate.number}.json"
    write_private(path, exported)
    s.facts["certificate_file"] = path
    verdict = accredkit.verify_certificate(path, s.home.issuer / "ca.pem")
    expect(verdict.ok, f"the certificate verifies offline ({verdict.code})")
    tampered = exported.replace("Терапия".encode(), "Хирургия".encode())
    forged = accredkit.verify_certificate(tampered, s.home.issuer / "ca.pem")
    expect(forged.code == "certificate.tampered", "a changed copy is caught")
    pdf = path.with_suffix(".pdf")
    write_private(pdf, s.cabinet.certificates.pdf(s.me, certificate.id))
    s.facts["certificate_pdf"] = pdf
    public = s.cabinet.certificates.public_status(certificate.number)
    expect(str(public.answer) == "valid", "the public check says valid")
    return s.t(
        f"{path.name} проверен офлайн по issuer/ca.pem; подделка: {forged.code}; "
        f"PDF с подписью и QR-кодом: {pdf.name}; публичная проверка: {public.answer.label_ru}",
        f"{path.name} verified offline against issuer/ca.pem; a forged copy: {forged.code}; "
        f"signed PDF with a QR code: {pdf.name}; public check: {public.answer}",
    )


def history(s: Story) -> str:
    [record] = s.cabinet.history.history(s.me)
    expect(record.status is ApplicationStatus.APPROVED, "history shows the decision")
    expect(len(record.acts) == 2 and len(record.certificates) == 1, "with its acts and certificate")
    now = datetime.now(UTC)
    figures = s.cabinet.reports.body_report(
        s.staff("reviewer"), now - timedelta(days=1), now + timedelta(days=1)
    )
    expect(
        figures.total == 1 and figures.by_outcome["approved"] == 1, "the body's report counts it"
    )
    return s.t(
        "история: решение, 2 акта, свидетельство; отчёт органа: 1 одобрено",
        "history: the decision, 2 acts, the certificate; body report: 1 approved",
    )


def reminder(s: Story) -> str:
    certificate = s.facts["certificate"]
    moment = datetime.combine(certificate.valid_until - timedelta(days=90), time(9), tzinfo=UTC)
    before = s.sent_so_far()
    for _ in range(3):
        s.cabinet.notifications.remind(SYSTEM, moment)
        s.cabinet.notifications.dispatch(SYSTEM, moment)
    new = s.delivered(before)
    expect(len(new) == 2, "one SMS and one e-mail")
    expect(all(certificate.number in m["text"] for m in new), "about this certificate")
    return s.t(
        f"за 90 дней до {certificate.valid_until}: одно SMS и одно письмо, не больше",
        f"90 days before {certificate.valid_until}: one SMS and one e-mail, no more",
    )


def journal(s: Story) -> str:
    head = s.cabinet.journal.checkpoint(SYSTEM)
    report = s.cabinet.journal.verify(SYSTEM)
    expect(report.ok, "the journal verifies")
    path = s.home.exports / "journal.json"
    s.cabinet.journal.export(SYSTEM, path)
    key = KeySigner.from_directory(s.home.issuer).public_key_pem()
    offline = accredkit.journal_verify(path, public_key=key)
    expect(offline.ok, "the export verifies offline")
    return s.t(
        f"контрольная точка: {head.size} записей; журнал цел; выгрузка проверена офлайн",
        f"checkpoint over {head.size} entries; the journal is intact; the export verifies offline",
    )


STEPS: tuple[Step, ...] = (
    ("Регистрация медицинского работника", "A medical worker registers", register),
    ("Подтверждение телефона и почты", "Phone and e-mail confirmed", confirm_contacts),
    ("Проверка учётной записи", "The account is verified", verify_account),
    ("Первый вход с электронной подписью", "First login with an e-signature", first_login),
    ("Второй фактор (TOTP)", "Second factor (TOTP)", enrol_totp),
    (
        "Заявление на специализированную аккредитацию",
        "Application for specialised accreditation",
        create,
    ),
    ("Негодный файл отклонён", "A bad file is refused", bad_file),
    ("Документы приложены", "Documents attached", attach),
    ("Заявление подано", "The application is submitted", submit),
    ("Принято в обработку", "Taken into processing", take),
    ("Запрос дополнительных сведений", "Request for more information", request_info),
    ("Ответ заявителя и переписка", "The applicant answers and writes", answer),
    ("На согласование; четыре глаза", "Sent for approval; four eyes", send_for_approval),
    ("Решение комиссии", "The commission decides", approve),
    ("Уведомления", "Notifications", notify),
    ("Свидетельство проверено офлайн", "The certificate verified offline", verify_certificate),
    ("История и отчёт", "History and report", history),
    ("Напоминание об окончании срока", "Expiry reminder", reminder),
    ("Журнал аудита", "Audit journal", journal),
)


def where(home: Home, facts: dict[str, Any]) -> list[tuple[str, str, Path]]:
    """Where the demo left everything."""
    return [
        ("Кабинет", "Home", home.root),
        ("База данных", "Database", home.database),
        ("Документы (зашифрованы)", "Documents (encrypted)", home.blobs),
        ("SMS", "SMS", home.sms_outbox),
        ("E-mail", "E-mail", home.email_outbox),
        ("Свидетельство", "Certificate", facts.get("certificate_file", home.exports)),
        ("Свидетельство (PDF)", "Certificate (PDF)", facts.get("certificate_pdf", home.exports)),
        ("Журнал (выгрузка)", "Journal export", home.exports / "journal.json"),
        ("Ключ и УЦ выдачи (учебные)", "Issuer key and CA (development)", home.issuer),
    ]
