"""AES-256-GCM sealing of TOTP secrets: bound to the account, tamper-evident, rotatable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.crypto.aes_gcm import AesGcmSealer
from accredkit.errors import AuthenticationFailed
from accredkit.ports.sealing import SecretSealer

OLD, NEW = b"o" * 32, b"n" * 32
SEALER: SecretSealer = AesGcmSealer({1: OLD}, 1)


@given(st.binary(max_size=64), st.binary(max_size=32))
def test_round_trip(secret: bytes, context: bytes) -> None:
    sealed = SEALER.seal(secret, context)
    assert SEALER.open(sealed, context) == secret
    if len(secret) >= 4:
        assert secret not in sealed


def test_other_account_cannot_open() -> None:
    sealed = SEALER.seal(b"totp seed", b"account-1")
    with pytest.raises(AuthenticationFailed) as caught:
        SEALER.open(sealed, b"account-2")
    assert caught.value.code == "sealed.invalid"


@pytest.mark.parametrize("index", [0, 1, 2, 20, -1])
def test_any_flipped_byte_detected(index: int) -> None:
    sealed = bytearray(SEALER.seal(b"totp seed", b"a"))
    sealed[index] ^= 1
    with pytest.raises(AuthenticationFailed):
        SEALER.open(bytes(sealed), b"a")


def test_truncated_refused() -> None:
    with pytest.raises(AuthenticationFailed):
        SEALER.open(b"\x01\x01short", b"a")


def test_key_rotation_opens_old_and_seals_new() -> None:
    sealed_old = SEALER.seal(b"seed", b"a")
    rotated = AesGcmSealer({1: OLD, 2: NEW}, 2)
    assert rotated.open(sealed_old, b"a") == b"seed"
    assert rotated.needs_reseal(sealed_old)
    fresh = rotated.seal(b"seed", b"a")
    assert not rotated.needs_reseal(fresh)
    with pytest.raises(AuthenticationFailed):
        SEALER.open(fresh, b"a")


def test_bad_configuration_refused() -> None:
    with pytest.raises(ValueError, match="current key"):
        AesGcmSealer({1: OLD}, 2)
    with pytest.raises(ValueError, match="32 bytes"):
        AesGcmSealer({1: b"short"}, 1)
