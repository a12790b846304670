"""The lifetimes of ``[settings.login]``, ``[settings.recovery]`` and
``[settings.second_factor]`` are the ones the use cases follow (docs/configuration.md).

Each test sets a one-minute limit (or two tries) and moves the injected clock: a
step just inside the limit goes through, the same step at the limit is refused —
where the default would still have admitted it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from accredkit.domain.accounts.login_records import LoginStage
from accredkit.errors import AuthenticationFailed, ValidationError
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import Person, signed_in
from tests.support.passkeys import SoftAuthenticator

ORIGIN = "https://cabinet.example.ru"
PHONE = "+79161234567"
NEW_PASSWORD = "новый пароль для входа"
A_MINUTE, JUST_UNDER = timedelta(minutes=1), timedelta(seconds=59)

Harnesses = Callable[[dict[str, Any]], AccountsHarness]


@pytest.fixture
def harness() -> Iterator[Harnesses]:
    made: list[AccountsHarness] = []

    def make(settings: dict[str, Any]) -> AccountsHarness:
        passkeys = {"rp_id": "cabinet.example.ru", "origins": [ORIGIN]}
        made.append(AccountsHarness({"settings": {**settings, "passkeys": passkeys}}))
        return made[-1]

    yield make
    for h in made:
        h.close()


def test_a_pending_login_lives_settings_login_pending_minutes(harness: Harnesses) -> None:
    h, form = harness({"login": {"pending_minutes": 1}}), default_form()
    registered = h.register(form)
    h.verify(registered)
    step = h.accounts.login(form.snils, form.password)
    assert step.stage is LoginStage.ESIGNATURE  # the first login signs a challenge
    h.clock.advance(A_MINUTE)
    with pytest.raises(AuthenticationFailed) as stale:
        h.complete(registered.account_id, step)
    assert stale.value.code == "auth.failed"

    h.clock.advance(timedelta(seconds=1))  # out of the throttle's first wait
    step = h.accounts.login(form.snils, form.password)
    h.clock.advance(JUST_UNDER)
    assert h.complete(registered.account_id, step).stage is LoginStage.DONE


def _recovery_of(h: AccountsHarness) -> tuple[Person, str]:
    person = signed_in(h)
    return person, h.accounts.request_recovery(default_form().snils)


def test_a_recovery_request_takes_codes_for_settings_recovery_request_minutes(
    harness: Harnesses,
) -> None:
    h = harness({"recovery": {"request_minutes": 1}})
    person, request = _recovery_of(h)
    code = h.last_code(PHONE)
    h.clock.advance(A_MINUTE)  # the code itself would live five minutes
    with pytest.raises(AuthenticationFailed):
        h.accounts.verify_recovery(request, code, h.totp_code(person.account_id))

    h.clock.advance(timedelta(minutes=2))  # past the resend cool-down and the throttle
    request = h.accounts.request_recovery(default_form().snils)
    code = h.last_code(PHONE)
    h.clock.advance(JUST_UNDER)
    assert h.accounts.verify_recovery(request, code, h.totp_code(person.account_id))


def test_a_recovery_ticket_lives_settings_recovery_ticket_minutes(harness: Harnesses) -> None:
    h = harness({"recovery": {"ticket_minutes": 1}})
    person, request = _recovery_of(h)
    ticket = h.accounts.verify_recovery(request, h.last_code(PHONE), h.totp_code(person.account_id))
    h.clock.advance(A_MINUTE)
    with pytest.raises(AuthenticationFailed) as late:
        h.accounts.complete_recovery(ticket, NEW_PASSWORD)
    assert late.value.code == "recovery.ticket_invalid"


def test_a_recovery_ticket_takes_settings_recovery_password_tries(harness: Harnesses) -> None:
    h = harness({"recovery": {"password_tries": 2}})
    person, request = _recovery_of(h)
    ticket = h.accounts.verify_recovery(request, h.last_code(PHONE), h.totp_code(person.account_id))
    for _ in range(2):
        with pytest.raises(ValidationError):
            h.accounts.complete_recovery(ticket, "короткий")
    with pytest.raises(AuthenticationFailed) as spent:
        h.accounts.complete_recovery(ticket, NEW_PASSWORD)
    assert spent.value.code == "recovery.ticket_invalid"


def test_a_totp_enrolment_waits_settings_second_factor_totp_enrolment_minutes(
    harness: Harnesses,
) -> None:
    h, form = harness({"second_factor": {"totp_enrolment_minutes": 1}}), default_form()
    registered = h.register(form)
    h.verify(registered)
    token = h.complete(registered.account_id, h.accounts.login(form.snils, form.password)).token
    assert token is not None
    late = h.accounts.begin_totp_enrolment(token)
    h.clock.advance(A_MINUTE)
    with pytest.raises(AuthenticationFailed) as refused:
        h.accounts.finish_totp_enrolment(
            token, late.enrolment_id, h.totp.code_at(late.secret, h.clock.now())
        )
    assert refused.value.code == "totp.wrong"

    started = h.accounts.begin_totp_enrolment(token)
    h.clock.advance(JUST_UNDER)
    code = h.totp.code_at(started.secret, h.clock.now())
    assert len(h.accounts.finish_totp_enrolment(token, started.enrolment_id, code)) == 10


def test_a_passkey_challenge_waits_settings_second_factor_passkey_challenge_minutes(
    harness: Harnesses,
) -> None:
    h = harness({"second_factor": {"passkey_challenge_minutes": 1}})
    person, form, device = signed_in(h), default_form(), SoftAuthenticator(ORIGIN)
    token = person.token or ""
    late = h.accounts.begin_passkey_enrolment(token, "Телефон")
    h.clock.advance(A_MINUTE)
    with pytest.raises(AuthenticationFailed):
        h.accounts.finish_passkey_enrolment(
            token, late.enrolment_id, device.create(late.options_json)
        )
    started = h.accounts.begin_passkey_enrolment(token, "Телефон")
    h.clock.advance(JUST_UNDER)
    h.accounts.finish_passkey_enrolment(
        token, started.enrolment_id, device.create(started.options_json)
    )

    pending = h.accounts.login(form.snils, form.password).pending_id or ""
    options = h.accounts.begin_passkey_login(pending)
    h.clock.advance(A_MINUTE)  # the pending login itself lives five minutes
    with pytest.raises(AuthenticationFailed):
        h.accounts.finish_passkey_login(pending, device.get(options))
    h.clock.advance(timedelta(seconds=2))  # the refusal counted: out of its wait
    options = h.accounts.begin_passkey_login(pending)
    h.clock.advance(JUST_UNDER)
    assert h.accounts.finish_passkey_login(pending, device.get(options)).stage is LoginStage.DONE
