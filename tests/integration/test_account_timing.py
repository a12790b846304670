"""An unknown login does the same Argon2id work as a wrong password (no wall clock here).

The wall-clock comparison is a benchmark (``benchmarks/bench_accounts.py``: unknown login
vs wrong password); the test proves the cause of equal timing: the same number of
Argon2id evaluations with the same parameters, and the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accredkit.adapters.crypto.password_hasher import Argon2idHasher, Argon2Parameters
from accredkit.errors import AuthenticationFailed
from tests.support.accounts_harness import CHEAP_ARGON2, AccountsHarness


class CountingHasher(Argon2idHasher):
    """Argon2id that records which stored hash each evaluation ran against."""

    def __init__(self, parameters: Argon2Parameters) -> None:
        self.evaluated: list[str] = []
        super().__init__(parameters)

    def verify(self, encoded: str, password: str) -> bool:
        self.evaluated.append(encoded)
        return super().verify(encoded, password)


@pytest.fixture
def world() -> Iterator[tuple[AccountsHarness, CountingHasher]]:
    hasher = CountingHasher(CHEAP_ARGON2)
    h = AccountsHarness(hasher=hasher)
    h.verify(h.register())
    yield h, hasher
    h.close()


def _attempt(h: AccountsHarness, hasher: CountingHasher, login: str) -> tuple[str, list[str]]:
    hasher.evaluated.clear()
    with pytest.raises(AuthenticationFailed) as refused:
        h.accounts.login(login, "wrong password here")
    h.clock.advance(h.accounts.settings.login.throttle_cap)
    return refused.value.code, list(hasher.evaluated)


def test_unknown_login_runs_one_argon2id_like_a_wrong_password(
    world: tuple[AccountsHarness, CountingHasher],
) -> None:
    h, hasher = world
    known_code, known = _attempt(h, hasher, "112-233-445 95")
    unknown_code, unknown = _attempt(h, hasher, "123-456-789 64")
    assert known_code == unknown_code
    assert len(known) == len(unknown) == 1
    parameters = [encoded.split("$")[3] for encoded in (*known, *unknown)]
    assert parameters[0] == parameters[1]  # the same m, t, p: the same cost
    assert not hasher.needs_rehash(unknown[0])
