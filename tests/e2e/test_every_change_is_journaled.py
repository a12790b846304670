"""Every use case that changes state journals it, proven method by method.

The cabinet's services are found by introspection: every attribute of ``Cabinet``
whose value is a use-case class from ``accredkit.services``. Each public method is
either a read (the reviewed list ``READS``), one of the reviewed exceptions
(``NOT_JOURNALED``, each with its reason), or exercised here on a prepared cabinet,
where the journal must grow by at least one entry with the expected action and
subject. A new public method that is none of these fails
``test_every_public_method_is_a_read_or_exercised`` until someone decides which.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import attrs
import pytest

from accredkit import power_of_attorney_text
from accredkit.adapters.esignature.x509 import X509SignatureVerifier
from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.correspondence.outbox import DeliveryPolicy, MessageStatus
from accredkit.services.accounts.registration import Registered
from accredkit.services.applications.consequences import Consequences
from accredkit.services.authority import Authority
from accredkit.services.publishing import PublishingStorage
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    SPECIALIST,
    Person,
    administrator,
    clinic_in_register,
    complete_application,
    document_file,
    person_form,
    sign_in_again,
    signed_in,
    sqlite_config,
    staff_member,
)
from tests.support.passkeys import SoftAuthenticator

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow

PASSKEY_ORIGIN = "https://cabinet.example.ru"
PASSKEYS = {"rp_id": "cabinet.example.ru", "origins": [PASSKEY_ORIGIN]}
NEW_PASSWORD = "новый пароль у самого моря"

# Reviewed: these only read (or export/verify what is stored) and change nothing.
READS: dict[str, frozenset[str]] = {
    "accounts": frozenset(
        {
            "contact",
            "get",
            "identity_document",
            "identity_documents",
            "list_passkeys",
            "list_sessions",
            "requirements",
            "unmet_requirements",
        }
    ),
    "acts": frozenset({"export", "of_application", "pdf", "show"}),
    "applications": frozenset({"check", "document", "get", "list"}),
    "certificates": frozenset(
        {
            "by_number",
            "export",
            "of_holder",
            "pdf",
            "public_status",
            "revocation_list",
            "show",
            "status",
        }
    ),
    "history": frozenset({"application", "history"}),
    "journal": frozenset(
        {
            "export",
            "heads",
            "latest_head",
            "prove_consistency",
            "prove_inclusion",
            "verify",
        }
    ),
    "messages": frozenset({"attachment", "unread", "unread_count"}),
    "notifications": frozenset({"deadline_reminded", "outbox"}),
    "organisations": frozenset({"covered_staff", "representatives", "show"}),
    "reports": frozenset({"applicant_report", "body_report"}),
    "reviews": frozenset({"queue"}),
    "staff": frozenset({"list"}),
    "support": frozenset({"by_number", "expected_answer", "is_open", "list", "overdue", "show"}),
}

# Reviewed: these change state on purpose without a journal entry, and why.
NOT_JOURNALED: dict[tuple[str, str], str] = {
    ("accounts", "authenticate"): "restarts a session's idle timer on every request of the "
    "host; an entry per request would bury the journal (session ends are journaled)",
    ("journal", "checkpoint"): "signs a tree head over the journal itself; an entry for it "
    "would leave every head stale at once (heads are kept and signed on their own)",
}


def service_classes(cabinet: Cabinet) -> dict[str, type]:
    """Every use-case group on a cabinet: attributes holding an ``accredkit.services`` class.

    ``dir`` rather than the class dictionary: attrs turns the cached properties of a
    slotted class into slots.
    """
    found: dict[str, type] = {}
    for name in dir(Cabinet):
        if name.startswith("_"):
            continue
        value = getattr(cabinet, name)
        not_a_use_case = PublishingStorage | Authority | Consequences
        if inspect.ismethod(value) or isinstance(value, not_a_use_case):
            continue  # helpers; the storage port; the permission gate; the handler table
        if type(value).__module__.startswith("accredkit.services."):
            found[name] = type(value)
    return found


def public_methods(cls: type) -> frozenset[str]:
    """The public methods of ``cls`` (inherited ones included)."""
    return frozenset(
        name
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    )


# --- the prepared cabinet -----------------------------------------------------------------


@attrs.define
class World:
    """A harnessed cabinet and the people and applications an exercise needs."""

    h: AccountsHarness
    people: int = 100
    staff_people: dict[Role, tuple[Person, RegistrationForm]] = attrs.field(factory=dict)

    @property
    def c(self) -> Cabinet:
        return self.h.cabinet

    def form(self) -> RegistrationForm:
        self.people += 1
        return person_form(self.people)

    def staff(self, role: Role) -> Actor:
        """A staff member in ``role``, in a session opened now (the clock may have jumped)."""
        found = self.staff_people.get(role)
        if found is None:
            person = staff_member(self.h, role, n=800 + len(self.staff_people))
            self.staff_people[role] = (person, person_form(800 + len(self.staff_people)))
            return person.actor
        person, form = found
        return sign_in_again(self.h, person, form).actor

    @property
    def reviewer(self) -> Actor:
        return self.staff(Role.REVIEWER)

    @property
    def approver(self) -> Actor:
        return self.staff(Role.APPROVER)

    @property
    def operator(self) -> Actor:
        return self.staff(Role.OPERATOR)

    @property
    def support_agent(self) -> Actor:
        return self.staff(Role.SUPPORT)

    def registered(self) -> tuple[Registered, RegistrationForm]:
        form = self.form()
        return self.h.register(form), form

    def person(self) -> tuple[Person, RegistrationForm]:
        form = self.form()
        return signed_in(self.h, form), form

    def login_again(self, person: Person, form: RegistrationForm) -> tuple[str, str]:
        """A second session (token, session id) of a TOTP user, one step later."""
        self.h.clock.advance(timedelta(seconds=30))
        step = self.h.accounts.login(form.snils, form.password)
        step = self.h.complete(person.account_id, step, self.h.totp_code(person.account_id))
        assert step.stage is LoginStage.DONE
        assert step.token is not None
        assert step.session_id is not None
        return step.token, step.session_id

    def application(self, status: ApplicationStatus) -> tuple[Person, Application]:
        """A ``specialized`` application of a new applicant, moved on to ``status``."""
        person, _ = self.person()
        actor, app = person.actor, complete_application(self.h, person.actor)
        reviewer = self.reviewer
        steps: list[Callable[[], Application]] = [
            lambda: self.c.applications.submit(actor, app.id),
            lambda: self.c.reviews.take(reviewer, app.id),
        ]
        if status is ApplicationStatus.NEEDS_INFO:
            steps.append(lambda: self.c.reviews.request_info(reviewer, app.id, "Приложите"))
        if status in (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.APPROVED):
            steps.append(lambda: self.c.reviews.send_for_approval(reviewer, app.id))
        if status is ApplicationStatus.APPROVED:
            approver = self.approver
            steps.append(lambda: self.c.reviews.approve(approver, app.id))
        order = [ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING]
        count = order.index(status) if status in order else len(steps)
        for step in steps[:count]:
            app = step()
        assert app.status is status
        return person, app


Call = Callable[[], object]


@attrs.frozen
class Exercise:
    """How to prepare one call, and what its journal entry must say."""

    action: str
    subject_type: str
    prepare: Callable[[World], Call]


EXERCISES: dict[tuple[str, str], Exercise] = {}


def exercise(
    service: str, method: str, action: str, subject_type: str
) -> Callable[[Callable[[World], Call]], Callable[[World], Call]]:
    def register(prepare: Callable[[World], Call]) -> Callable[[World], Call]:
        EXERCISES[(service, method)] = Exercise(action, subject_type, prepare)
        return prepare

    return register


# --- accounts -----------------------------------------------------------------------------


@exercise("accounts", "register", "account.registered", "account")
def _register(w: World) -> Call:
    form = w.form()
    return lambda: w.h.accounts.register(form)


@exercise("accounts", "send_contact_code", "account.contact_code_sent", "account")
def _send_contact_code(w: World) -> Call:
    registered, _ = w.registered()
    w.h.clock.advance(timedelta(minutes=2))  # past the resend cool-down
    return lambda: w.h.accounts.send_contact_code(registered.account_id, "phone")


@exercise("accounts", "confirm_contact", "account.contact_confirmed", "account")
def _confirm_contact(w: World) -> Call:
    registered, _ = w.registered()
    code = w.h.last_code(str(w.h.account(registered.account_id).phone))
    return lambda: w.h.accounts.confirm_contact(
        registered.account_id, "phone", registered.phone_request_id, code
    )


@exercise("accounts", "record_consent", "account.consent_recorded", "account")
def _record_consent(w: World) -> Call:
    person, _ = w.person()
    return lambda: w.h.accounts.record_consent(person.actor, person.account_id)


@exercise("accounts", "request_subject_report", "subject.report_requested", "account")
def _request_subject_report(w: World) -> Call:
    person, _ = w.person()
    return lambda: w.h.accounts.request_subject_report(person.actor)


@exercise("accounts", "subject_report", "subject.report_answered", "account")
def _subject_report(w: World) -> Call:
    person, _ = w.person()
    w.h.accounts.request_subject_report(person.actor)
    operator = w.h.operator()
    return lambda: w.h.accounts.subject_report(operator, person.account_id)


@exercise("accounts", "depersonalise", "account.depersonalised", "account")
def _depersonalise(w: World) -> Call:
    person, _ = w.person()
    w.h.clock.advance(timedelta(days=5 * 365 + 2))  # past the default retention period
    return lambda: w.h.accounts.depersonalise(
        w.h.operator(), person.account_id, "истек срок хранения"
    )


@exercise("accounts", "withdraw_consent", "account.consent_withdrawn", "account")
def _withdraw_consent(w: World) -> Call:
    person, _ = w.person()
    return lambda: w.h.accounts.withdraw_consent(person.actor)


@exercise("accounts", "accept_identity_documents", "account.documents_accepted", "account")
def _accept_identity_documents(w: World) -> Call:
    registered, _ = w.registered()
    w.h.submit_identity_documents(registered.account_id)
    operator = w.operator
    return lambda: w.h.accounts.accept_identity_documents(operator, registered.account_id)


@exercise("accounts", "submit_identity_document", "account.identity_document_submitted", "account")
def _submit_identity_document(w: World) -> Call:
    person, _ = w.person()
    data, name = document_file("passport", seed=77)
    return lambda: w.h.accounts.submit_identity_document(
        person.actor, person.account_id, "passport", name, data
    )


@exercise("accounts", "return_identity_documents", "account.documents_returned", "account")
def _return_identity_documents(w: World) -> Call:
    registered, _ = w.registered()
    w.h.submit_identity_documents(registered.account_id)
    operator = w.operator
    return lambda: w.h.accounts.return_identity_documents(
        operator, registered.account_id, "Скан паспорта нечитаем"
    )


@exercise("accounts", "link_registry", "account.registry_linked", "account")
def _link_registry(w: World) -> Call:
    registered, _ = w.registered()
    return lambda: w.h.accounts.link_registry(SYSTEM, registered.account_id)


@exercise("accounts", "block", "account.blocked", "account")
def _block(w: World) -> Call:
    person, _ = w.person()
    operator = w.operator
    return lambda: w.h.accounts.block(operator, person.account_id, "Проверка документов")


@exercise("accounts", "unblock", "account.unblocked", "account")
def _unblock(w: World) -> Call:
    person, _ = w.person()
    operator = w.operator
    w.h.accounts.block(operator, person.account_id, "Проверка документов")
    return lambda: w.h.accounts.unblock(operator, person.account_id)


@exercise("accounts", "login", "account.login_step_pending", "account")
def _login(w: World) -> Call:
    _, form = w.person()
    w.h.clock.advance(timedelta(seconds=30))
    return lambda: w.h.accounts.login(form.snils, form.password)


@exercise("accounts", "second_factor", "account.login_succeeded", "account")
def _second_factor(w: World) -> Call:
    person, form = w.person()
    w.h.clock.advance(timedelta(seconds=30))
    step = w.h.accounts.login(form.snils, form.password)
    assert step.pending_id is not None
    pending, code = step.pending_id, w.h.totp_code(person.account_id)
    return lambda: w.h.accounts.second_factor(pending, code)


@exercise("accounts", "confirm_esignature", "account.esignature_confirmed", "account")
def _confirm_esignature(w: World) -> Call:
    registered, form = w.registered()
    w.h.verify(registered)
    step = w.h.accounts.login(form.snils, form.password)
    assert step.pending_id is not None
    assert step.challenge is not None
    pending = step.pending_id
    signature, pem = w.h.sign(registered.account_id, step.challenge)
    return lambda: w.h.accounts.confirm_esignature(pending, signature, pem)


@exercise("accounts", "request_recovery", "account.recovery_requested", "account")
def _request_recovery(w: World) -> Call:
    _, form = w.person()
    w.h.clock.advance(timedelta(minutes=2))
    return lambda: w.h.accounts.request_recovery(form.snils)


@exercise("accounts", "complete_recovery", "account.password_changed", "account")
def _complete_recovery(w: World) -> Call:
    person, form = w.person()
    w.h.clock.advance(timedelta(minutes=2))
    request = w.h.accounts.request_recovery(form.snils)
    phone = str(w.h.account(person.account_id).phone)
    code, totp = w.h.last_code(phone), w.h.totp_code(person.account_id)
    ticket = w.h.accounts.verify_recovery(request, code, totp)
    return lambda: w.h.accounts.complete_recovery(ticket, NEW_PASSWORD)


@exercise("accounts", "verify_recovery", "account.recovery_verified", "account")
def _verify_recovery(w: World) -> Call:
    person, form = w.person()
    w.h.clock.advance(timedelta(minutes=2))
    request = w.h.accounts.request_recovery(form.snils)
    phone = str(w.h.account(person.account_id).phone)
    code, totp = w.h.last_code(phone), w.h.totp_code(person.account_id)
    return lambda: w.h.accounts.verify_recovery(request, code, totp)


@exercise("accounts", "logout", "account.session_ended", "account")
def _logout(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.logout(token)


@exercise("accounts", "end_session", "account.session_ended", "account")
def _end_session(w: World) -> Call:
    person, form = w.person()
    token, current = w.login_again(person, form)
    [other] = [s.id for s in w.h.accounts.list_sessions(token) if s.id != current]
    return lambda: w.h.accounts.end_session(token, other)


@exercise("accounts", "end_other_sessions", "account.sessions_ended", "account")
def _end_other_sessions(w: World) -> Call:
    person, form = w.person()
    token, _ = w.login_again(person, form)
    return lambda: w.h.accounts.end_other_sessions(token)


@exercise("accounts", "change_password", "account.password_changed", "account")
def _change_password(w: World) -> Call:
    person, form = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.change_password(token, form.password, NEW_PASSWORD)


@exercise("accounts", "change_phone", "account.contact_changed", "account")
def _change_phone(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.change_phone(token, "+7 999 000-12-34")


@exercise("accounts", "change_email", "account.contact_changed", "account")
def _change_email(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.change_email(token, "new.address@example.org")


@exercise("accounts", "begin_totp_enrolment", "account.totp_enrolment_started", "account")
def _begin_totp_enrolment(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.begin_totp_enrolment(token)


@exercise("accounts", "finish_totp_enrolment", "account.second_factor_changed", "account")
def _finish_totp_enrolment(w: World) -> Call:
    registered, form = w.registered()
    w.h.verify(registered)
    step = w.h.complete(registered.account_id, w.h.accounts.login(form.snils, form.password))
    token = step.token or ""
    started = w.h.accounts.begin_totp_enrolment(token)
    code = w.h.totp.code_at(started.secret, w.h.clock.now())
    return lambda: w.h.accounts.finish_totp_enrolment(token, started.enrolment_id, code)


@exercise("accounts", "use_sms_factor", "account.second_factor_changed", "account")
def _use_sms_factor(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.use_sms_factor(token)


@exercise("accounts", "new_recovery_codes", "account.recovery_codes_issued", "account")
def _new_recovery_codes(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.new_recovery_codes(token)


def _with_passkey(w: World) -> tuple[Person, RegistrationForm, SoftAuthenticator]:
    person, form = w.person()
    token, device = person.token or "", SoftAuthenticator(PASSKEY_ORIGIN)
    started = w.h.accounts.begin_passkey_enrolment(token, "Телефон")
    w.h.accounts.finish_passkey_enrolment(
        token, started.enrolment_id, device.create(started.options_json)
    )
    return person, form, device


@exercise("accounts", "begin_passkey_enrolment", "account.passkey_enrolment_started", "account")
def _begin_passkey_enrolment(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    return lambda: w.h.accounts.begin_passkey_enrolment(token, "Телефон")


@exercise("accounts", "finish_passkey_enrolment", "account.passkey_enrolled", "account")
def _finish_passkey_enrolment(w: World) -> Call:
    person, _ = w.person()
    token = person.token or ""
    started = w.h.accounts.begin_passkey_enrolment(token, "Телефон")
    answer = SoftAuthenticator(PASSKEY_ORIGIN).create(started.options_json)
    return lambda: w.h.accounts.finish_passkey_enrolment(token, started.enrolment_id, answer)


@exercise("accounts", "remove_passkey", "account.passkey_removed", "account")
def _remove_passkey(w: World) -> Call:
    person, _, _ = _with_passkey(w)
    token = person.token or ""
    (passkey,) = w.h.accounts.list_passkeys(token)
    return lambda: w.h.accounts.remove_passkey(token, passkey.id)


@exercise("accounts", "begin_passkey_login", "account.passkey_login_started", "account")
def _begin_passkey_login(w: World) -> Call:
    _, form, _ = _with_passkey(w)
    w.h.clock.advance(timedelta(seconds=30))
    pending = w.h.accounts.login(form.snils, form.password).pending_id or ""
    return lambda: w.h.accounts.begin_passkey_login(pending)


@exercise("accounts", "finish_passkey_login", "account.login_succeeded", "account")
def _finish_passkey_login(w: World) -> Call:
    _, form, device = _with_passkey(w)
    w.h.clock.advance(timedelta(seconds=30))
    pending = w.h.accounts.login(form.snils, form.password).pending_id or ""
    answer = device.get(w.h.accounts.begin_passkey_login(pending))
    return lambda: w.h.accounts.finish_passkey_login(pending, answer)


# --- applications and reviews -------------------------------------------------------------


@exercise("applications", "create", "application.created", "application")
def _create(w: World) -> Call:
    person, _ = w.person()
    return lambda: w.c.applications.create(person.actor, "specialized", SPECIALIST)


@exercise("applications", "attach", "application.document_attached", "application")
def _attach(w: World) -> Call:
    person, _ = w.person()
    app = w.c.applications.create(person.actor, "specialized", SPECIALIST)
    data, name = document_file("diploma", 1)
    return lambda: w.c.applications.attach(person.actor, app.id, data, name, "diploma")


@exercise("applications", "detach", "application.document_detached", "application")
def _detach(w: World) -> Call:
    person, app = w.application(ApplicationStatus.DRAFT)
    digest = app.documents[0].sha256
    return lambda: w.c.applications.detach(person.actor, app.id, digest)


@exercise("applications", "submit", "application.submit", "application")
def _submit(w: World) -> Call:
    person, app = w.application(ApplicationStatus.DRAFT)
    return lambda: w.c.applications.submit(person.actor, app.id)


@exercise("applications", "answer", "application.answer", "application")
def _answer(w: World) -> Call:
    person, app = w.application(ApplicationStatus.NEEDS_INFO)
    return lambda: w.c.applications.answer(person.actor, app.id, "Приложено")


@exercise("applications", "withdraw", "application.withdraw", "application")
def _withdraw(w: World) -> Call:
    person, app = w.application(ApplicationStatus.DRAFT)
    return lambda: w.c.applications.withdraw(person.actor, app.id, "Передумал")


@exercise("reviews", "take", "application.accept", "application")
def _take(w: World) -> Call:
    _, app = w.application(ApplicationStatus.SUBMITTED)
    reviewer = w.reviewer
    return lambda: w.c.reviews.take(reviewer, app.id)


@exercise("reviews", "request_info", "application.request_info", "application")
def _request_info(w: World) -> Call:
    _, app = w.application(ApplicationStatus.PROCESSING)
    reviewer = w.reviewer
    return lambda: w.c.reviews.request_info(reviewer, app.id, "Приложите удостоверение")


@exercise("reviews", "send_for_approval", "application.send_for_approval", "application")
def _send_for_approval(w: World) -> Call:
    _, app = w.application(ApplicationStatus.PROCESSING)
    reviewer = w.reviewer
    return lambda: w.c.reviews.send_for_approval(reviewer, app.id)


@exercise("reviews", "approve", "application.approve", "application")
def _approve(w: World) -> Call:
    _, app = w.application(ApplicationStatus.UNDER_REVIEW)
    approver = w.approver
    return lambda: w.c.reviews.approve(approver, app.id)


@exercise("reviews", "reject", "application.reject", "application")
def _reject(w: World) -> Call:
    _, app = w.application(ApplicationStatus.UNDER_REVIEW)
    approver = w.approver
    return lambda: w.c.reviews.reject(approver, app.id, "Недостаточно часов обучения")


@exercise("reviews", "expire_overdue", "application.expire_info", "application")
def _expire_overdue(w: World) -> Call:
    _, app = w.application(ApplicationStatus.NEEDS_INFO)
    assert app.info_request is not None
    w.h.clock.set(app.info_request.deadline - timedelta(hours=1))
    w.c.notifications.remind(SYSTEM)  # no withdrawal without a sent reminder
    w.c.notifications.dispatch(SYSTEM)
    w.h.clock.set(app.info_request.deadline + timedelta(days=1))
    return lambda: w.c.reviews.expire_overdue(SYSTEM)


# --- certificates, notifications, messages, support ---------------------------------------


@exercise("certificates", "revoke", "certificate.revoked", "certificate")
def _revoke(w: World) -> Call:
    person, _ = w.application(ApplicationStatus.APPROVED)
    [certificate] = w.c.certificates.of_holder(person.actor, person.account_id)
    operator = w.operator
    return lambda: w.c.certificates.revoke(operator, certificate.id, "Ошибка в данных")


@exercise("notifications", "dispatch", "notification.sent", "notification")
def _dispatch(w: World) -> Call:
    w.application(ApplicationStatus.APPROVED)
    return lambda: w.c.notifications.dispatch(SYSTEM)


@exercise("notifications", "requeue", "notification.requeued", "notification")
def _requeue(w: World) -> Call:
    w.application(ApplicationStatus.SUBMITTED)
    w.h.sms.failing = True
    for _ in range(DeliveryPolicy().max_attempts):
        w.c.notifications.dispatch(SYSTEM)
        w.h.clock.advance(DeliveryPolicy().max_delay + timedelta(minutes=1))
    w.h.sms.failing = False
    failed = w.c.notifications.outbox(SYSTEM, status=MessageStatus.FAILED)
    assert failed
    operator = w.operator
    return lambda: w.c.notifications.requeue(operator, failed[0].id)


@exercise("notifications", "remind", "notification.reminder_queued", "certificate")
def _remind(w: World) -> Call:
    person, _ = w.application(ApplicationStatus.APPROVED)
    [certificate] = w.c.certificates.of_holder(person.actor, person.account_id)
    moment = datetime.combine(certificate.valid_until - timedelta(days=90), time(9), tzinfo=UTC)
    return lambda: w.c.notifications.remind(SYSTEM, moment)


@exercise("messages", "send", "message.sent", "application")
def _send(w: World) -> Call:
    person, app = w.application(ApplicationStatus.SUBMITTED)
    return lambda: w.c.messages.send(person.actor, app.id, "Добрый день")


@exercise("messages", "thread", "message.read", "application")
def _thread(w: World) -> Call:
    person, app = w.application(ApplicationStatus.SUBMITTED)
    w.c.messages.send(person.actor, app.id, "Добрый день")
    reviewer = w.reviewer
    return lambda: w.c.messages.thread(reviewer, app.id)


@exercise("messages", "thread_with_application", "message.read", "application")
def _thread_with_application(w: World) -> Call:
    person, app = w.application(ApplicationStatus.SUBMITTED)
    w.c.messages.send(person.actor, app.id, "Добрый день")
    reviewer = w.reviewer
    return lambda: w.c.messages.thread_with_application(reviewer, app.id)


@exercise("support", "open", "ticket.opened", "ticket")
def _open(w: World) -> Call:
    person, _ = w.person()
    return lambda: w.c.support.open(person.actor, "login", "Не приходит код", "Помогите")


def _ticket(w: World) -> tuple[str, Actor]:
    person, _ = w.person()
    ticket = w.c.support.open(person.actor, "login", "Не приходит код", "Помогите")
    return ticket.id, person.actor


@exercise("support", "answer", "ticket.answered", "ticket")
def _answer_ticket(w: World) -> Call:
    ticket, _ = _ticket(w)
    agent = w.support_agent
    return lambda: w.c.support.answer(agent, ticket, "Проверьте номер телефона")


@exercise("support", "follow_up", "ticket.followed_up", "ticket")
def _follow_up(w: World) -> Call:
    ticket, account = _ticket(w)
    w.c.support.answer(w.support_agent, ticket, "Проверьте номер телефона")
    return lambda: w.c.support.follow_up(account, ticket, "Не помогло")


@exercise("support", "close", "ticket.closed", "ticket")
def _close(w: World) -> Call:
    ticket, _ = _ticket(w)
    agent = w.support_agent
    return lambda: w.c.support.close(agent, ticket)


# --- staff accounts -----------------------------------------------------------------------


@exercise("staff", "setup_first_administrator", "staff.first_administrator", "account")
def _setup_first_administrator(w: World) -> Call:
    form = w.form()
    return lambda: w.h.staff.setup_first_administrator(form)


@exercise("staff", "create", "staff.created", "account")
def _create_staff(w: World) -> Call:
    admin, form = administrator(w.h), w.form()
    return lambda: w.h.staff.create(admin.actor, form, [Role.REVIEWER])


@exercise("staff", "grant", "staff.role_granted", "account")
def _grant(w: World) -> Call:
    admin, (person, _) = administrator(w.h), w.person()
    return lambda: w.h.staff.grant(admin.actor, person.account_id, Role.AUDITOR)


@exercise("staff", "revoke", "staff.role_revoked", "account")
def _revoke_role(w: World) -> Call:
    admin, (person, _) = administrator(w.h), w.person()
    w.h.staff.grant(admin.actor, person.account_id, Role.AUDITOR)
    return lambda: w.h.staff.revoke(admin.actor, person.account_id, Role.AUDITOR)


# --- organisations ------------------------------------------------------------------------


def _clinic(w: World, *, registered: bool = True) -> str:
    """A new clinic in the register (and, by default, its account opened)."""
    w.people += 1
    ogrn = clinic_in_register(w.h, w.people)
    if registered:
        w.c.organisations.register(administrator(w.h).actor, ogrn)
    return ogrn


@exercise("organisations", "register", "organisation.registered", "organisation")
def _register_organisation(w: World) -> Call:
    ogrn, admin = _clinic(w, registered=False), administrator(w.h)
    return lambda: w.c.organisations.register(admin.actor, ogrn)


@exercise(
    "organisations", "link_representative", "organisation.representative_linked", "organisation"
)
def _link_representative(w: World) -> Call:
    ogrn, (person, _) = _clinic(w), w.person()
    admin = administrator(w.h)
    return lambda: w.c.organisations.link_representative(admin.actor, ogrn, person.account_id)


@exercise(
    "organisations",
    "submit_power_of_attorney",
    "organisation.representative_linked",
    "organisation",
)
def _submit_power_of_attorney(w: World) -> Call:
    ogrn, (person, _) = _clinic(w), w.person()
    # The harness's test CA signs raw signatures; its verifier reports the ОГРН.
    w.c.organisations.signatures = X509SignatureVerifier([w.h.ca.pem])
    head = w.h.ca.issue("08765430300", ogrn=ogrn)
    text = power_of_attorney_text(ogrn, person.account_id, w.h.snils_of(person.account_id))
    return lambda: w.c.organisations.submit_power_of_attorney(
        person.actor, ogrn, text, head.sign(text), head.pem, "087-654-303 00"
    )


@exercise(
    "organisations", "revoke_representative", "organisation.representative_revoked", "organisation"
)
def _revoke_representative(w: World) -> Call:
    ogrn, (person, _) = _clinic(w), w.person()
    admin = administrator(w.h)
    w.c.organisations.link_representative(admin.actor, ogrn, person.account_id)
    return lambda: w.c.organisations.revoke_representative(admin.actor, ogrn, person.account_id)


# --- the tests ----------------------------------------------------------------------------


def test_every_public_method_is_a_read_or_exercised() -> None:
    with bootstrap() as cabinet:
        services = {name: public_methods(cls) for name, cls in service_classes(cabinet).items()}
    assert {"accounts", "applications", "reviews", "journal", "support"} <= set(services)
    unclassified = sorted(
        f"{service}.{method}"
        for service, methods in services.items()
        for method in methods
        if method not in READS.get(service, frozenset())
        and (service, method) not in EXERCISES
        and (service, method) not in NOT_JOURNALED
    )
    assert unclassified == [], "new public methods: add them to READS or exercise them"
    listed = [
        *((s, m) for s, methods in READS.items() for m in methods),
        *EXERCISES,
        *NOT_JOURNALED,
    ]
    stale = sorted(f"{s}.{m}" for s, m in listed if m not in services.get(s, frozenset()))
    assert stale == [], "listed methods that no longer exist"
    both = sorted(f"{s}.{m}" for s, m in EXERCISES if m in READS.get(s, frozenset()))
    assert both == []


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    config = sqlite_config(tmp_path) if request.param != "memory" else None
    if config is not None and request.param == "postgresql":
        config["storage"] = request.getfixturevalue("postgres_url")
    h = AccountsHarness(dict(config or {}, settings={"passkeys": PASSKEYS}), at=START)
    yield World(h)
    h.close()


def _entries(cabinet: Cabinet, start: int) -> list[dict[str, object]]:
    with cabinet.storage.unit_of_work() as uow:
        return [json.loads(data) for _, data in uow.journal.read(start)]


def _size(cabinet: Cabinet) -> int:
    with cabinet.storage.unit_of_work() as uow:
        return uow.journal.size()


@pytest.mark.parametrize("key", sorted(EXERCISES), ids=lambda key: f"{key[0]}.{key[1]}")
def test_each_state_change_is_journaled(world: World, key: tuple[str, str]) -> None:
    case = EXERCISES[key]
    call = case.prepare(world)
    before = _size(world.c)
    call()
    new = _entries(world.c, before)
    assert len(new) >= 1, f"{key[0]}.{key[1]} changed state without a journal entry"
    seen = {(entry["action"], entry["subject"]["type"]) for entry in new}  # type: ignore[index]
    assert (case.action, case.subject_type) in seen, seen
    assert all(entry["actor"] for entry in new)
    assert world.c.journal.verify(SYSTEM).ok
