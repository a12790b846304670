"""TOTP on pyotp: RFC 6238 and RFC 4226 vectors, window, replay, ASCII digits, UTC."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.crypto.totp import TotpAuthenticator, TotpReplayGuard
from accredkit.errors import ValidationError
from accredkit.testing.account_strategies import utc_datetimes

SEED = base64.b32encode(b"12345678901234567890").decode()
APP = TotpAuthenticator()
T0 = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@pytest.mark.parametrize(
    ("seconds", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(seconds: int, code: str) -> None:
    eight = TotpAuthenticator(digits=8)
    assert eight.code_at(SEED, at(seconds)) == code
    assert eight.verify(SEED, code, at(seconds)) == seconds // 30


@pytest.mark.parametrize(
    ("counter", "code"),
    list(enumerate(
        ["755224", "287082", "359152", "969429", "338314",
         "254676", "287922", "162583", "399871", "520489"]
    )),
)  # fmt: skip
def test_rfc4226_hotp_vectors(counter: int, code: str) -> None:
    assert APP.code_at(SEED, at(counter * 30)) == code
    assert APP.step_at(at(counter * 30 + 29)) == counter


def test_new_secrets_have_at_least_160_bits_and_differ() -> None:
    first, second = APP.new_secret(), APP.new_secret()
    assert first != second
    assert len(base64.b32decode(first + "=" * (-len(first) % 8))) == 20


def test_short_secrets_refused() -> None:
    with pytest.raises(ValueError, match="160 bits"):
        APP.code_at(base64.b32encode(b"0123456789").decode(), T0)
    with pytest.raises(ValueError, match="160 bits"):
        TotpAuthenticator(secret_bytes=16)


def test_provisioning_uri() -> None:
    secret = APP.new_secret()
    uri = APP.provisioning_uri(secret, "112-233-445 95")
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/accredkit:112-233-445%2095"
    query = parse_qs(parts.query)
    assert query["secret"] == [secret]
    assert query["issuer"] == ["accredkit"]


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_one_step_either_side_accepted(offset: int) -> None:
    code = APP.code_at(SEED, T0 + timedelta(seconds=30 * offset))
    assert APP.verify(SEED, code, T0) == APP.step_at(T0) + offset


@pytest.mark.parametrize("offset", [-2, 2])
def test_two_steps_away_refused(offset: int) -> None:
    code = APP.code_at(SEED, T0 + timedelta(seconds=30 * offset))
    assert APP.verify(SEED, code, T0) is None


def test_each_step_accepted_once() -> None:
    code = APP.code_at(SEED, T0)
    step = APP.verify(SEED, code, T0)
    assert step is not None
    assert APP.verify(SEED, code, T0, last_used_step=step) is None
    assert APP.verify(SEED, code, T0 + timedelta(seconds=25), last_used_step=step) is None
    earlier = APP.code_at(SEED, T0 - timedelta(seconds=30))
    assert APP.verify(SEED, earlier, T0, last_used_step=step) is None
    later = APP.code_at(SEED, T0 + timedelta(seconds=30))
    assert APP.verify(SEED, later, T0 + timedelta(seconds=30), last_used_step=step) == step + 1


def test_full_width_digits_refused_though_pyotp_takes_them() -> None:
    code = APP.code_at(SEED, T0)
    wide = code.translate(FULL_WIDTH)
    assert pyotp.TOTP(SEED).verify(wide, for_time=T0)  # the behaviour we guard against
    assert APP.verify(SEED, wide, T0) is None
    assert APP.verify(SEED, code, T0) is not None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12345a", "12 34 5", "٣٣٣٣٣٣"])
def test_malformed_codes_refused(typed: str) -> None:
    assert APP.verify(SEED, typed, T0) is None


def test_spaces_in_a_typed_code_ignored() -> None:
    code = APP.code_at(SEED, T0)
    assert APP.verify(SEED, f"{code[:3]} {code[3:]}", T0) is not None


@pytest.mark.parametrize(
    "when",
    [datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 12, 0, tzinfo=timezone(timedelta(hours=3)))],
)
def test_only_utc_aware_times_accepted(when: datetime) -> None:
    with pytest.raises(ValidationError) as caught:
        APP.verify(SEED, "123456", when)
    assert caught.value.code == "time.not_utc"


@given(utc_datetimes(), st.integers(-1, 1))
def test_code_from_any_moment_verifies_within_the_window(moment: datetime, offset: int) -> None:
    secret = SEED
    code = APP.code_at(secret, moment + timedelta(seconds=30 * offset))
    step = APP.verify(secret, code, moment)
    # a six-digit code may recur within three steps; then the earliest matching step wins
    assert step is not None
    assert abs(step - APP.step_at(moment)) <= 1
    assert APP.verify(secret, code, moment, last_used_step=APP.step_at(moment) + 1) is None


@given(utc_datetimes())
def test_our_codes_match_pyotp(moment: datetime) -> None:
    assert APP.code_at(SEED, moment) == pyotp.TOTP(SEED).at(moment)


def _race_two_submissions(guard: TotpReplayGuard, code: str) -> list[bool]:
    """Two threads verify and claim the same code at the same moment."""
    barrier = threading.Barrier(2)
    results: list[bool] = []
    lock = threading.Lock()

    def submit() -> None:
        barrier.wait()
        step = APP.verify(SEED, code, T0, last_used_step=guard.last_used("a1"))
        won = step is not None and guard.claim("a1", step)
        with lock:
            results.append(won)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_replay_guard_two_threads_same_code_exactly_one_wins() -> None:
    code = APP.code_at(SEED, T0)
    for _ in range(50):
        assert sorted(_race_two_submissions(TotpReplayGuard(), code)) == [False, True]


def test_replay_guard_many_threads_one_claim_per_step() -> None:
    guard = TotpReplayGuard()
    wins: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def hammer() -> None:
        barrier.wait()
        for step in range(200):
            if guard.claim("a1", step):
                with lock:
                    wins.append(step)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == len(set(wins))
    assert guard.last_used("a1") == 199
    assert guard.claim("a2", 5)
