"""Argon2id through cryptography: OWASP parameters, PHC strings, rehash, dummy verify."""

from __future__ import annotations

import base64
import unicodedata

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.adapters.crypto.password_hasher import (
    OWASP_ARGON2ID,
    Argon2idHasher,
    Argon2Parameters,
)
from accredkit.ports.passwords import PasswordHasher

HASHER = Argon2idHasher()
CHEAP = Argon2idHasher(Argon2Parameters(memory_kib=64, iterations=1, lanes=1))


def test_is_a_password_hasher() -> None:
    hasher: PasswordHasher = HASHER
    assert hasher.verify(hasher.hash("сосна у реки шумит"), "сосна у реки шумит")


def test_owasp_parameters_in_phc_form() -> None:
    assert (OWASP_ARGON2ID.memory_kib, OWASP_ARGON2ID.iterations, OWASP_ARGON2ID.lanes) == (
        19_456,
        2,
        1,
    )
    encoded = HASHER.hash("correct horse battery")
    prefix, salt, digest = encoded.rsplit("$", 2)
    assert prefix == "$argon2id$v=19$m=19456,t=2,p=1"
    assert "=" not in salt + digest
    assert len(base64.b64decode(salt + "==")) == 16
    assert len(base64.b64decode(digest + "=")) == 32


def test_hashes_interoperate_with_cryptography_phc_functions() -> None:
    encoded = HASHER.hash("пароль из многих слов")
    Argon2id.verify_phc_encoded("пароль из многих слов".encode(), encoded)
    theirs = Argon2id(
        salt=b"0123456789abcdef", length=32, iterations=2, lanes=1, memory_cost=19_456
    ).derive_phc_encoded(b"their password")
    assert HASHER.verify(theirs, "their password")
    assert not HASHER.needs_rehash(theirs)


def test_fresh_salt_each_time() -> None:
    assert CHEAP.hash("same password") != CHEAP.hash("same password")


def test_wrong_password_refused() -> None:
    encoded = HASHER.hash("the right password")
    assert not HASHER.verify(encoded, "the right passworD")


def test_never_truncated() -> None:
    long = "x" * 1000
    encoded = CHEAP.hash(long)
    assert CHEAP.verify(encoded, long)
    assert not CHEAP.verify(encoded, long[:-1])
    assert not CHEAP.verify(encoded, long[:72])


def test_nfc_and_nfd_forms_are_the_same_password() -> None:
    encoded = CHEAP.hash("ёлка в лесу стоит")
    assert CHEAP.verify(encoded, "е\u0308лка в лесу стоит")


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "plain text",
        "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaA",
    ],
)
def test_malformed_hashes_are_mismatches_and_need_rehash(encoded: str) -> None:
    assert not CHEAP.verify(encoded, "anything")
    assert CHEAP.needs_rehash(encoded)


def test_needs_rehash_when_parameters_rise() -> None:
    old = CHEAP.hash("a password to keep")
    stronger = Argon2idHasher(Argon2Parameters(memory_kib=128, iterations=1, lanes=1))
    assert stronger.needs_rehash(old)
    assert stronger.verify(old, "a password to keep")
    assert not stronger.needs_rehash(stronger.hash("a password to keep"))


def test_dummy_verify_runs_a_full_check_with_the_current_parameters() -> None:
    evaluated: list[str] = []

    class Spy(Argon2idHasher):
        def verify(self, encoded: str, password: str) -> bool:
            evaluated.append(encoded)
            return super().verify(encoded, password)

    spy = Spy(CHEAP.params)
    spy.dummy_verify("a wrong password")
    assert len(evaluated) == 1
    assert not spy.needs_rehash(evaluated[0])  # same m, t, p as a real account's hash
    assert evaluated[0].split("$")[3] == spy.hash("x").split("$")[3]


@settings(max_examples=25)
@given(st.text(max_size=80), st.text(max_size=80))
def test_verify_true_exactly_for_the_same_nfc_password(first: str, second: str) -> None:
    encoded = CHEAP.hash(first)
    same = unicodedata.normalize("NFC", first) == unicodedata.normalize("NFC", second)
    assert CHEAP.verify(encoded, first)
    assert CHEAP.verify(encoded, second) == same


def test_lone_surrogates_do_not_crash_verification() -> None:
    assert not CHEAP.verify(CHEAP.hash("ordinary words here"), "bad \ud800 text")
