"""Timing: an unknown login costs what a wrong password costs (real OWASP Argon2id)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from accredkit.adapters.password_hasher import Argon2idHasher
from accredkit.errors import AuthenticationFailed
from accredkit.testing.accounts_harness import AccountsHarness


def best_of(work: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def test_unknown_login_and_wrong_password_take_comparable_time() -> None:
    h = AccountsHarness(hasher=Argon2idHasher())
    try:
        registered = h.register()
        h.verify(registered)

        def attempt(login: str) -> Callable[[], None]:
            def run() -> None:
                with pytest.raises(AuthenticationFailed):
                    h.accounts.login(login, "wrong password here")
                h.clock.advance(h.accounts.settings.login.throttle_cap)

            return run

        known = best_of(attempt("112-233-445 95"))
        unknown = best_of(attempt("123-456-789 64"))
    finally:
        h.close()
    assert 0.67 < unknown / known < 1.5, (known, unknown)
