"""An attacker with a budget of calls, played against two cabinets in lock step.

In the *real* cabinet the victim has an account (and the attacker holds one of its
sessions, as if stolen); in the *empty* one nobody holds the victim's СНИЛС, e-mail or
phone. The attacker does the same in both — wrong passwords through every identifier,
recovery requests and code guesses, made-up tickets with personal-data passwords,
registrations with the victim's details, waiting — and must learn nothing:

- every answer in the empty cabinet equals the real one: type, code, texts, wait, and
  the number of Argon2id evaluations it cost;
- no answer judges a password against personal data (no verified ticket exists);
- the victim's password was checked no more often than the login throttle allows one
  identifier in the time that passed — through login, change and recovery together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from accredkit.adapters.crypto.password_hasher import Argon2idHasher, Argon2Parameters
from accredkit.domain.accounts.login_policy import LoginPolicy
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.errors import AccredkitError
from accredkit.services.accounts.accounts import AccountSettings
from tests.support.accounts_harness import CHEAP_ARGON2, AccountsHarness, default_form

POLICY = LoginPolicy(free_failures=3, throttle_base=timedelta(seconds=2),
                     throttle_cap=timedelta(minutes=2), lock_after=8)  # fmt: skip
SETTINGS = AccountSettings(login=POLICY, otp=OtpPolicy(hourly_cap=1000))
PASSWORD = "сосна у реки шумит"
IDENTIFIERS = ["112-233-445 95", "ivan.ivanov@example.org", "+79161234567"]
GUESSES = ["Ivanov07031985", "ivanov1985!", "иван1985", "07.03.1985", "qwerty123456"]


class CountingHasher(Argon2idHasher):
    """Argon2id that records every evaluation and the stored hash it ran against."""

    def __init__(self, parameters: Argon2Parameters) -> None:
        self.evaluated: list[str] = []
        super().__init__(parameters)

    def verify(self, encoded: str, password: str) -> bool:
        self.evaluated.append(encoded)
        return super().verify(encoded, password)

    def hash(self, password: str) -> str:
        self.evaluated.append("(hash)")
        return super().hash(password)


def allowed_guesses(policy: LoginPolicy, elapsed: timedelta) -> int:
    """The most failures one identifier's throttle lets through in ``elapsed``."""
    guesses, spent = 1, timedelta(0)
    while guesses < policy.lock_after:
        spent += policy.delay_after(guesses)
        if spent > elapsed:
            break
        guesses += 1
    return guesses


class World:
    """One cabinet, its counting hasher and what the attacker holds in it."""

    def __init__(self, *, with_victim: bool) -> None:
        self.hasher = CountingHasher(CHEAP_ARGON2)
        self.h = AccountsHarness(hasher=self.hasher, settings=SETTINGS)
        self.requests: list[str] = []
        self.stolen: str | None = None
        self.victim_hash = ""
        if with_victim:
            registered = self.h.register()
            self.h.verify(registered)
            done = self.h.complete(
                registered.account_id, self.h.accounts.login(IDENTIFIERS[0], PASSWORD)
            )
            self.stolen = done.token
            self.victim_hash = self.h.account(registered.account_id).password_hash
        else:  # someone else, so the cabinet is not empty
            other = default_form(snils="234-567-890 99", phone="+79261112233",
                                 email="maria@example.org", last_name="Петрова")  # fmt: skip
            self.h.verify(self.h.register(other))
        self.hasher.evaluated.clear()

    def answer(self, call: Callable[[], object]) -> dict[str, object]:
        before = len(self.hasher.evaluated)
        try:
            result = call()
            seen: dict[str, object] = {"type": type(result).__name__}
        except AccredkitError as error:
            seen = error.to_dict()
            seen["type"] = type(error).__name__
            seen["retry_after"] = getattr(error, "retry_after", None)
        seen["argon2id"] = len(self.hasher.evaluated) - before
        return seen


class Attacker(RuleBasedStateMachine):
    """The same calls in both worlds; their answers compared."""

    def __init__(self) -> None:
        super().__init__()
        self.real = World(with_victim=True)
        self.empty = World(with_victim=False)
        self.start = self.real.h.clock.now()
        self.empty.h.clock.set(self.start)
        self.answers: list[dict[str, object]] = []
        self.registrations = 0

    def teardown(self) -> None:
        self.real.h.close()
        self.empty.h.close()

    @property
    def now(self) -> datetime:
        return self.real.h.clock.now()

    def both(self, call: Callable[[World], object]) -> dict[str, object]:
        real = self.real.answer(lambda: call(self.real))
        empty = self.empty.answer(lambda: call(self.empty))
        assert real == empty
        self.answers.append(real)
        event(f"answer: {real.get('code', real['type'])}")
        return real

    # --- the attacker's moves -------------------------------------------------------

    @rule(login=st.sampled_from(IDENTIFIERS), guess=st.sampled_from(GUESSES))
    def guess_password(self, login: str, guess: str) -> None:
        self.both(lambda w: w.h.accounts.login(login, guess))

    @rule(login=st.sampled_from(IDENTIFIERS))
    def request_recovery(self, login: str) -> None:
        self.both(lambda w: w.requests.append(w.h.accounts.request_recovery(login)))

    @rule(data=st.data(), code=st.integers(0, 999_999), second=st.none() | st.just("123456"))
    def guess_recovery_code(self, data: st.DataObject, code: int, second: str | None) -> None:
        if not self.real.requests:
            return
        index = data.draw(st.integers(0, len(self.real.requests) - 1))
        self.both(lambda w: w.h.accounts.verify_recovery(w.requests[index], f"{code:06d}", second))

    @rule(ticket=st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=0, max_size=43),
          guess=st.sampled_from(GUESSES))  # fmt: skip
    def forge_a_ticket(self, ticket: str, guess: str) -> None:
        self.both(lambda w: w.h.accounts.complete_recovery(ticket, guess))

    @rule(victims_email=st.booleans())
    def register_with_the_victims_details(self, victims_email: bool) -> None:
        self.registrations += 1  # the attacker's own contacts, fresh each time
        n = self.registrations
        email = IDENTIFIERS[1] if victims_email else f"mallory{n}@example.org"
        form = default_form(email=email, phone=f"+7999{n:07d}")
        self.both(lambda w: w.h.accounts.register(form))

    @rule(guess=st.sampled_from(GUESSES))
    def guess_through_the_stolen_session(self, guess: str) -> None:
        token = self.real.stolen
        assert token is not None
        self.real.answer(lambda: self.real.h.accounts.change_password(token, guess, "x" * 20))

    @rule(seconds=st.sampled_from([1, 5, 30, 120, 600]))
    def wait(self, seconds: int) -> None:
        for world in (self.real, self.empty):
            world.h.clock.advance(timedelta(seconds=seconds))

    # --- what must hold -------------------------------------------------------------

    @invariant()
    def personal_data_is_never_judged(self) -> None:
        assert not any(str(a.get("code", "")).startswith("password.") for a in self.answers)

    @invariant()
    def no_more_password_checks_than_the_login_throttle_allows(self) -> None:
        checked = self.real.hasher.evaluated.count(self.real.victim_hash)
        assert checked <= allowed_guesses(POLICY, self.now - self.start)


TestAttacker = Attacker.TestCase
TestAttacker.settings = settings(max_examples=20, stateful_step_count=40, deadline=None)
