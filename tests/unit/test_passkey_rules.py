"""The passkey rules of the domain: the counter, the relying party's settings, challenges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accredkit
from accredkit.domain.accounts.passkeys import (
    NewPasskey,
    Passkey,
    PasskeyChallenge,
    PasskeyPurpose,
    RelyingParty,
    sign_count_advances,
)
from accredkit.errors import AuthenticationFailed, ConfigurationError

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
counts = st.integers(min_value=0, max_value=2**32 - 1)


@given(counts, counts)
def test_a_counter_must_grow_once_either_side_counts(stored: int, presented: int) -> None:
    passkey = Passkey.enrol("p", "a", NewPasskey("cred", b"key", stored), "Ключ", NOW)
    if stored == presented == 0 or presented > stored:
        used = passkey.used(presented, NOW)
        assert used.sign_count == presented
        assert used.last_used_at == NOW
    else:
        with pytest.raises(AuthenticationFailed) as refused:
            passkey.used(presented, NOW)
        assert refused.value.code == "passkey.sign_count"
    assert sign_count_advances(stored, presented) == (
        (stored == presented == 0) or presented > stored
    )


@given(st.integers(max_value=-1), counts)
def test_negative_counters_never_advance(negative: int, other: int) -> None:
    assert not sign_count_advances(negative, other)
    assert not sign_count_advances(other, negative)


@pytest.mark.parametrize(
    ("given", "origins"),
    [
        ({"rp_id": "cabinet.example.ru"}, ("https://cabinet.example.ru",)),
        (
            {
                "rp_id": "example.ru",
                "origins": ["https://lk.example.ru", "https://example.ru:8443"],
            },
            ("https://lk.example.ru", "https://example.ru:8443"),
        ),
        ({"rp_id": "localhost", "origins": "http://localhost:8000"}, ("http://localhost:8000",)),
    ],
)
def test_a_relying_party_takes_its_own_host_and_subdomains(
    given: dict[str, object], origins: tuple[str, ...]
) -> None:
    party = RelyingParty.parse(given)
    assert party.origins == origins
    assert party.name == "Кабинет аккредитации"


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"rp_id": "https://example.ru"},
        {"rp_id": "Example.RU"},
        {"rp_id": "example.ru:443"},
        {"rp_id": "10.0.0.1"},
        {"rp_id": "example.ru", "origins": ["https://example.ru.evil.com"]},
        {"rp_id": "example.ru", "origins": ["https://notexample.ru"]},
        {"rp_id": "example.ru", "origins": ["http://example.ru"]},
        {"rp_id": "example.ru", "origins": ["https://example.ru/login"]},
        {"rp_id": "example.ru", "origins": ["https://example.ru:99999"]},
        {"rp_id": "example.ru", "origins": []},
        {"rp_id": "example.ru", "origins": {"a": 1}},
        {"rp_id": "example.ru", "rp_name": ""},
        {"rp_id": "example.ru", "origin": "https://example.ru"},
    ],
)
def test_a_relying_party_refuses_settings_a_browser_would_not_match(
    given: dict[str, object],
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        RelyingParty.parse(given)
    assert refused.value.code == "config.passkeys"


def _parsed(text: str) -> RelyingParty | None:
    try:
        return RelyingParty.parse({"rp_id": text})
    except ConfigurationError as refused:
        if refused.code != "config.passkeys":
            raise
        return None


@given(st.text(max_size=30) | st.from_regex(r"[a-z0-9.-]{1,30}", fullmatch=True))
def test_any_text_as_rp_id_is_a_host_name_or_refused(text: str) -> None:
    party = _parsed(text)
    if party is not None:
        assert party.id == text
        assert party.origins == (f"https://{text}",)
        assert text == text.lower()
        assert "." not in (text[0], text[-1])
        assert all(c.isascii() and (c.isalnum() or c in ".-") for c in text)


def test_bootstrap_refuses_a_bad_passkeys_table() -> None:
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap(
            {"settings": {"passkeys": {"rp_id": "example.ru", "origins": ["ftp://x"]}}}
        )
    assert refused.value.code == "config.passkeys"
    with pytest.raises(ConfigurationError):
        accredkit.bootstrap({"settings": {"passkeys": "example.ru"}})


@given(st.integers(min_value=0, max_value=600))
def test_a_challenge_answers_only_its_ceremony_account_and_login_in_time(seconds: int) -> None:
    challenge = PasskeyChallenge(
        id="c",
        version=1,
        account_id="a",
        purpose=PasskeyPurpose.LOGIN,
        challenge=b"\x00" * 32,
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=5),
        pending_id="p",
    )
    at = NOW + timedelta(seconds=seconds)
    assert challenge.answerable("a", PasskeyPurpose.LOGIN, at, "p") == (seconds < 300)
    assert not challenge.answerable("b", PasskeyPurpose.LOGIN, NOW, "p")
    assert not challenge.answerable("a", PasskeyPurpose.ENROL, NOW, "p")
    assert not challenge.answerable("a", PasskeyPurpose.LOGIN, NOW, "other")
    assert not challenge.spend().answerable("a", PasskeyPurpose.LOGIN, NOW, "p")
