"""Accounts use cases end to end on the in-memory cabinet (and SQLite where it matters)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from accredkit.domain.accounts.account import AccountStatus, SecondFactor
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.registry import WorkerRecord
from accredkit.errors import (
    AccountLocked,
    AccredkitError,
    AuthenticationFailed,
    ConfigurationError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationError,
)
from accredkit.services.accounts.accounts import AccountSettings, LoginStep, Registered
from accredkit.services.applications.applications import RequirementsCheck
from accredkit.services.correspondence.code_delivery import CODE_TEMPLATES
from tests.support.accounts_harness import AccountsHarness, default_form

PASSWORD = "сосна у реки шумит"
OTP_KEY = "base64:YWNjcmVka2l0IHRlc3Qga2V5IDMyIGJ5dGVzIGxvbmc="  # 32 bytes
LOGIN = "112-233-445 95"


@pytest.fixture
def h() -> Iterator[AccountsHarness]:
    harness = AccountsHarness()
    yield harness
    harness.close()


def sqlite_config(folder: Path) -> dict[str, str]:
    return {
        "storage": f"sqlite:///{folder}/cabinet.db",
        "otp_key": OTP_KEY,
        "data_key": OTP_KEY,
        "base_dir": str(folder),
    }


def ready(h: AccountsHarness) -> Registered:
    registered = h.register()
    h.verify(registered)
    return registered


def signed_in(h: AccountsHarness, registered: Registered) -> str:
    step = h.complete(registered.account_id, h.accounts.login(LOGIN, PASSWORD))
    assert step.stage is LoginStage.DONE
    assert step.token is not None
    return step.token


def with_totp(h: AccountsHarness) -> tuple[Registered, tuple[str, ...]]:
    registered = ready(h)
    token = signed_in(h, registered)
    codes = h.enrol_totp(token, registered.account_id)
    return registered, codes


def answer(h: AccountsHarness, login: str, password: str) -> dict[str, object]:
    with pytest.raises(AccredkitError) as caught:
        h.accounts.login(login, password)
    data = caught.value.to_dict()
    data["type"] = type(caught.value).__name__
    data["retry_after"] = getattr(caught.value, "retry_after", None)
    return data


# --- registration and verification ----------------------------------------------------


def test_registration_sends_both_codes_and_stores_no_plaintext(h: AccountsHarness) -> None:
    registered = h.register()
    account = h.account(registered.account_id)
    assert account.status is AccountStatus.REGISTERED
    assert [m.to for m in h.sms.sent] == ["+79161234567"]
    assert [m.to for m in h.email.sent] == ["ivan.ivanov@example.org"]
    assert "Код для подтверждения телефона" in h.sms.sent[0].text
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in repr(account)


def test_registration_with_held_identifiers_answers_like_a_fresh_one(h: AccountsHarness) -> None:
    first = h.register()
    again = h.accounts.register(default_form(email="other@example.org"))
    assert isinstance(again, Registered)
    assert again.account_id != first.account_id
    with pytest.raises(NotFound):
        h.account(again.account_id)
    assert h.last_code("other@example.org")  # the form's own free address got its code
    h.deliver()
    assert any(m.subject == "Попытка регистрации с вашими данными" for m in h.email.sent)


def test_registration_reports_every_form_problem(h: AccountsHarness) -> None:
    with pytest.raises(ValidationError) as caught:
        h.accounts.register(default_form(snils="1", password="Ivanov1985", consent_given=False))
    assert {v.code for v in caught.value.violations} == {
        "snils.length",
        "password.too_short",
        "password.common",
        "password.contains_personal_data",
        "consent.required",
    }
    assert h.sms.sent == []


def test_verification_walks_to_verified_and_requirements_shrink(h: AccountsHarness) -> None:
    registered = h.register()
    before = {r.code for r in h.requirements(registered.account_id)}
    assert "access.phone_unconfirmed" in before
    h.verify(registered)
    account = h.account(registered.account_id)
    assert account.status is AccountStatus.VERIFIED
    assert [r.code for r in h.requirements(account.id)] == ["access.second_factor_missing"]


def test_contact_code_lifecycle_through_the_service(h: AccountsHarness) -> None:
    registered = h.register()
    code = h.last_code("+79161234567")
    h.clock.advance(timedelta(minutes=5))
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.confirm_contact(
            registered.account_id, "phone", registered.phone_request_id, code
        )
    assert caught.value.code == "otp.expired"
    request = h.accounts.send_contact_code(registered.account_id, "phone")
    fresh = h.last_code("+79161234567")
    h.clock.advance(timedelta(minutes=4, seconds=59))
    h.accounts.confirm_contact(registered.account_id, "phone", request, fresh)
    with pytest.raises(AuthenticationFailed) as again:
        h.accounts.confirm_contact(registered.account_id, "phone", request, fresh)
    assert again.value.code == "otp.used"


def test_resend_cool_down(h: AccountsHarness) -> None:
    registered = h.register()
    with pytest.raises(RateLimited) as caught:
        h.accounts.send_contact_code(registered.account_id, "phone")
    assert caught.value.code == "otp.cooldown"
    h.clock.advance(timedelta(seconds=60))
    assert h.accounts.send_contact_code(registered.account_id, "phone")


def test_registry_mismatch_refused(h: AccountsHarness) -> None:
    registered = h.register()
    account = h.account(registered.account_id)
    h.registry.add(WorkerRecord(account.snils, "Петров Иван Иванович", account.birth_date))
    with pytest.raises(ValidationError) as caught:
        h.accounts.link_registry(SYSTEM, registered.account_id)
    assert caught.value.code == "registry.name_mismatch"


# --- login ---------------------------------------------------------------------------


def test_first_login_needs_esignature_then_not_again(h: AccountsHarness) -> None:
    registered = ready(h)
    first = h.accounts.login(LOGIN, PASSWORD)
    assert first.stage is LoginStage.ESIGNATURE
    assert first.challenge is not None
    assert registered.account_id.encode() in first.challenge
    assert h.complete(registered.account_id, first).stage is LoginStage.DONE
    assert h.accounts.login("ivan.ivanov@example.org", PASSWORD).stage is LoginStage.DONE
    assert h.accounts.login("+79161234567", PASSWORD).stage is LoginStage.DONE


def test_esignature_with_another_persons_certificate_refused(h: AccountsHarness) -> None:
    registered = ready(h)
    step = h.accounts.login(LOGIN, PASSWORD)
    other = h.ca.issue("12345678964")
    assert step.pending_id is not None
    assert step.challenge is not None
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.confirm_esignature(step.pending_id, other.sign(step.challenge), other.pem)
    assert caught.value.code == "esignature.snils_mismatch"
    assert h.account(registered.account_id).esignature_needed


def test_unknown_account_and_wrong_password_answer_identically(h: AccountsHarness) -> None:
    ready(h)
    known = [answer(h, LOGIN, "wrong password here") for _ in range(8)]
    unknown = [answer(h, "123-456-789 64", "wrong password here") for _ in range(8)]
    assert known == unknown
    assert known[0]["code"] == "auth.failed"
    assert known[-1]["code"] == "auth.throttled"


def test_one_hundred_failed_logins_then_lock_for_known_and_unknown_alike(
    h: AccountsHarness,
) -> None:
    registered = ready(h)
    answers: dict[str, list[str]] = {LOGIN: [], "123-456-789 64": []}
    for login, seen in answers.items():
        failures = 0
        while failures < 100:
            data = answer(h, login, "wrong password here")
            if data["code"] == "auth.throttled":
                h.clock.advance(data["retry_after"])  # type: ignore[arg-type]
                continue
            seen.append(str(data["code"]))
            failures += 1
        seen.append(str(answer(h, login, PASSWORD)["code"]))
        h.clock.advance(timedelta(days=30))
        seen.append(str(answer(h, login, PASSWORD)["code"]))
    assert answers[LOGIN] == answers["123-456-789 64"]
    assert answers[LOGIN][:100] == ["auth.failed"] * 100
    assert answers[LOGIN][100:] == ["auth.locked", "auth.locked"]
    account = h.account(registered.account_id)
    assert account.locked
    assert account.failed_logins == 100
    h.deliver()
    assert any("Вход заблокирован" in m.subject for m in h.email.sent if m.subject)


def fail_until_locked(h: AccountsHarness, login: str) -> None:
    """Wrong passwords (waiting out every throttle) until the answer is a lock."""
    while True:
        try:
            h.accounts.login(login, "wrong password here")
        except RateLimited as error:
            h.clock.advance(error.retry_after or timedelta(minutes=15))
        except AccountLocked:
            return
        except AuthenticationFailed:
            pass


def test_lock_lifted_by_recovery(h: AccountsHarness) -> None:
    registered = ready(h)
    fail_until_locked(h, LOGIN)
    assert h.account(registered.account_id).locked
    h.clock.advance(h.accounts.settings.login.throttle_cap)  # recovery waits like a login
    request = h.accounts.request_recovery(LOGIN)
    ticket = h.accounts.verify_recovery(request, h.last_code("+79161234567"))
    h.accounts.complete_recovery(ticket, "новый пароль для входа")
    assert not h.account(registered.account_id).locked
    step = h.accounts.login(LOGIN, "новый пароль для входа")
    assert step.stage is LoginStage.ESIGNATURE  # the first login after a password change


def test_blocked_account_told_only_with_the_right_password(h: AccountsHarness) -> None:
    registered = ready(h)
    token = signed_in(h, registered)
    h.accounts.block(h.operator(), registered.account_id, "Проверка документов")
    with pytest.raises(AuthenticationFailed):
        h.accounts.authenticate(token)
    assert answer(h, LOGIN, "wrong password here")["code"] == "auth.failed"
    assert answer(h, LOGIN, PASSWORD)["code"] == "auth.blocked"
    assert not any("Проверка документов" in m.text for m in h.email.sent)
    h.deliver()
    assert any("Проверка документов" in m.text for m in h.email.sent)
    assert any("Проверка документов" in m.text for m in h.sms.sent)
    assert next(r.code for r in h.requirements(registered.account_id)) == "access.blocked"
    h.accounts.unblock(h.operator(), registered.account_id)
    assert h.accounts.login(LOGIN, PASSWORD).stage is LoginStage.DONE


# --- second factor -------------------------------------------------------------------


def test_totp_login_and_replayed_code_rejected(h: AccountsHarness) -> None:
    registered, _ = with_totp(h)
    h.clock.advance(timedelta(seconds=30))
    code = h.totp_code(registered.account_id)
    step = h.accounts.login(LOGIN, PASSWORD)
    assert (step.stage, step.factor) == (LoginStage.SECOND_FACTOR, SecondFactor.TOTP)
    assert h.complete(registered.account_id, step, code).stage is LoginStage.DONE
    again = h.accounts.login(LOGIN, PASSWORD)
    assert again.pending_id is not None
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.second_factor(again.pending_id, code)
    assert caught.value.code == "auth.failed"


def test_full_width_totp_digits_refused(h: AccountsHarness) -> None:
    registered, _ = with_totp(h)
    h.clock.advance(timedelta(seconds=30))
    wide = h.totp_code(registered.account_id).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    step = h.accounts.login(LOGIN, PASSWORD)
    assert step.pending_id is not None
    with pytest.raises(AuthenticationFailed):
        h.accounts.second_factor(step.pending_id, wide)


def _race(h: AccountsHarness, account_id: str) -> list[str]:
    code = h.totp_code(account_id)
    steps = [h.accounts.login(LOGIN, PASSWORD) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(step: LoginStep) -> None:
        assert step.pending_id is not None
        barrier.wait()
        try:
            result = h.accounts.second_factor(step.pending_id, code).stage.value
        except AccredkitError as error:
            result = error.code
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(s,)) for s in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.parametrize("storage", ["memory", "sqlite"])
def test_two_threads_same_totp_code_exactly_one_accepted(storage: str, tmp_path: Path) -> None:
    config = sqlite_config(tmp_path) if storage == "sqlite" else None
    h = AccountsHarness(config)
    try:
        registered, _ = with_totp(h)
        for _ in range(5):
            h.clock.advance(timedelta(seconds=30))
            assert _race(h, registered.account_id) == ["auth.failed", "done"]
    finally:
        h.close()


def test_recovery_code_works_once_as_second_factor(h: AccountsHarness) -> None:
    registered, codes = with_totp(h)
    assert len(codes) == 10
    step = h.accounts.login(LOGIN, PASSWORD)
    assert h.complete(registered.account_id, step, codes[0]).stage is LoginStage.DONE
    step = h.accounts.login(LOGIN, PASSWORD)
    assert step.pending_id is not None
    with pytest.raises(AuthenticationFailed):
        h.accounts.second_factor(step.pending_id, codes[0])


def test_sms_second_factor_and_email_code_never_counts(h: AccountsHarness) -> None:
    registered = ready(h)
    token = signed_in(h, registered)
    h.accounts.use_sms_factor(token)
    h.clock.advance(timedelta(minutes=2))
    request = h.accounts.send_contact_code(registered.account_id, "email")
    email_code = h.last_code("ivan.ivanov@example.org")
    step = h.accounts.login(LOGIN, PASSWORD)
    assert (step.stage, step.factor) == (LoginStage.SECOND_FACTOR, SecondFactor.SMS)
    assert step.pending_id is not None
    sms_code = h.last_code("+79161234567")
    if email_code != sms_code:
        with pytest.raises(AuthenticationFailed):
            h.accounts.second_factor(step.pending_id, email_code)
    assert h.accounts.second_factor(step.pending_id, sms_code).stage is LoginStage.DONE
    assert request


def test_enrolment_needs_a_fresh_login(h: AccountsHarness) -> None:
    registered = ready(h)
    token = signed_in(h, registered)
    h.clock.advance(timedelta(minutes=4))
    h.accounts.authenticate(token)
    h.clock.advance(timedelta(minutes=1, seconds=1))
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.begin_totp_enrolment(token)
    assert caught.value.code == "session.not_fresh"
    with pytest.raises(AuthenticationFailed):
        h.accounts.change_phone(token, "+79990001122")


# --- sessions ------------------------------------------------------------------------


def test_idle_fourteen_fifty_nine_ok_fifteen_expired(h: AccountsHarness) -> None:
    token = signed_in(h, ready(h))
    h.clock.advance(timedelta(minutes=14, seconds=59))
    h.accounts.authenticate(token)
    h.clock.advance(timedelta(minutes=15))
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.authenticate(token)
    assert caught.value.code == "session.expired"
    with pytest.raises(AuthenticationFailed) as again:
        h.accounts.authenticate(token)
    assert again.value.code == "session.invalid"


def test_requests_within_a_minute_store_nothing_and_the_limit_still_holds(
    h: AccountsHarness,
) -> None:
    """The idle timer is stored at most once a minute (docs/security.md, "Sessions")."""
    token = signed_in(h, ready(h))
    stored = h.accounts.authenticate(token)
    h.clock.advance(timedelta(seconds=59))
    assert h.accounts.authenticate(token).version == stored.version  # nothing written
    h.clock.advance(timedelta(seconds=1))
    moved = h.accounts.authenticate(token)
    assert moved.version == stored.version + 1
    assert moved.last_seen_at == h.clock.now()
    h.clock.advance(timedelta(seconds=59))
    h.accounts.authenticate(token)  # within the minute: the stored time stays
    # 15 minutes after the stored request, 14:01 after the last one: ended, early by
    # less than the touch interval, never late.
    h.clock.advance(timedelta(minutes=14, seconds=1))
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.authenticate(token)
    assert caught.value.code == "session.expired"


def test_a_zero_touch_interval_stores_every_request() -> None:
    harness = AccountsHarness({"settings": {"session_touch_seconds": 0}})
    token = signed_in(harness, ready(harness))
    first = harness.accounts.authenticate(token)
    harness.clock.advance(timedelta(seconds=1))
    assert harness.accounts.authenticate(token).version == first.version + 1
    harness.clock.advance(timedelta(minutes=14, seconds=59))
    assert harness.accounts.authenticate(token).version == first.version + 2
    harness.close()


def test_absolute_limit_holds_under_steady_activity(h: AccountsHarness) -> None:
    token = signed_in(h, ready(h))
    for _ in range(71):
        h.clock.advance(timedelta(minutes=10))
        h.accounts.authenticate(token)  # 11 h 50 min
    h.clock.advance(timedelta(minutes=10))
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.authenticate(token)
    assert caught.value.code == "session.expired"


def test_logout_list_and_end_others(h: AccountsHarness) -> None:
    registered = ready(h)
    first = signed_in(h, registered)
    second = signed_in(h, registered)
    third = signed_in(h, registered)
    assert len(h.accounts.list_sessions(first)) == 3
    h.accounts.logout(third)
    assert len(h.accounts.list_sessions(first)) == 2
    assert h.accounts.end_other_sessions(first) == 1
    with pytest.raises(AuthenticationFailed):
        h.accounts.authenticate(second)
    with pytest.raises(NotFound):
        h.accounts.end_session(first, "no-such-session")
    assert h.accounts.authenticate(first).account_id == registered.account_id


def test_password_change_ends_other_sessions_and_asks_for_esignature(h: AccountsHarness) -> None:
    registered = ready(h)
    keep, other = signed_in(h, registered), signed_in(h, registered)
    with pytest.raises(AuthenticationFailed):
        h.accounts.change_password(keep, "not the password", "новый пароль для входа")
    with pytest.raises(ValidationError) as caught:
        h.accounts.change_password(keep, PASSWORD, "Ivanov07031985")
    assert caught.value.code == "password.contains_personal_data"
    h.accounts.change_password(keep, PASSWORD, "новый пароль для входа")
    assert h.accounts.authenticate(keep)
    with pytest.raises(AuthenticationFailed):
        h.accounts.authenticate(other)
    assert h.accounts.login(LOGIN, "новый пароль для входа").stage is LoginStage.ESIGNATURE
    h.deliver()
    assert any(m.subject == "Пароль изменен" for m in h.email.sent)


def test_change_phone_needs_confirmation_of_the_new_number(h: AccountsHarness) -> None:
    registered = ready(h)
    token = signed_in(h, registered)
    request = h.accounts.change_phone(token, "8 999 000-11-22")
    account = h.account(registered.account_id)
    assert str(account.phone) == "+79990001122"
    assert not account.phone_confirmed
    h.deliver()
    assert any(m.to == "+79161234567" and "изменен номер" in m.text for m in h.sms.sent)
    h.accounts.confirm_contact(account.id, "phone", request, h.last_code("+79990001122"))
    assert h.accounts.login("+79990001122", PASSWORD).stage is LoginStage.DONE
    with pytest.raises(AuthenticationFailed):
        h.accounts.login("+79161234567", PASSWORD)


# --- recovery ------------------------------------------------------------------------


def test_recovery_for_unknown_login_sends_nothing_but_answers_alike(h: AccountsHarness) -> None:
    ready(h)
    sent = len(h.sms.sent)
    ticket = h.accounts.request_recovery("123-456-789 64")
    assert isinstance(ticket, str)
    assert len(ticket) == 32
    assert len(h.sms.sent) == sent
    with pytest.raises(AuthenticationFailed) as caught:
        h.accounts.verify_recovery(ticket, "123456")
    assert caught.value.code == "auth.failed"


def test_recovery_still_needs_totp_when_enrolled(h: AccountsHarness) -> None:
    registered, _ = with_totp(h)
    keep = signed_in_totp(h, registered)
    request = h.accounts.request_recovery(LOGIN)
    code = h.last_code("+79161234567")
    with pytest.raises(AuthenticationFailed):
        h.accounts.verify_recovery(request, code)
    h.clock.advance(timedelta(seconds=30))
    ticket = h.accounts.verify_recovery(request, code, h.totp_code(registered.account_id))
    h.accounts.complete_recovery(ticket, "новый пароль для входа")
    with pytest.raises(AuthenticationFailed):
        h.accounts.authenticate(keep)
    assert h.account(registered.account_id).esignature_needed
    h.deliver()
    assert any(m.subject == "Пароль изменен" for m in h.email.sent)


def signed_in_totp(h: AccountsHarness, registered: Registered) -> str:
    h.clock.advance(timedelta(seconds=30))
    step = h.accounts.login(LOGIN, PASSWORD)
    done = h.complete(registered.account_id, step, h.totp_code(registered.account_id))
    assert done.token is not None
    return done.token


def test_block_ends_every_session(h: AccountsHarness) -> None:
    registered = ready(h)
    tokens = [signed_in(h, registered) for _ in range(3)]
    h.accounts.block(h.operator(), registered.account_id, "Нарушение правил")
    for token in tokens:
        with pytest.raises(AuthenticationFailed):
            h.accounts.authenticate(token)
    with pytest.raises(AccountLocked):
        h.accounts.login(LOGIN, PASSWORD)


# --- storage holds no secrets --------------------------------------------------------


def test_storage_holds_no_plaintext_code_or_token(tmp_path: Path) -> None:
    h = AccountsHarness(sqlite_config(tmp_path))
    try:
        registered = h.register()
        codes = [h.last_code("+79161234567"), h.last_code("ivan.ivanov@example.org")]
        h.verify(registered)
        token = signed_in(h, registered)
        started = h.accounts.begin_totp_enrolment(token)
        secrets = [PASSWORD, token, started.secret, *codes]
    finally:
        h.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert stored
    for secret in secrets:
        assert secret.encode() not in stored, secret


def test_persistent_storage_needs_an_otp_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        AccountsHarness(
            {
                "storage": f"sqlite:///{tmp_path}/c.db",
                "data_key": OTP_KEY,
                "base_dir": str(tmp_path),
            }
        )
    assert caught.value.code == "config.otp_key"


def test_accounts_survive_a_restart_with_the_same_key(tmp_path: Path) -> None:
    first = AccountsHarness(sqlite_config(tmp_path))
    try:
        registered, _ = with_totp(first)
        secret = first.totp_secrets[registered.account_id]
        moment = first.clock.now()
    finally:
        first.close()
    second = AccountsHarness(sqlite_config(tmp_path), at=moment + timedelta(minutes=1))
    try:
        second.totp_secrets[registered.account_id] = secret
        second.certificates = first.certificates
        step = second.accounts.login(LOGIN, PASSWORD)
        assert step.stage is LoginStage.SECOND_FACTOR
        done = second.complete(registered.account_id, step, second.totp_code(registered.account_id))
        assert done.stage is LoginStage.DONE
    finally:
        second.close()


def test_hourly_cap_counts_each_code_once() -> None:
    policy = OtpPolicy(hourly_cap=3, resend_cooldown=timedelta(0))
    h = AccountsHarness(settings=AccountSettings(otp=policy))
    try:
        registered = h.register()  # the first code to the phone
        h.accounts.send_contact_code(registered.account_id, "phone")
        h.accounts.send_contact_code(registered.account_id, "phone")
        with pytest.raises(RateLimited) as caught:
            h.accounts.send_contact_code(registered.account_id, "phone")
        assert caught.value.code == "otp.hourly_cap"
    finally:
        h.close()


def test_account_changes_are_journaled_without_personal_data(h: AccountsHarness) -> None:
    registered = ready(h)
    signed_in(h, registered)
    answer(h, LOGIN, "wrong password here")
    h.accounts.block(h.operator(), registered.account_id, "СНИЛС 112-233-445 95 не совпал")
    with h.cabinet.storage.unit_of_work() as uow:
        entries = [json.loads(data) for _, data in uow.journal.read()]
    actions = [e["action"] for e in entries]
    for action in (
        "account.registered",
        "account.consent_recorded",
        "account.contact_confirmed",
        "account.documents_accepted",
        "account.registry_linked",
        "account.verified",
        "account.esignature_confirmed",
        "account.login_succeeded",
        "account.login_failed",
        "account.blocked",
    ):
        assert action in actions, action
    text = json.dumps(entries, ensure_ascii=False)
    for personal in ("11223344595", "112-233-445 95", "+79161234567", "ivan.ivanov", "Иванов"):
        assert personal not in text
    # Every entry is about the account, or is the outbox delivering one of its codes.
    deliveries = [e for e in entries if e["subject"]["type"] == "notification"]
    assert {e["details"]["template"] for e in deliveries} <= set(CODE_TEMPLATES.values())
    assert {e["action"] for e in deliveries} == {"notification.sent"}
    assert {(e["subject"]["type"], e["subject"]["id"]) for e in entries if e not in deliveries} == {
        ("account", registered.account_id)
    }
    assert h.cabinet.journal.verify(SYSTEM).ok


def test_operator_actions_refuse_other_roles(h: AccountsHarness) -> None:
    registered = ready(h)
    applicant = h.cabinet.actor(signed_in(h, registered))
    with pytest.raises(PermissionDenied):
        h.accounts.block(applicant, registered.account_id, "Причина")
    with pytest.raises(PermissionDenied):
        h.accounts.accept_identity_documents(applicant, registered.account_id)
    operator = h.operator()
    h.accounts.block(operator, registered.account_id, "Причина")
    with h.cabinet.storage.unit_of_work() as uow:
        last = json.loads(list(uow.journal.read())[-1][1])
    assert (last["actor"], last["role"], last["action"]) == (
        operator.id,
        "operator",
        "account.blocked",
    )


def test_unmet_requirements_serve_the_application_submit_check(h: AccountsHarness) -> None:
    check: RequirementsCheck = h.accounts.unmet_requirements
    registered = ready(h)
    with h.cabinet.storage.unit_of_work() as uow:
        assert check(uow, registered.account_id) == {"access.second_factor_missing"}
        assert check(uow, "no-such-account") == {"access.not_verified"}
    with_token = signed_in(h, registered)
    h.enrol_totp(with_token, registered.account_id)
    with h.cabinet.storage.unit_of_work() as uow:
        assert check(uow, registered.account_id) == frozenset()


def test_security_notice_commits_with_the_change_or_not_at_all(h: AccountsHarness) -> None:
    registered = ready(h)
    with pytest.raises(ValidationError):
        h.accounts.block(h.operator(), registered.account_id, "   ")
    assert h.deliver().sent == ()
    h.accounts.block(h.operator(), registered.account_id, "Проверка")
    report = h.deliver()
    assert len(report.sent) == 2  # SMS and e-mail
    assert h.deliver().sent == ()  # once each
    contact = h.accounts.contact(registered.account_id)
    assert contact is not None
    assert str(contact.phone) == "+79161234567"
    assert h.accounts.contact("nobody") is None
