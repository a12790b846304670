"""The py_webauthn adapter on real ES256 responses: what it accepts, and that any change to
a signed part of an answer is refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accredkit.adapters.crypto.webauthn_passkeys import WebauthnPasskeys
from accredkit.domain.accounts.passkeys import Passkey, RelyingParty
from accredkit.errors import AuthenticationFailed
from tests.support.passkeys import SoftAuthenticator, b64url

ORIGIN = "https://lk.example.ru"
PARTY = RelyingParty.parse({"rp_id": "example.ru", "origins": [ORIGIN]})
CEREMONIES = WebauthnPasskeys()
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
CHALLENGE = bytes(range(32))


def _enrolled() -> tuple[SoftAuthenticator, Passkey]:
    device = SoftAuthenticator(ORIGIN)
    options = CEREMONIES.registration_options(
        PARTY, user_id=b"account-1", user_name="112-233-445 95", display_name="Иванов И. И.",
        challenge=CHALLENGE, exclude=(),
    )  # fmt: skip
    made = CEREMONIES.verify_registration(PARTY, device.create(options), CHALLENGE)
    return device, Passkey.enrol("p1", "account-1", made, "Ключ", NOW)


DEVICE, PASSKEY = _enrolled()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_registration_options_name_the_party_the_user_and_the_challenge() -> None:
    options = json.loads(
        CEREMONIES.registration_options(
            PARTY,
            user_id=b"u",
            user_name="n",
            display_name="d",
            challenge=CHALLENGE,
            exclude=(PASSKEY,),
        )
    )
    assert options["rp"] == {"id": "example.ru", "name": "Кабинет аккредитации"}
    assert _unb64(options["challenge"]) == CHALLENGE
    assert options["attestation"] == "none"
    assert [c["id"] for c in options["excludeCredentials"]] == [PASSKEY.credential_id]
    assert PASSKEY.transports == ("internal",)


def test_an_assertion_names_its_passkey_and_counter() -> None:
    options = CEREMONIES.authentication_options(PARTY, challenge=CHALLENGE, allow=(PASSKEY,))
    assert json.loads(options)["allowCredentials"][0]["id"] == PASSKEY.credential_id
    answer = CEREMONIES.verify_authentication(PARTY, DEVICE.get(options), CHALLENGE, (PASSKEY,))
    assert answer.passkey_id == PASSKEY.id
    assert answer.sign_count == DEVICE.counter


def test_an_assertion_by_a_passkey_not_offered_is_refused() -> None:
    options = CEREMONIES.authentication_options(PARTY, challenge=CHALLENGE, allow=(PASSKEY,))
    stranger = SoftAuthenticator(ORIGIN)
    stranger.rp_id = PARTY.id
    with pytest.raises(AuthenticationFailed) as refused:
        CEREMONIES.verify_authentication(PARTY, stranger.get(options), CHALLENGE, (PASSKEY,))
    assert refused.value.code == "passkey.refused"


@settings(max_examples=40, deadline=None)
@given(
    part=st.sampled_from(["clientDataJSON", "authenticatorData", "signature"]),
    where=st.integers(min_value=0, max_value=10_000),
    flip=st.integers(min_value=1, max_value=255),
)
def test_any_changed_byte_of_a_signed_part_is_refused(part: str, where: int, flip: int) -> None:
    options = CEREMONIES.authentication_options(PARTY, challenge=CHALLENGE, allow=(PASSKEY,))
    answer = json.loads(DEVICE.get(options))
    raw = bytearray(_unb64(answer["response"][part]))
    raw[where % len(raw)] ^= flip
    answer["response"][part] = b64url(bytes(raw))
    with pytest.raises(AuthenticationFailed) as refused:
        CEREMONIES.verify_authentication(PARTY, json.dumps(answer), CHALLENGE, (PASSKEY,))
    assert refused.value.code == "passkey.refused"


@pytest.mark.parametrize(
    ("origin", "challenge"),
    [("https://example.ru.evil.com", CHALLENGE), (ORIGIN, bytes(32))],
)
def test_another_origin_or_challenge_is_refused(origin: str, challenge: bytes) -> None:
    options = CEREMONIES.authentication_options(PARTY, challenge=CHALLENGE, allow=(PASSKEY,))
    with pytest.raises(AuthenticationFailed):
        CEREMONIES.verify_authentication(
            PARTY, DEVICE.get(options, origin=origin), challenge, (PASSKEY,)
        )
