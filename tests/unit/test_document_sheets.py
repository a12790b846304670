"""What official documents show and the public check's rules, as properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.certificates.certificate import (
    certificate_number,
    parse_certificate_number,
)
from accredkit.domain.certificates.public_check import CheckWindow
from accredkit.domain.certificates.sheets import (
    DEVELOPMENT_CHECK_URL,
    check_url,
    mask_snils,
    signature_proof,
)
from accredkit.domain.certificates.signed import Seal
from accredkit.domain.identifiers import Snils
from accredkit.errors import RateLimited
from accredkit.testing.strategies import snils_values

T0 = datetime(2026, 5, 8, 9, 0, tzinfo=UTC)


@given(snils_values())
def test_a_masked_snils_hides_the_first_six_digits_and_keeps_the_tail(snils: Snils) -> None:
    masked = mask_snils(snils)
    assert masked == "***-***-" + str(snils)[-6:]
    assert str(snils)[:7] not in masked


@given(st.integers(2023, 2099), st.integers(1, 999_999), st.binary(min_size=64, max_size=72))
def test_the_check_url_is_plain_ascii_and_gives_back_the_number(
    year: int, sequence: int, signature: bytes
) -> None:
    number = certificate_number(year, sequence)
    proof = signature_proof(Seal("ecdsa-p256-sha256", "k", signature, "pem"))
    url = check_url(DEVELOPMENT_CHECK_URL, number, proof)
    assert url.isascii()
    assert " " not in url
    path, _, query = url.partition("?")
    assert parse_certificate_number(path.rsplit("/", 1)[1]) == number
    assert query == f"s={proof}"
    assert len(proof) == 16  # 12 bytes, base64url without padding


@given(st.binary(min_size=64, max_size=72), st.binary(min_size=64, max_size=72))
def test_different_signatures_give_different_proofs(first: bytes, second: bytes) -> None:
    def proof(signature: bytes) -> str:
        return signature_proof(Seal("ed25519", "k", signature, "pem"))

    assert (proof(first) == proof(second)) == (first == second)


@given(
    st.integers(1, 5),
    st.lists(st.integers(0, 120), min_size=1, max_size=40).map(sorted),
)
def test_the_window_never_admits_more_than_its_limit_per_minute(
    limit: int, seconds: list[int]
) -> None:
    window = CheckWindow(limit=limit, per=timedelta(minutes=1))
    admitted: list[datetime] = []
    for second in seconds:
        now = T0 + timedelta(seconds=second)
        recent = [a for a in admitted if now - a < timedelta(minutes=1)]
        if len(recent) < limit:
            window.admit("ip", now)
            admitted.append(now)
        else:
            with pytest.raises(RateLimited) as refused:
                window.admit("ip", now)
            assert refused.value.retry_after is not None
            assert refused.value.retry_after > timedelta(0)
    window.admit("another-ip", T0 + timedelta(seconds=seconds[-1]))  # callers are apart
