"""X.509 e-signature verification against a real CA built with cryptography."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accredkit.adapters.esignature.x509 import X509SignatureVerifier
from accredkit.domain.accounts.esignature import VerifiedSignature, issue_challenge
from accredkit.domain.identifiers import Snils
from accredkit.errors import AuthenticationFailed, ValidationError
from accredkit.ports.esignature import SignatureVerifier
from tests.support.certificates import TestCa, UserCertificate

NOW = datetime.now(UTC).replace(microsecond=0)
CA = TestCa(now=NOW)
OTHER_CA = TestCa("Чужой УЦ", now=NOW)
VERIFIER: SignatureVerifier = X509SignatureVerifier([CA.pem])
SNILS = Snils("11223344595")
CHALLENGE = issue_challenge(challenge_id="c1", account_id="a1", nonce=b"n" * 32, now=NOW).payload()


def verify(user: UserCertificate, *, data: bytes = CHALLENGE, at: datetime = NOW,
           snils: Snils = SNILS, signature: bytes | None = None) -> VerifiedSignature:  # fmt: skip
    sig = user.sign(data) if signature is None else signature
    return VERIFIER.verify(CHALLENGE, sig, user.pem, snils, at)


def failure(user: UserCertificate, **kwargs: object) -> str:
    with pytest.raises(AuthenticationFailed) as caught:
        verify(user, **kwargs)  # type: ignore[arg-type]
    assert caught.value.hint_ru
    assert caught.value.hint_en
    return caught.value.code


@pytest.mark.parametrize("kind", ["ed25519", "p256"])
def test_valid_signature_accepted(kind: str) -> None:
    user = CA.issue(key_kind=kind)  # type: ignore[arg-type]
    result = verify(user)
    assert result.snils == SNILS
    assert result.algorithm == {"ed25519": "ed25519", "p256": "ecdsa-p256-sha256"}[kind]
    assert len(result.certificate_sha256) == 64
    assert "1.2.643.100.3=11223344595" in result.subject


def test_signature_over_other_data_refused() -> None:
    assert failure(CA.issue(), data=CHALLENGE + b"x") == "esignature.bad_signature"


def test_signature_by_another_key_refused() -> None:
    user, impostor = CA.issue(), CA.issue()
    assert failure(user, signature=impostor.sign(CHALLENGE)) == "esignature.bad_signature"


def test_certificate_from_an_untrusted_ca_refused() -> None:
    assert failure(OTHER_CA.issue()) == "esignature.untrusted"


def test_self_made_certificate_with_the_right_snils_refused() -> None:
    rogue = TestCa("Иванов Иван Иванович", now=NOW)
    assert failure(rogue.issue()) == "esignature.untrusted"


def test_expired_and_not_yet_valid_certificates_refused() -> None:
    expired = CA.issue(not_before=NOW - timedelta(days=400), not_after=NOW - timedelta(days=1))
    assert failure(expired) == "esignature.certificate_expired"
    future = CA.issue(not_before=NOW + timedelta(days=1), not_after=NOW + timedelta(days=400))
    assert failure(future) == "esignature.certificate_not_yet_valid"


def test_validity_judged_at_the_given_time() -> None:
    user = CA.issue(not_before=NOW - timedelta(days=1), not_after=NOW + timedelta(days=10))
    assert verify(user, at=NOW + timedelta(days=9)).snils == SNILS
    assert failure(user, at=NOW + timedelta(days=11)) == "esignature.certificate_expired"


def test_key_usage_must_allow_digital_signature() -> None:
    assert failure(CA.issue(digital_signature=False)) == "esignature.key_usage"
    assert failure(CA.issue(digital_signature=None)) == "esignature.key_usage"


def test_ca_certificate_is_not_a_personal_one() -> None:
    assert failure(CA.issue(ca=True)) == "esignature.not_end_entity"


def test_snils_must_be_present_and_match() -> None:
    assert failure(CA.issue(snils=None)) == "esignature.snils_missing"
    assert failure(CA.issue(snils="12345678964")) == "esignature.snils_mismatch"
    assert failure(CA.issue(snils="not digits")) == "esignature.snils_missing"


def test_snils_in_serial_number_is_not_accepted() -> None:
    assert failure(CA.issue(snils_as_serial_number=True)) == "esignature.snils_missing"


def test_unsupported_key_algorithm_refused() -> None:
    assert failure(CA.issue(key_kind="p384")) == "esignature.unsupported_algorithm"


def test_malformed_certificate_refused() -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        VERIFIER.verify(CHALLENGE, b"sig", b"-----BEGIN CERTIFICATE-----\nxx\n", SNILS, NOW)
    assert caught.value.code == "esignature.certificate_malformed"


def test_naive_time_refused() -> None:
    with pytest.raises(ValidationError):
        verify(CA.issue(), at=NOW.replace(tzinfo=None))


def test_intermediate_ca_chain_accepted() -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    middle = TestCa("Промежуточный УЦ", now=NOW)
    middle_cert = (
        x509.CertificateBuilder()
        .subject_name(middle.name)
        .issuer_name(CA.name)
        .public_key(middle.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=30))
        .not_valid_after(NOW + timedelta(days=900))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(middle.certificate.extensions.get_extension_for_class(x509.KeyUsage).value,
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(middle.key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(CA.key.public_key()),
                       critical=False)
        .sign(CA.key, hashes.SHA256())
    )  # fmt: skip
    assert isinstance(middle.key, ec.EllipticCurvePrivateKey)
    user = middle.issue()
    with_chain = X509SignatureVerifier(
        [CA.pem], [middle_cert.public_bytes(serialization.Encoding.PEM)]
    )
    assert with_chain.verify(CHALLENGE, user.sign(CHALLENGE), user.pem, SNILS, NOW).snils == SNILS
    with pytest.raises(AuthenticationFailed) as caught:
        VERIFIER.verify(CHALLENGE, user.sign(CHALLENGE), user.pem, SNILS, NOW)
    assert caught.value.code == "esignature.untrusted"


def test_challenge_single_use_bound_to_account_and_time() -> None:
    challenge = issue_challenge(challenge_id="c2", account_id="a1", nonce=b"\1" * 32, now=NOW)
    used = challenge.redeem("a1", NOW + timedelta(minutes=4, seconds=59))
    assert used.used
    for account, when, record in [
        ("a1", NOW, used),
        ("a2", NOW, challenge),
        ("a1", NOW + timedelta(minutes=5), challenge),
    ]:
        with pytest.raises(AuthenticationFailed) as caught:
            record.redeem(account, when)
        assert caught.value.code == "esignature.challenge_invalid"


def test_challenge_payload_names_account_and_nonce() -> None:
    challenge = issue_challenge(challenge_id="c3", account_id="a9", nonce=b"\2" * 32, now=NOW)
    text = challenge.payload().decode()
    assert "account: a9" in text
    assert ("02" * 32) in text
    with pytest.raises(ValueError, match="32 random bytes"):
        issue_challenge(challenge_id="c", account_id="a", nonce=b"short", now=NOW)
