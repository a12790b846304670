"""The account aggregate: registration, verification, block, login failures, factors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts import events as ev
from accredkit.domain.accounts.account import (
    Account,
    AccountStatus,
    ConsentRecord,
    SecondFactor,
    Transition,
)
from accredkit.domain.accounts.identity_documents import IdentityDocument, IdentityDocumentKind
from accredkit.domain.accounts.login_policy import LoginBarrier, LoginPolicy
from accredkit.domain.accounts.passwords import PasswordPolicy
from accredkit.domain.accounts.recovery_codes import generate_recovery_codes, hash_recovery_code
from accredkit.domain.accounts.registration import (
    Registration,
    RegistrationForm,
    validate_registration,
)
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Snils
from accredkit.domain.person import FullName
from accredkit.errors import AuthenticationFailed, ValidationError
from accredkit.testing.account_strategies import TODAY, accounts, registration_forms

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BLOCKLIST = frozenset({"password", "qwertyuiop"})
CONSENT = ConsentRecord("2026-01", "ab" * 32, T0)
FORM = RegistrationForm(
    last_name="Иванов",
    first_name="Иван",
    middle_name="Иванович",
    birth_date="07.03.1985",
    snils="112-233-445 95",
    phone="8 (916) 123-45-67",
    email="Ivan.Ivanov@Mail.RU",
    password="сосна у реки шумит",
    inn="500100732259",
    consent_given=True,
)


def validate(form: RegistrationForm = FORM) -> Registration:
    return validate_registration(
        form, today=TODAY, password_policy=PasswordPolicy(), blocklist=BLOCKLIST
    )


def registered() -> Account:
    account, _ = Account.register(
        "a1", validate(), password_hash="$argon2id$stub", consent=CONSENT, now=T0
    )
    return account


def uploaded(account: Account) -> Account:
    """``account`` holding one checked file of every identity document kind."""
    for kind in IdentityDocumentKind:
        document = IdentityDocument(kind, "cd" * 32, f"{kind}.pdf", 100, "ef" * 32, T0)
        account, _ = account.submit_identity_document(document, T0)
    return account


def verified() -> Account:
    account = registered()
    account, _ = account.confirm_phone(T0)
    account, _ = account.confirm_email(T0)
    account, _ = uploaded(account).accept_identity_documents(T0)
    account, _ = account.link_registry(
        snils=account.snils,
        full_name=FullName("ИВАНОВ", "Иван", "Иванович"),
        birth_date=account.birth_date,
        now=T0,
    )
    return account


def test_registration_parses_and_normalises_every_field() -> None:
    reg = validate()
    assert reg.full_name == FullName("Иванов", "Иван", "Иванович")
    assert reg.birth_date == date(1985, 3, 7)
    assert reg.snils == Snils("11223344595")
    assert reg.phone == Phone("+79161234567")
    assert reg.email == Email("ivan.ivanov@mail.ru")
    assert reg.inn is not None
    assert reg.inn.digits == "500100732259"


def test_registration_reports_every_violation_at_once() -> None:
    bad = attrs.evolve(
        FORM,
        last_name="Ivanов",
        first_name="",
        birth_date="31.02.1985",
        snils="112-233-445 96",
        phone="12345",
        email="ivan@@mail.ru",
        inn="7707083893",
        language="de",
        consent_given=False,
        password="qwertyuiop",
    )
    with pytest.raises(ValidationError) as caught:
        validate(bad)
    found = {(v.field, v.code) for v in caught.value.violations}
    assert found == {
        ("last_name", "full_name.mixed_script"),
        ("first_name", "full_name.required"),
        ("birth_date", "birth_date.format"),
        ("snils", "snils.checksum"),
        ("phone", "phone.format"),
        ("email", "email.format"),
        ("inn", "inn.not_personal"),
        ("language", "language.unsupported"),
        ("consent_given", "consent.required"),
        ("password", "password.too_short"),
        ("password", "password.common"),
    }
    for violation in caught.value.violations:
        assert violation.message_ru
        assert violation.message_en


def test_password_from_the_form_own_data_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate(attrs.evolve(FORM, password="Ivanov07031985"))
    assert [v.code for v in caught.value.violations] == ["password.contains_personal_data"]


@pytest.mark.parametrize("born", ["07.03.2015", "01.01.1900"])
def test_implausible_ages_refused(born: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate(attrs.evolve(FORM, birth_date=born))
    assert caught.value.code == "birth_date.implausible"


@given(registration_forms())
def test_generated_forms_register(form: RegistrationForm) -> None:
    reg = validate(form)
    account, events = Account.register("a", reg, password_hash="h", consent=CONSENT, now=T0)
    assert account.status is AccountStatus.REGISTERED
    assert events == (
        ev.AccountRegistered("a", T0),
        ev.ConsentRecorded("a", CONSENT.document_version, CONSENT.text_sha256, T0),
    )


def test_password_never_in_repr() -> None:
    assert FORM.password not in repr(FORM)
    assert FORM.password not in repr(validate())
    assert "$argon2id$stub" not in repr(registered())


def test_verified_once_every_condition_holds() -> None:
    account = registered()
    steps: list[Callable[[Account], Transition]] = [
        lambda a: a.confirm_phone(T0),
        lambda a: a.confirm_email(T0),
        lambda a: uploaded(a).accept_identity_documents(T0),
    ]
    for step in steps:
        account, events = step(account)
        assert account.status is AccountStatus.REGISTERED
        assert not any(isinstance(e, ev.AccountVerified) for e in events)
    account, events = account.link_registry(
        snils=account.snils, full_name=account.full_name,
        birth_date=account.birth_date, now=T0,
    )  # fmt: skip
    assert account.status is AccountStatus.VERIFIED
    assert events[-1] == ev.AccountVerified("a1", T0)


def test_registry_link_must_match_name_and_birth_date() -> None:
    account = registered()
    with pytest.raises(ValidationError) as caught:
        account.link_registry(
            snils=Snils("12345678964"), full_name=FullName("Петров", "Иван"),
            birth_date=date(1985, 3, 8), now=T0,
        )  # fmt: skip
    assert {v.code for v in caught.value.violations} == {
        "registry.snils_mismatch",
        "registry.name_mismatch",
        "registry.birth_date_mismatch",
    }


def test_registry_name_match_ignores_case_and_yo() -> None:
    assert FullName("Семёнов", "Пётр", "").matches(FullName("СЕМЕНОВ", "петр", ""))
    assert not FullName("Семенов", "Петр", "").matches(FullName("Семенов", "Павел", ""))


def test_changed_name_makes_registry_link_stale_and_unverifies() -> None:
    account, events = verified().update_personal_data(T0, full_name=FullName("Петров", "Иван"))
    assert not account.registry_link_current
    assert account.status is AccountStatus.REGISTERED
    assert events == (ev.PersonalDataChanged("a1", T0),)


def test_block_needs_a_reason_and_unblock_restores_status() -> None:
    account = verified()
    with pytest.raises(ValidationError):
        account.block("  ", T0)
    blocked, events = account.block("Подозрение на подделку документов", T0)
    assert blocked.status is AccountStatus.BLOCKED
    assert blocked.login_barrier(T0) is LoginBarrier.BLOCKED
    assert events == (ev.AccountBlocked("a1", "Подозрение на подделку документов", T0),)
    unblocked, _ = blocked.unblock(T0)
    assert unblocked.status is AccountStatus.VERIFIED
    assert unblocked.block_reason is None


def test_failures_throttle_then_lock_at_one_hundred() -> None:
    policy = LoginPolicy()
    account = verified()
    now = T0
    for attempt in range(1, 101):
        assert account.login_barrier(now) is None
        account, events = account.record_login_failure(policy, now)
        assert account.failed_logins == attempt
        assert account.locked == (attempt == 100)
        assert any(isinstance(e, ev.AccountLockedOut) for e in events) == (attempt == 100)
        if attempt > policy.free_failures and attempt < 100:
            assert account.login_barrier(now) is LoginBarrier.THROTTLED
        now = account.throttled_until or now
    assert account.login_barrier(now + timedelta(days=365)) is LoginBarrier.LOCKED


@given(st.integers(0, 200))
def test_throttle_delay_grows_and_is_capped(failures: int) -> None:
    policy = LoginPolicy()
    delay = policy.delay_after(failures)
    assert timedelta(0) <= delay <= policy.throttle_cap
    assert delay <= policy.delay_after(failures + 1)
    assert (delay == timedelta(0)) == (failures <= policy.free_failures)


def test_lock_limit_cannot_exceed_one_hundred() -> None:
    with pytest.raises(ValueError, match="100"):
        LoginPolicy(lock_after=101)


def test_success_resets_failures_and_password_change_lifts_lock() -> None:
    policy = LoginPolicy(lock_after=3, free_failures=0)
    account = verified()
    for _ in range(2):
        account, _ = account.record_login_failure(policy, T0)
    account, _ = account.record_login_success(FactorUsed.TOTP, T0)
    assert account.failed_logins == 0
    for _ in range(3):
        account, _ = account.record_login_failure(policy, T0)
    assert account.locked
    account, events = account.change_password("$new", T0, via_recovery=True)
    assert not account.locked
    assert account.esignature_needed
    assert events == (ev.PasswordChanged("a1", T0, True),)


def test_esignature_needed_first_and_after_password_change() -> None:
    account = verified()
    assert account.esignature_needed
    account, _ = account.confirm_esignature("cd" * 32, T0)
    assert not account.esignature_needed
    account, _ = account.change_password("$new", T0, via_recovery=False)
    assert account.esignature_needed


def test_totp_steps_used_once_and_never_backwards() -> None:
    account, _ = verified().enrol_totp(b"sealed", first_step=100, now=T0)
    assert account.second_factor is SecondFactor.TOTP
    account = account.use_totp_step(101)
    for replay in (101, 100, 50):
        with pytest.raises(AuthenticationFailed) as caught:
            account.use_totp_step(replay)
        assert caught.value.code == "totp.replayed"
    assert account.use_totp_step(102).totp_last_step == 102


def test_sms_factor_needs_a_confirmed_phone_and_stops_with_a_new_phone() -> None:
    with pytest.raises(ValidationError):
        registered().use_sms_factor(T0)
    account, _ = verified().use_sms_factor(T0)
    assert account.second_factor is SecondFactor.SMS
    account, events = account.change_phone(Phone("+79990001122"), T0)
    assert account.second_factor is SecondFactor.NONE
    assert not account.phone_confirmed
    assert ev.SecondFactorChanged("a1", "none", T0) in events


def test_recovery_codes_spent_one_by_one() -> None:
    key = b"k" * 32
    codes = (*generate_recovery_codes(lambda n: 7 % n, count=1), "abcd-efgh-jkmn")
    account, _ = verified().issue_recovery_codes(
        tuple(hash_recovery_code(key, c) for c in codes), T0
    )
    account, events = account.use_recovery_code("ABCD EFGH JKMN", key, T0)
    assert events == (ev.RecoveryCodeUsed("a1", 1, T0),)
    with pytest.raises(AuthenticationFailed) as caught:
        account.use_recovery_code("abcd-efgh-jkmn", key, T0)
    assert caught.value.code == "recovery_code.invalid"


def test_events_carry_no_personal_data() -> None:
    account = registered()
    personal = {str(account.snils), account.snils.digits, str(account.phone), str(account.email)}
    _, events1 = account.change_phone(Phone("+79990001122"), T0)
    _, events2 = account.change_email(Email("new@example.org"), T0)
    for event in (*events1, *events2):
        assert not any(value in repr(event) for value in personal)
        assert "+79990001122" not in repr(event)


@given(accounts(), st.lists(st.sampled_from(["phone", "email", "docs", "link"]), max_size=8))
def test_status_verified_iff_every_condition_holds(account: Account, steps: list[str]) -> None:
    account = attrs.evolve(account, consent=CONSENT)
    for step in steps:
        if step == "phone":
            account, _ = account.confirm_phone(T0)
        elif step == "email":
            account, _ = account.confirm_email(T0)
        elif step == "docs":
            account, _ = uploaded(account).accept_identity_documents(T0)
        else:
            account, _ = account.link_registry(
                snils=account.snils, full_name=account.full_name,
                birth_date=account.birth_date, now=T0,
            )  # fmt: skip
    assert (account.status is AccountStatus.VERIFIED) == (
        set(steps) == {"phone", "email", "docs", "link"}
    )


def test_blocked_accounts_are_still_throttled_and_locked() -> None:
    policy = LoginPolicy(free_failures=0, lock_after=2)
    account, _ = verified().block("Проверка", T0)
    account, _ = account.record_login_failure(policy, T0)
    assert account.login_barrier(T0) is LoginBarrier.THROTTLED
    account, _ = account.record_login_failure(policy, T0)
    assert account.login_barrier(T0 + timedelta(days=1)) is LoginBarrier.LOCKED
