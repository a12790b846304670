"""The account flow as a hypothesis state machine, checked against a small model.

Register (with confirmation), enrol TOTP, log in, fail, recover, block and unblock,
in any order and with the clock moving; after every step the cabinet must agree with
a model that re-implements the rules independently (failure counts, throttle delays,
lock, e-signature needs, one-time recovery codes).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from accredkit.domain.accounts.account import AccountStatus, SecondFactor
from accredkit.domain.accounts.login_policy import LoginPolicy
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.errors import AccredkitError, NotFound
from accredkit.services.accounts.accounts import AccountSettings, Registered
from tests.support.accounts_harness import AccountsHarness, default_form

POLICY = LoginPolicy(free_failures=3, throttle_base=timedelta(seconds=2), lock_after=8)
PEOPLE = {
    "ivanov": default_form(),
    "petrova": default_form(
        last_name="Петрова", first_name="Мария", middle_name="Сергеевна",
        birth_date="12.11.1990", snils="234-567-890 99", phone="+79261112233",
        email="maria@example.org",
    ),
    "smirnov": default_form(
        last_name="Смирнов", first_name="Алексей", middle_name="", birth_date="01.01.1979",
        snils="345-678-901 23", phone="+79031234500", email="smirnov@example.org",
    ),
}  # fmt: skip
PASSWORDS = ["сосна у реки шумит", "ветер гонит облака", "тихий вечер над полем"]


@attrs.define
class Model:
    """What the model expects of one person's account."""

    registered: Registered | None = None
    password: str = PASSWORDS[0]
    blocked: bool = False
    totp: bool = False
    esignature_needed: bool = True
    failures: int = 0
    throttled_until: datetime | None = None
    locked: bool = False
    recovery_codes: list[str] = attrs.field(factory=list)

    def fail(self, now: datetime) -> None:
        self.failures += 1
        over = self.failures - 3
        self.throttled_until = now + min(timedelta(seconds=2 * 2 ** (over - 1)),
                                         timedelta(minutes=15)) if over > 0 else None  # fmt: skip
        self.locked = self.locked or self.failures >= 8

    def barrier(self, now: datetime) -> str | None:
        if self.locked:
            return "auth.locked"
        if self.throttled_until is not None and now < self.throttled_until:
            return "auth.throttled"
        return None


class AccountFlow(RuleBasedStateMachine):
    """Drives the accounts use cases and keeps the model in step."""

    def __init__(self) -> None:
        super().__init__()
        self.h = AccountsHarness(
            settings=AccountSettings(login=POLICY, otp=OtpPolicy(hourly_cap=1000))
        )
        self.model = {name: Model() for name in PEOPLE}
        # Each identifier's own throttle, whether or not an account holds it.
        self.throttles: dict[str, Model] = {}

    def _throttle(self, login: str) -> Model:
        return self.throttles.setdefault(login, Model())

    def _wait_out(self, *models: Model) -> None:
        waits = [m.throttled_until for m in models if m.throttled_until is not None]
        if waits and self.now < max(waits):
            self.h.clock.set(max(waits))

    def teardown(self) -> None:
        self.h.close()

    @property
    def now(self) -> datetime:
        return self.h.clock.now()

    def _login_answer(self, login: str, password: str) -> str:
        try:
            return self.h.accounts.login(login, password).stage.value
        except AccredkitError as error:
            return error.code

    def _full_login(self, name: str) -> str:
        """Log in with password, TOTP and e-signature; the session token."""
        person, model = PEOPLE[name], self.model[name]
        assert model.registered is not None
        account_id = model.registered.account_id
        self.h.clock.advance(timedelta(seconds=30))
        self._wait_out(model, self._throttle(person.snils))
        step = self.h.accounts.login(person.snils, model.password)
        code = self.h.totp_code(account_id) if model.totp else None
        done = self.h.complete(account_id, step, code)
        assert done.stage is LoginStage.DONE
        assert done.token is not None
        model.failures, model.throttled_until, model.esignature_needed = 0, None, False
        self.throttles[person.snils] = Model()
        return done.token

    def _can_log_in(self, name: str) -> bool:
        model = self.model[name]
        held = model.locked or self._throttle(PEOPLE[name].snils).locked
        return model.registered is not None and not model.blocked and not held

    # --- rules ---------------------------------------------------------------------

    @rule(name=st.sampled_from(sorted(PEOPLE)))
    def register_and_confirm(self, name: str) -> None:
        model = self.model[name]
        if model.registered is not None:
            again = self.h.accounts.register(PEOPLE[name])  # answered like a fresh one
            with pytest.raises(NotFound):
                self.h.account(again.account_id)
            return
        self.h.clock.advance(timedelta(seconds=61))
        model.registered = self.h.register(PEOPLE[name])
        self.h.verify(model.registered)

    @rule(name=st.sampled_from(sorted(PEOPLE)))
    def log_in(self, name: str) -> None:
        model = self.model[name]
        if model.registered is None:
            return
        self.h.clock.advance(timedelta(seconds=30))
        throttle = self._throttle(PEOPLE[name].snils)
        expected = throttle.barrier(self.now)
        if expected is None and model.barrier(self.now) is not None:
            expected = "auth.failed"  # held back: answered as an unknown login would be
            throttle.fail(self.now)
        elif expected is None and model.blocked:
            expected = "auth.blocked"
        event(f"log in: {expected or 'done'}")
        if expected is not None:
            assert self._login_answer(PEOPLE[name].snils, model.password) == expected
            return
        self._full_login(name)

    @rule(
        name=st.sampled_from([*sorted(PEOPLE), "nobody"]),
        times=st.integers(1, 10),
        wait_out=st.booleans(),
    )
    def fail_login(self, name: str, times: int, wait_out: bool) -> None:
        login = "123-456-789 64" if name == "nobody" else PEOPLE[name].snils
        known = name != "nobody" and self.model[name].registered is not None
        account = self.model[name] if known else None
        throttle = self._throttle(login)
        for _ in range(times):
            if wait_out:
                self._wait_out(throttle, *([account] if account else []))
            expected = throttle.barrier(self.now) or "auth.failed"
            event(f"wrong password: {expected}")
            assert self._login_answer(login, "совсем не тот пароль") == expected
            if expected == "auth.failed":
                checked = account is not None and account.barrier(self.now) is None
                throttle.fail(self.now)
                if checked and account is not None:
                    account.fail(self.now)

    @precondition(lambda self: any(self._can_log_in(n) and not self.model[n].totp
                                   for n in PEOPLE))  # fmt: skip
    @rule(data=st.data())
    def enrol_totp(self, data: st.DataObject) -> None:
        names = [n for n in PEOPLE if self._can_log_in(n) and not self.model[n].totp]
        name = data.draw(st.sampled_from(names))
        model = self.model[name]
        assert model.registered is not None
        token = self._full_login(name)
        codes = self.h.enrol_totp(token, model.registered.account_id)
        model.totp, model.recovery_codes = True, list(codes)
        event("TOTP enrolled")

    @precondition(lambda self: any(self._can_log_in(n) and self.model[n].recovery_codes
                                   for n in PEOPLE))  # fmt: skip
    @rule(data=st.data())
    def log_in_with_a_recovery_code(self, data: st.DataObject) -> None:
        names = [n for n in PEOPLE if self._can_log_in(n) and self.model[n].recovery_codes]
        name = data.draw(st.sampled_from(names))
        model = self.model[name]
        assert model.registered is not None
        self._wait_out(model, self._throttle(PEOPLE[name].snils))
        code = model.recovery_codes.pop(data.draw(st.integers(0, len(model.recovery_codes) - 1)))
        step = self.h.accounts.login(PEOPLE[name].snils, model.password)
        done = self.h.complete(model.registered.account_id, step, code)
        assert done.stage is LoginStage.DONE
        model.failures, model.throttled_until, model.esignature_needed = 0, None, False
        self.throttles[PEOPLE[name].snils] = Model()

    @rule(name=st.sampled_from(sorted(PEOPLE)), password=st.sampled_from(PASSWORDS))
    def recover(self, name: str, password: str) -> None:
        model = self.model[name]
        if model.registered is None:
            return
        self.h.clock.advance(timedelta(seconds=61))
        self._wait_out(self._throttle(PEOPLE[name].snils))  # recovery waits like a login
        request = self.h.accounts.request_recovery(PEOPLE[name].snils)
        code = self.h.last_code(str(self.h.account(model.registered.account_id).phone))
        factor = self.h.totp_code(model.registered.account_id) if model.totp else None
        ticket = self.h.accounts.verify_recovery(request, code, factor)
        self.h.accounts.complete_recovery(ticket, password)
        model.password, model.failures, model.throttled_until = password, 0, None
        self.throttles[PEOPLE[name].snils] = Model()
        event(f"recovered (locked: {model.locked}, TOTP: {model.totp})")
        model.locked, model.esignature_needed = False, True

    @rule(name=st.sampled_from(sorted(PEOPLE)), block=st.booleans())
    def operator(self, name: str, block: bool) -> None:
        model = self.model[name]
        if model.registered is None:
            return
        if block:
            self.h.accounts.block(self.h.operator(), model.registered.account_id, "Проверка")
        else:
            self.h.accounts.unblock(self.h.operator(), model.registered.account_id)
            if model.blocked or model.locked:  # the operator lifts the lock too
                model.locked, model.failures, model.throttled_until = False, 0, None
                self.throttles[PEOPLE[name].snils] = Model()
        model.blocked = block

    @rule(minutes=st.integers(0, 30))
    def wait(self, minutes: int) -> None:
        self.h.clock.advance(timedelta(minutes=minutes))

    # --- invariants ----------------------------------------------------------------

    @invariant()
    def cabinet_agrees_with_the_model(self) -> None:
        for model in self.model.values():
            if model.registered is None:
                continue
            account = self.h.account(model.registered.account_id)
            assert account.failed_logins == model.failures
            assert account.locked == model.locked
            assert account.throttled_until == model.throttled_until
            assert account.esignature_needed == model.esignature_needed
            assert (account.status is AccountStatus.BLOCKED) == model.blocked
            if not model.blocked:
                assert account.status is AccountStatus.VERIFIED
            expected_factor = SecondFactor.TOTP if model.totp else SecondFactor.NONE
            assert account.second_factor is expected_factor
            assert len(account.recovery_code_hashes) == len(model.recovery_codes)


TestAccountFlow = AccountFlow.TestCase
TestAccountFlow.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
