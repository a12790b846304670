"""One-time codes: lifetime, single use, tries, binding, cool-down and hourly cap."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.otp import (
    Channel,
    CodeCheck,
    IssuedCode,
    OneTimeCode,
    OtpOutcome,
    OtpPolicy,
    OtpPurpose,
    check_code,
    code_mac,
    issue_code,
)
from accredkit.domain.contacts import Email, Phone
from accredkit.errors import RateLimited, ValidationError
from accredkit.testing.account_strategies import otp_policies, otp_purposes

KEY = b"k" * 32
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PHONE = Phone("+79161234567")
EMAIL = Email("ivan@example.org")
POLICY = OtpPolicy()


def issue(
    purpose: OtpPurpose = OtpPurpose.CONFIRM_PHONE,
    *,
    now: datetime = T0,
    previous: tuple[OneTimeCode, ...] = (),
    policy: OtpPolicy = POLICY,
    seed: int = 1,
    request_id: str = "req-1",
) -> IssuedCode:
    target = EMAIL if purpose.channel is Channel.EMAIL else PHONE
    return issue_code(
        code_id=f"code-{len(previous)}",
        purpose=purpose,
        target=target,
        request_id=request_id,
        key=KEY,
        policy=policy,
        previous=previous,
        now=now,
        randbelow=random.Random(seed).randrange,
    )


def check(
    record: OneTimeCode,
    submitted: str,
    *,
    at: timedelta = timedelta(0),
    purpose: OtpPurpose | None = None,
    request_id: str = "req-1",
    policy: OtpPolicy = POLICY,
) -> CodeCheck:
    return check_code(
        record,
        submitted,
        purpose=purpose or record.purpose,
        request_id=request_id,
        key=KEY,
        policy=policy,
        now=T0 + at,
    )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** len(code):0{len(code)}d}"


def test_policy_defaults() -> None:
    assert (
        OtpPolicy(
            digits=6,
            lifetime=timedelta(minutes=5),
            max_tries=5,
            resend_cooldown=timedelta(seconds=60),
            hourly_cap=10,
        )
        == POLICY
    )


def test_code_is_six_ascii_digits_and_not_stored() -> None:
    issued = issue()
    assert len(issued.code) == 6
    assert issued.code.isascii()
    assert issued.code.isdigit()
    stored = repr(attrs.asdict(issued.record))
    assert issued.code not in stored
    assert issued.code not in repr(issued)


def test_stored_hash_is_keyed_hmac_bound_to_purpose_request_and_target() -> None:
    issued = issue()
    expected = code_mac(
        KEY,
        purpose=OtpPurpose.CONFIRM_PHONE,
        request_id="req-1",
        target=str(PHONE),
        code=issued.code,
    )
    assert issued.record.code_hash == expected
    assert expected != code_mac(
        b"other key", purpose=OtpPurpose.CONFIRM_PHONE, request_id="req-1", target=str(PHONE),
        code=issued.code,
    )  # fmt: skip


def test_accepted_at_four_fifty_nine_rejected_at_five_minutes() -> None:
    issued = issue()
    late = timedelta(minutes=4, seconds=59)
    assert check(issued.record, issued.code, at=late).outcome is OtpOutcome.ACCEPTED
    assert check(issued.record, issued.code, at=timedelta(minutes=5)).outcome is OtpOutcome.EXPIRED


def test_second_use_rejected() -> None:
    issued = issue()
    first = check(issued.record, issued.code)
    assert first.accepted
    assert first.record.used
    assert check(first.record, issued.code).outcome is OtpOutcome.USED


def test_five_wrong_tries_kill_the_code() -> None:
    issued = issue()
    record = issued.record
    for attempt in range(1, 6):
        result = check(record, wrong(issued.code))
        assert result.outcome is OtpOutcome.WRONG
        record = result.record
        assert record.tries == attempt
    assert check(record, issued.code).outcome is OtpOutcome.EXHAUSTED


def test_four_wrong_tries_still_leave_the_right_code_usable() -> None:
    issued = issue()
    record = issued.record
    for _ in range(4):
        record = check(record, wrong(issued.code)).record
    assert check(record, issued.code).accepted


def test_code_bound_to_its_purpose() -> None:
    issued = issue(OtpPurpose.RECOVERY)
    result = check(issued.record, issued.code, purpose=OtpPurpose.LOGIN_SMS)
    assert result.outcome is OtpOutcome.MISMATCH
    assert result.record.tries == 1


def test_code_bound_to_its_request() -> None:
    issued = issue()
    assert check(issued.record, issued.code, request_id="req-2").outcome is OtpOutcome.MISMATCH


def test_purpose_edited_in_storage_does_not_help() -> None:
    issued = issue(OtpPurpose.CONFIRM_PHONE)
    forged = attrs.evolve(issued.record, purpose=OtpPurpose.LOGIN_SMS)
    assert check(forged, issued.code).outcome is OtpOutcome.WRONG


@pytest.mark.parametrize("typed", ["１２３４５６", "12345", "1234567", " 123456", "12345a", ""])
def test_only_exact_ascii_digits_can_match(typed: str) -> None:
    issued = issue()
    code_mac_value = code_mac(
        KEY, purpose=OtpPurpose.CONFIRM_PHONE, request_id="req-1", target=str(PHONE), code=typed
    )
    record = attrs.evolve(issued.record, code_hash=code_mac_value)
    assert not check(record, typed).accepted


def test_email_codes_confirm_addresses_but_are_never_a_second_factor() -> None:
    assert [p for p in OtpPurpose if p.is_second_factor] == [OtpPurpose.LOGIN_SMS]
    assert OtpPurpose.LOGIN_SMS.channel is Channel.SMS
    assert [p for p in OtpPurpose if p.channel is Channel.EMAIL] == [OtpPurpose.CONFIRM_EMAIL]


@pytest.mark.parametrize("purpose", [OtpPurpose.LOGIN_SMS, OtpPurpose.RECOVERY])
def test_sms_purposes_refuse_an_email_target(purpose: OtpPurpose) -> None:
    with pytest.raises(TypeError):
        issue_code(
            code_id="c", purpose=purpose, target=EMAIL, request_id="r", key=KEY, policy=POLICY,
            previous=(), now=T0, randbelow=random.Random(0).randrange,
        )  # fmt: skip


def test_resend_cool_down_then_allowed() -> None:
    first = issue().record
    with pytest.raises(RateLimited) as caught:
        issue(now=T0 + timedelta(seconds=59), previous=(first,))
    assert caught.value.code == "otp.cooldown"
    assert caught.value.retry_after == timedelta(seconds=1)
    assert issue(now=T0 + timedelta(seconds=60), previous=(first,)).record.target == str(PHONE)


def test_cool_down_is_per_purpose() -> None:
    first = issue(OtpPurpose.CONFIRM_PHONE).record
    assert issue(OtpPurpose.LOGIN_SMS, previous=(first,)).record.purpose is OtpPurpose.LOGIN_SMS


def test_hourly_cap_per_address() -> None:
    policy = OtpPolicy(hourly_cap=3, resend_cooldown=timedelta(0))
    sent: tuple[OneTimeCode, ...] = ()
    for minute in range(3):
        sent += (issue(now=T0 + timedelta(minutes=minute), previous=sent, policy=policy).record,)
    with pytest.raises(RateLimited) as caught:
        issue(now=T0 + timedelta(minutes=10), previous=sent, policy=policy)
    assert caught.value.code == "otp.hourly_cap"
    assert caught.value.retry_after == timedelta(minutes=50)
    later = issue(now=T0 + timedelta(hours=1), previous=sent, policy=policy)
    assert later.record.created_at == T0 + timedelta(hours=1)


def test_naive_times_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        issue(now=datetime(2026, 3, 2, 9, 0))
    assert caught.value.code == "time.not_utc"


@given(
    otp_policies(),
    otp_purposes(),
    st.integers(0, 2**32),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=1)),
)
def test_right_code_accepted_exactly_while_live(
    policy: OtpPolicy, purpose: OtpPurpose, seed: int, elapsed: timedelta
) -> None:
    issued = issue(purpose, policy=policy, seed=seed)
    assert len(issued.code) == policy.digits
    result = check(issued.record, issued.code, at=elapsed, policy=policy)
    assert result.accepted == (elapsed < policy.lifetime)


@given(otp_policies(), st.lists(st.text(max_size=10), max_size=15))
def test_wrong_guesses_never_accepted_and_always_counted(
    policy: OtpPolicy, guesses: list[str]
) -> None:
    issued = issue(policy=policy)
    record = issued.record
    for guess in guesses:
        if guess == issued.code:
            continue
        result = check(record, guess, policy=policy)
        assert not result.accepted
        record = result.record
    wrong_guesses = [g for g in guesses if g != issued.code]
    assert record.tries == min(len(wrong_guesses), policy.max_tries)
