"""Passkeys as a second factor, verified by py_webauthn on real ES256 responses.

The responses come from ``SoftAuthenticator`` (a P-256 key, ``none`` attestation),
so every check here is the cabinet's real verification: challenge, origin, relying
party, signature and the counter rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.parts import SecondFactor
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.errors import AuthenticationFailed, NotFound, ValidationError
from accredkit.services.schema import PASSKEY_CHALLENGES, PASSKEYS, SESSIONS
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import person_form, signed_in, sqlite_config
from tests.support.hostile import deep_json
from tests.support.passkeys import SoftAuthenticator

ORIGIN = "https://cabinet.example.ru"
PASSKEYS_SETTINGS = {"rp_id": "cabinet.example.ru", "origins": [ORIGIN]}


def _config(base: dict[str, Any] | None) -> dict[str, Any]:
    config = dict(base or {})
    config["settings"] = {"passkeys": PASSKEYS_SETTINGS}
    return config


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def h(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AccountsHarness]:
    base = sqlite_config(tmp_path) if request.param != "memory" else None
    if base is not None and request.param == "postgresql":
        base["storage"] = request.getfixturevalue("postgres_url")
    harness = AccountsHarness(_config(base))
    yield harness
    harness.close()


@pytest.fixture
def mem() -> Iterator[AccountsHarness]:
    harness = AccountsHarness(_config(None))
    yield harness
    harness.close()


def _enrol(h: AccountsHarness, token: str, label: str = "Телефон") -> SoftAuthenticator:
    device = SoftAuthenticator(ORIGIN)
    started = h.accounts.begin_passkey_enrolment(token, label)
    h.accounts.finish_passkey_enrolment(
        token, started.enrolment_id, device.create(started.options_json)
    )
    return device


def _stored(h: AccountsHarness) -> tuple[object, ...]:
    with h.cabinet.storage.unit_of_work() as uow:
        passkeys = tuple(uow.repository(PASSKEYS).query({}))
        sessions = tuple(uow.repository(SESSIONS).query({}))
        return (passkeys, sessions, uow.journal.size())


def test_a_passkey_is_enrolled_stored_and_signs_the_user_in(h: AccountsHarness) -> None:
    form = default_form()
    person = signed_in(h, form)
    assert person.token is not None
    device = _enrol(h, person.token)
    (stored,) = h.accounts.list_passkeys(person.token)
    assert stored.credential_id == device.credential_id_text
    assert stored.label == "Телефон"
    assert stored.transports == ("internal",)
    assert h.account(person.account_id).second_factor is SecondFactor.TOTP  # stays

    h.clock.advance(timedelta(seconds=30))
    step = h.accounts.login(form.snils, form.password)
    assert step.stage is LoginStage.SECOND_FACTOR
    assert step.passkey
    assert step.pending_id is not None
    options = h.accounts.begin_passkey_login(step.pending_id)
    done = h.accounts.finish_passkey_login(step.pending_id, device.get(options))
    assert done.stage is LoginStage.DONE
    assert done.token is not None
    assert h.accounts.authenticate(done.token).factor is FactorUsed.PASSKEY
    (after,) = h.accounts.list_passkeys(done.token)
    assert after.sign_count == 1
    assert after.last_used_at == h.clock.now()


def test_a_first_passkey_becomes_the_second_factor_and_leaves_with_the_last(
    mem: AccountsHarness,
) -> None:
    h, form = mem, default_form()
    registered = h.register(form)
    h.verify(registered)
    step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
    token = step.token or ""
    started = h.accounts.begin_passkey_enrolment(token, "")
    device = SoftAuthenticator(ORIGIN)
    added = h.accounts.finish_passkey_enrolment(
        token, started.enrolment_id, device.create(started.options_json)
    )
    assert added.passkey.label == "Ключ доступа"
    assert len(added.recovery_codes) == 10
    assert h.account(registered.account_id).second_factor is SecondFactor.PASSKEY
    assert "access.second_factor_missing" not in {
        r.code for r in h.requirements(registered.account_id)
    }

    h.clock.advance(timedelta(seconds=30))
    step = h.accounts.login(form.snils, form.password)
    assert step.factor is SecondFactor.PASSKEY
    assert step.pending_id is not None
    # A recovery code still answers the step when the device is lost.
    by_code = h.accounts.second_factor(step.pending_id, added.recovery_codes[0])
    assert by_code.stage is LoginStage.DONE

    h.accounts.remove_passkey(token, added.passkey.id)
    assert h.accounts.list_passkeys(token) == []
    assert h.account(registered.account_id).second_factor is SecondFactor.NONE
    h.clock.advance(timedelta(seconds=30))
    assert h.accounts.login(form.snils, form.password).stage is LoginStage.DONE


def test_a_counter_that_does_not_advance_is_refused_and_counted(mem: AccountsHarness) -> None:
    h, form = mem, default_form()
    person = signed_in(h, form)
    device = _enrol(h, person.token or "")
    h.clock.advance(timedelta(seconds=30))
    step = h.accounts.login(form.snils, form.password)
    pending = step.pending_id or ""
    h.accounts.finish_passkey_login(pending, device.get(h.accounts.begin_passkey_login(pending)))
    h.clock.advance(timedelta(seconds=30))
    pending = h.accounts.login(form.snils, form.password).pending_id or ""
    device.counter = 0  # a copy of the key that does not know the counter moved
    with pytest.raises(AuthenticationFailed) as refused:
        h.accounts.finish_passkey_login(
            pending, device.get(h.accounts.begin_passkey_login(pending))
        )
    assert refused.value.code == "passkey.sign_count"
    assert h.account(person.account_id).failed_logins == 1
    (kept,) = h.accounts.list_passkeys(person.token or "")
    assert kept.sign_count == 1


def test_a_challenge_answers_once_and_expires(mem: AccountsHarness) -> None:
    h, form = mem, default_form()
    person = signed_in(h, form)
    device = _enrol(h, person.token or "")
    h.clock.advance(timedelta(seconds=30))
    pending = h.accounts.login(form.snils, form.password).pending_id or ""
    answer = device.get(h.accounts.begin_passkey_login(pending))
    h.clock.advance(timedelta(minutes=5))
    with pytest.raises(AuthenticationFailed) as late:
        h.accounts.finish_passkey_login(pending, answer)
    assert late.value.code == "auth.failed"

    h.clock.advance(timedelta(seconds=30))
    pending = h.accounts.login(form.snils, form.password).pending_id or ""
    options = h.accounts.begin_passkey_login(pending)
    wrong_origin = device.get(options, origin="https://evil.example.com")
    with pytest.raises(AuthenticationFailed):
        h.accounts.finish_passkey_login(pending, wrong_origin)
    with pytest.raises(AuthenticationFailed):  # the challenge was spent by the wrong answer
        h.accounts.finish_passkey_login(pending, device.get(options))
    options = h.accounts.begin_passkey_login(pending)
    with pytest.raises(AuthenticationFailed):
        h.accounts.finish_passkey_login(pending, deep_json(30_000).decode())


def test_an_enrolment_is_single_use_and_refusals_store_nothing(mem: AccountsHarness) -> None:
    h = mem
    person = signed_in(h)
    token = person.token or ""
    started = h.accounts.begin_passkey_enrolment(token, "Ключ")
    device = SoftAuthenticator(ORIGIN)
    before = _stored(h)
    for bad in (
        device.create(started.options_json, origin="https://cabinet.example.ru.evil.com"),
        device.create(started.options_json, rp_id="example.ru"),
        '{"id": "x"}',
        "not json",
        deep_json(30_000).decode(),  # deeper than a recursive parser's stack
    ):
        with pytest.raises(AuthenticationFailed) as refused:
            h.accounts.finish_passkey_enrolment(token, started.enrolment_id, bad)
        assert refused.value.code == "passkey.refused"
        assert _stored(h) == before
    good = SoftAuthenticator(ORIGIN)
    h.accounts.finish_passkey_enrolment(
        token, started.enrolment_id, good.create(started.options_json)
    )
    with pytest.raises(AuthenticationFailed):
        h.accounts.finish_passkey_enrolment(
            token, started.enrolment_id, SoftAuthenticator(ORIGIN).create(started.options_json)
        )
    with h.cabinet.storage.unit_of_work() as uow:
        assert all(c.used for c in uow.repository(PASSKEY_CHALLENGES).query({}))


def test_someone_elses_passkey_cannot_be_removed_nor_a_stale_login_answered(
    mem: AccountsHarness,
) -> None:
    h = mem
    owner = signed_in(h)
    _enrol(h, owner.token or "")
    (theirs,) = h.accounts.list_passkeys(owner.token or "")
    other = signed_in(h, person_form(7))
    with pytest.raises(NotFound):
        h.accounts.remove_passkey(other.token or "", theirs.id)
    with pytest.raises(AuthenticationFailed):
        h.accounts.begin_passkey_login("no-such-login")
    with pytest.raises(ValidationError):
        h.accounts.begin_passkey_enrolment(owner.token or "", "я" * 65)
