"""The built-in CMS verifier (RSA, ECDSA) against real OpenSSL signatures, CAs and CRLs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.esignature.cms import CmsSignatureVerifier
from accredkit.adapters.esignature.cms_signed_data import read_signed_data
from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.errors import AuthenticationFailed
from accredkit.ports.esignature import SignatureVerifier
from accredkit.testing.contracts.esignature import SNILS, ESignatureVerifierContract
from accredkit.testing.openssl_pki import OpenSslCa, SignerCertificate

CHALLENGE = b"accredkit e-signature login confirmation\nnonce: 0f\n"


class TestRsa(ESignatureVerifierContract):
    algorithm = "rsa"

    def make_verifier(self, trust: EsignatureTrust) -> SignatureVerifier:
        return CmsSignatureVerifier(trust)


class TestEcdsa(ESignatureVerifierContract):
    algorithm = "ec"

    def make_verifier(self, trust: EsignatureTrust) -> SignatureVerifier:
        return CmsSignatureVerifier(trust)

    def test_a_gost_signature_is_left_to_the_gost_plugin(
        self, ca: OpenSslCa, challenge: bytes, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        from accredkit.testing.openssl_pki import gost_available

        if not gost_available():
            pytest.skip("the OpenSSL GOST engine is not installed (make test installs it)")
        gost = OpenSslCa(tmp_path_factory.mktemp("gost"), "gost2012_256")
        verifier = CmsSignatureVerifier(EsignatureTrust.from_files([gost.cert_path]))
        signature = gost.issue().sign(challenge)
        code = self.refusal(verifier, challenge, signature)
        assert code == "esignature.unsupported_algorithm"

    @pytest.fixture(scope="class")
    @classmethod
    def signed(cls, user: SignerCertificate, challenge: bytes) -> bytes:
        """One signature over the challenge, made once for the property below."""
        return user.sign(challenge)

    @given(data=st.data())
    def test_any_changed_byte_of_what_is_signed_is_refused(
        self, ca: OpenSslCa, signed: bytes, challenge: bytes, data: st.DataObject
    ) -> None:
        # The SignedData version and the outer digest list are not covered by the
        # signature (RFC 5652); the signed attributes and the signature value are.
        message = read_signed_data(signed)
        assert message.signed_attributes is not None
        attributes = signed.index(message.signed_attributes[1:])
        value = signed.index(message.signature)
        regions = [
            (attributes, attributes + len(message.signed_attributes) - 1),
            (value, value + len(message.signature)),
        ]
        low, high = data.draw(st.sampled_from(regions), label="region")
        index = data.draw(st.integers(low, high - 1), label="index")
        changed = bytearray(signed)
        changed[index] ^= data.draw(st.integers(1, 255), label="xor")
        with pytest.raises(AuthenticationFailed):
            self.verifier_for(ca).verify(challenge, bytes(changed), b"", SNILS, datetime.now(UTC))


class TestDamagedFiles:
    """Damage anywhere in the file: refused with a code, or — when only bytes the signature
    does not cover changed — the very same signer. Never another exception."""

    @pytest.fixture(scope="class")
    @classmethod
    def ca(cls, tmp_path_factory: pytest.TempPathFactory) -> OpenSslCa:
        return OpenSslCa(tmp_path_factory.mktemp("damage"), "ec")

    @pytest.fixture(scope="class")
    @classmethod
    def signed(cls, ca: OpenSslCa) -> bytes:
        return ca.issue().sign(CHALLENGE)

    @given(data=st.data())
    def test_damage_anywhere_is_refused_or_changes_nothing(
        self, ca: OpenSslCa, signed: bytes, data: st.DataObject
    ) -> None:
        challenge = CHALLENGE
        changed = bytearray(signed)
        for _ in range(data.draw(st.integers(1, 4), label="changes")):
            index = data.draw(st.integers(0, len(changed) - 1), label="index")
            changed[index] ^= data.draw(st.integers(1, 255), label="xor")
        cut = data.draw(st.integers(1, len(changed)), label="length")
        verifier = CmsSignatureVerifier(
            EsignatureTrust.from_files([ca.cert_path], crls=[ca.crl_path])
        )
        original = verifier.verify(challenge, signed, b"", SNILS, datetime.now(UTC))
        outcome: str
        try:
            verified = verifier.verify(
                challenge, bytes(changed[:cut]), b"", SNILS, datetime.now(UTC)
            )
            outcome = "same signer" if verified == original else "another result"
        except AuthenticationFailed as refused:
            outcome = "refused" if refused.code.startswith("esignature.") else refused.code
        assert outcome in ("refused", "same signer")
