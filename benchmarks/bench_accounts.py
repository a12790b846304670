"""Login, password change and recovery vs the bare Argon2id work they need (same run).

The password hash is meant to dominate each: everything else — finding the account,
the identifier and account throttles, opening the sealed TOTP secret, checking codes,
the units of work, the session, the recovery ticket — should add at most 10 %. A login
checks one password (one verify); a password change checks the current one and hashes
the new one (a verify and a hash); a whole recovery (request, verify the code, set the
password) hashes the new one only.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from accredkit.adapters.crypto.password_hasher import OWASP_ARGON2ID, Argon2idHasher
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.errors import AuthenticationFailed
from accredkit.services.accounts.accounts import AccountSettings
from benchmarks._runner import Benchmark, Work
from tests.support.accounts_harness import AccountsHarness

PASSWORD = "сосна у реки шумит"
LOGIN = "112-233-445 95"
_BATCHES = 10  # warm-up and repeats the runner may ask for, with room to spare


def _setup(quick: bool) -> tuple[Work, Work, int]:
    ops = 5 if quick else 20
    h = AccountsHarness(hasher=Argon2idHasher())
    registered = h.register()
    h.verify(registered)
    account_id = registered.account_id
    first = h.complete(account_id, h.accounts.login(LOGIN, PASSWORD))
    assert first.token is not None
    h.enrol_totp(first.token, account_id)
    start = h.clock.now()
    codes = [
        h.totp_code(account_id, start + timedelta(seconds=30 * (i + 1)))
        for i in range(ops * _BATCHES)
    ]
    position = [0]

    def ours() -> None:
        for _ in range(ops):
            code = codes[position[0]]
            position[0] += 1
            h.clock.advance(timedelta(seconds=30))
            step = h.accounts.login(LOGIN, PASSWORD)
            assert step.pending_id is not None
            done = h.accounts.second_factor(step.pending_id, code)
            assert done.stage is LoginStage.DONE

    return ours, _bare_argon2id(ops, evaluations=1), ops


def _bare_argon2id(ops: int, *, evaluations: int) -> Work:
    """``evaluations`` bare Argon2id verifications per operation, OWASP parameters."""
    encoded = Argon2idHasher().hash(PASSWORD)
    salt_text, digest_text = encoded.rsplit("$", 2)[1:]
    salt = base64.b64decode(salt_text + "=" * (-len(salt_text) % 4))
    digest = base64.b64decode(digest_text + "=" * (-len(digest_text) % 4))
    secret = PASSWORD.encode()

    def baseline() -> None:
        for _ in range(ops * evaluations):
            Argon2id(
                salt=salt,
                length=OWASP_ARGON2ID.hash_size,
                iterations=OWASP_ARGON2ID.iterations,
                lanes=OWASP_ARGON2ID.lanes,
                memory_cost=OWASP_ARGON2ID.memory_kib,
            ).verify(secret, digest)

    return baseline


_PASSWORDS = (PASSWORD, "новый пароль у самого моря")


def _signed_in(h: AccountsHarness) -> tuple[str, str]:
    registered = h.register()
    h.verify(registered)
    done = h.complete(registered.account_id, h.accounts.login(LOGIN, PASSWORD))
    assert done.token is not None
    return registered.account_id, done.token


def _setup_change(quick: bool) -> tuple[Work, Work, int]:
    """``change_password``: the current password checked, the new one hashed."""
    ops = 3 if quick else 10
    h = AccountsHarness(hasher=Argon2idHasher())
    _, token = _signed_in(h)
    turn = [0]

    def ours() -> None:
        for _ in range(ops):
            current, new = _PASSWORDS[turn[0] % 2], _PASSWORDS[(turn[0] + 1) % 2]
            h.accounts.change_password(token, current, new)
            turn[0] += 1

    return ours, _bare_argon2id(ops, evaluations=2), ops


def _setup_recovery(quick: bool) -> tuple[Work, Work, int]:
    """Request, verify the SMS code for a ticket, set the new password with it."""
    ops = 3 if quick else 10
    settings = AccountSettings(otp=OtpPolicy(hourly_cap=10_000))
    h = AccountsHarness(hasher=Argon2idHasher(), settings=settings)
    _signed_in(h)
    turn = [0]

    def ours() -> None:
        for _ in range(ops):
            h.clock.advance(timedelta(seconds=61))  # the resend cool-down
            request = h.accounts.request_recovery(LOGIN)
            ticket = h.accounts.verify_recovery(request, h.last_code("+79161234567"))
            h.accounts.complete_recovery(ticket, _PASSWORDS[turn[0] % 2])
            turn[0] += 1

    return ours, _bare_argon2id(ops, evaluations=1), ops


def _setup_unknown(quick: bool) -> tuple[Work, Work, int]:
    """An unknown login vs a wrong password for a real account: the answer must not leak."""
    ops = 3 if quick else 10
    h = AccountsHarness(hasher=Argon2idHasher())
    h.verify(h.register())

    def attempts(login: str) -> Work:
        def run() -> None:
            for _ in range(ops):
                try:
                    h.accounts.login(login, "wrong password here")
                except AuthenticationFailed:
                    pass
                else:  # pragma: no cover - a wrong password must never sign in
                    raise AssertionError("signed in with a wrong password")
                h.clock.advance(h.accounts.settings.login.throttle_cap)

        return run

    return attempts("123-456-789 64"), attempts(LOGIN), ops


BENCHMARKS = [
    Benchmark(
        name="accounts: password + TOTP login",
        baseline_name="Argon2id.verify",
        setup=_setup,
        target=1.10,
    ),
    Benchmark(
        name="accounts: change password",
        baseline_name="Argon2id.verify + one more evaluation (the new hash)",
        setup=_setup_change,
        target=1.10,
    ),
    Benchmark(
        name="accounts: complete recovery (request, code, new password)",
        baseline_name="Argon2id.verify",
        setup=_setup_recovery,
        target=1.10,
    ),
    Benchmark(
        name="accounts: unknown login (timing must not tell)",
        baseline_name="wrong password, real account",
        setup=_setup_unknown,
        target=1.25,
    ),
]
