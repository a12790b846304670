"""Regression tests for an attacker's campaign against sign-in and recovery (docs/security.md).

One test (or two) per finding: recovery told who exists and answered personal-data
guesses; ``change_password`` guessed without the login throttle and lifted the lock;
the throttle linked identifiers of one account; the blocklist missed Russian habits;
registration said what was taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import partial

import pytest

from accredkit.data import common_passwords
from accredkit.domain.accounts.login_policy import LoginPolicy
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.passwords import PasswordPolicy, check_password
from accredkit.errors import AccountLocked, AccredkitError, NotFound, RateLimited, ValidationError
from accredkit.services.accounts.accounts import AccountSettings, Registered
from tests.support.accounts_harness import AccountsHarness, default_form

PASSWORD = "сосна у реки шумит"
SNILS, EMAIL, PHONE = "112-233-445 95", "ivan.ivanov@example.org", "+79161234567"
UNKNOWN_SNILS, UNKNOWN_EMAIL = "123-456-789 64", "nobody@example.org"
FAST = LoginPolicy(throttle_base=timedelta(seconds=1), throttle_cap=timedelta(minutes=1),
                   lock_after=12)  # fmt: skip


def make(settings: AccountSettings | None = None) -> AccountsHarness:
    h = AccountsHarness(settings=settings)
    h.verify(h.register())
    return h


@pytest.fixture
def h() -> Iterator[AccountsHarness]:
    harness = make()
    yield harness
    harness.close()


def answer(call: Callable[[], object]) -> dict[str, object]:
    """Everything a caller sees of a refusal: type, code, texts, wait."""
    try:
        call()
    except AccredkitError as error:
        seen = error.to_dict()
        seen["type"] = type(error).__name__
        seen["retry_after"] = getattr(error, "retry_after", None)
        return seen
    return {"type": "accepted"}


def victim(h: AccountsHarness) -> str:
    """The id of the one registered account (the harness gave it a certificate)."""
    return next(iter(h.certificates))


def sign_in(h: AccountsHarness) -> str:
    done = h.complete(victim(h), h.accounts.login(SNILS, PASSWORD))
    assert done.stage is LoginStage.DONE
    assert done.token is not None
    return done.token


# --- recovery told who exists --------------------------------------------------------


def test_recovery_refusals_are_the_same_for_a_real_and_an_unknown_account(
    h: AccountsHarness,
) -> None:
    real = h.accounts.request_recovery(SNILS)
    unknown = h.accounts.request_recovery(UNKNOWN_SNILS)
    for code in ("000000", "12345", "abcdef"):
        assert answer(partial(h.accounts.verify_recovery, real, code)) == answer(
            partial(h.accounts.verify_recovery, unknown, code)
        )
    assert answer(lambda: h.accounts.verify_recovery(real, "000000"))["code"] == "auth.failed"


def test_a_weak_new_password_is_never_judged_before_the_code(h: AccountsHarness) -> None:
    real = h.accounts.request_recovery(SNILS)
    # The new password cannot even be sent with the code any more: the code comes first.
    with pytest.raises(ValidationError) as refused:  # screened: a wrong call is an error too
        h.accounts.verify_recovery(real, "000000", None, "short")  # type: ignore[call-arg]
    assert refused.value.code == "input.arguments"
    assert answer(lambda: h.accounts.complete_recovery("not-a-ticket", "short"))["code"] == (
        "recovery.ticket_invalid"
    )


# --- recovery answered personal-data guesses ------------------------------------------


def test_recovery_is_throttled_counted_and_never_judges_personal_data(
    h: AccountsHarness,
) -> None:
    request = h.accounts.request_recovery(SNILS)
    real_code = h.last_code(PHONE)
    seen = []
    for guess in range(20):
        seen.append(answer(partial(h.accounts.verify_recovery, request, f"{guess:06d}"))["code"])
        h.clock.advance(timedelta(seconds=1))
    assert "auth.throttled" in seen
    assert not any(str(code).startswith("password.") for code in seen)
    account = h.account(victim(h))
    assert account.failed_logins >= 5  # counted against the account
    # The code is exhausted: even the right one is refused now, and alike.
    h.clock.advance(timedelta(minutes=1))
    assert answer(lambda: h.accounts.verify_recovery(request, real_code))["code"] == "auth.failed"


def test_an_expired_code_is_refused_like_a_wrong_one(h: AccountsHarness) -> None:
    request = h.accounts.request_recovery(SNILS)
    code = h.last_code(PHONE)
    h.clock.advance(timedelta(minutes=5))
    assert answer(lambda: h.accounts.verify_recovery(request, code))["code"] == "auth.failed"


def test_personal_data_is_judged_only_with_a_verified_ticket(h: AccountsHarness) -> None:
    request = h.accounts.request_recovery(SNILS)
    ticket = h.accounts.verify_recovery(request, h.last_code(PHONE))
    refused = answer(lambda: h.accounts.complete_recovery(ticket, "Ivanov07031985"))
    assert refused["code"] == "password.contains_personal_data"
    h.accounts.complete_recovery(ticket, "новый пароль для входа")
    assert answer(lambda: h.accounts.complete_recovery(ticket, "ещё один пароль тут"))["code"] == (
        "recovery.ticket_invalid"
    )


# --- change_password guessed freely ---------------------------------------------------


def test_change_password_is_throttled_like_a_login_and_shares_its_counter() -> None:
    h = make(AccountSettings(login=FAST))
    try:
        token = sign_in(h)
        seen = [
            answer(partial(h.accounts.change_password, token, f"guess {i}", "новый пароль тут"))
            for i in range(20)
        ]
        assert [s["code"] for s in seen[:5]] == ["auth.failed"] * 5
        assert "auth.throttled" in {s["code"] for s in seen}
        assert h.account(victim(h)).failed_logins == 6
    finally:
        h.close()


def test_change_password_with_the_right_password_does_not_lift_the_lock() -> None:
    h = make(AccountSettings(login=FAST))
    try:
        token = sign_in(h)
        account_id = victim(h)
        while not h.account(account_id).locked:
            try:
                h.accounts.change_password(token, "wrong guess here", "новый пароль тут")
            except RateLimited as error:
                h.clock.advance(error.retry_after or timedelta(minutes=1))
            except AccredkitError:
                pass
        with pytest.raises(AccountLocked):
            h.accounts.change_password(token, PASSWORD, "новый пароль тут")
        assert h.account(account_id).locked
    finally:
        h.close()


# --- the throttle linked identifiers --------------------------------------------------


def test_failures_through_the_email_do_not_throttle_the_snils(h: AccountsHarness) -> None:
    for _ in range(8):
        answer(lambda: h.accounts.login(EMAIL, "wrong password here"))
        answer(lambda: h.accounts.login(UNKNOWN_EMAIL, "wrong password here"))
    paired = answer(lambda: h.accounts.login(SNILS, "wrong password here"))
    unrelated = answer(lambda: h.accounts.login(UNKNOWN_SNILS, "wrong password here"))
    assert paired == unrelated
    assert paired["code"] == "auth.failed"


# --- the blocklist missed Russian habits ----------------------------------------------


@pytest.mark.parametrize("password", ["йцукенгшщзхъ", "пароль123456", "Password1234!"])
def test_russian_habits_are_refused_as_common(password: str) -> None:
    found = check_password(password, PasswordPolicy(), common_passwords())
    assert "password.common" in [v.code for v in found]


# --- registration said what was taken -------------------------------------------------


def test_registration_with_a_taken_snils_answers_like_a_fresh_one(h: AccountsHarness) -> None:
    before = len(h.email.sent)
    duplicate = h.accounts.register(default_form(phone="+79990001122", email=UNKNOWN_EMAIL))
    fresh = h.accounts.register(
        default_form(snils=UNKNOWN_SNILS, phone="+79990001133", email="fresh@example.org")
    )
    assert type(duplicate) is type(fresh) is Registered
    assert len(duplicate.account_id) == len(fresh.account_id)
    assert h.last_code(UNKNOWN_EMAIL)  # the codes go out as for a fresh one
    assert h.last_code("+79990001122")
    with pytest.raises(NotFound):
        h.account(duplicate.account_id)  # the duplicate never became an account
    h.deliver()
    told = [m for m in h.email.sent[before:] if m.to == EMAIL]
    assert [m.subject for m in told] == ["Попытка регистрации с вашими данными"]


def test_the_right_password_leaves_the_lock_and_the_operator_lifts_it() -> None:
    h = make(AccountSettings(login=FAST))
    try:
        while not h.account(victim(h)).locked:
            try:
                h.accounts.login(SNILS, "wrong password here")
            except RateLimited as error:
                h.clock.advance(error.retry_after or timedelta(minutes=1))
            except AccredkitError:
                pass
        h.clock.advance(timedelta(days=1))
        assert answer(partial(h.accounts.login, SNILS, PASSWORD))["code"] == "auth.locked"
        assert answer(partial(h.accounts.login, EMAIL, PASSWORD))["code"] == "auth.failed"
        assert h.account(victim(h)).locked
        h.accounts.unblock(h.operator(), victim(h))
        assert h.accounts.login(SNILS, PASSWORD).stage is LoginStage.ESIGNATURE  # first login
    finally:
        h.close()
