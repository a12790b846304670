"""Contract suite for e-signature verifiers: what every ``SignatureVerifier`` must refuse.

Subclass it for your verifier, name the key family and say how to build the verifier
on a trust configuration; real OpenSSL makes the CAs, certificates, CRLs and detached
signatures (``accredkit.testing.openssl_pki``)::

    class TestMyVerifier(ESignatureVerifierContract):
        algorithm = "gost2012_256"

        def make_verifier(self, trust):
            return MyVerifier(trust)
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest

from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.domain.accounts.esignature import issue_challenge
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.errors import AuthenticationFailed
from accredkit.ports.esignature import SignatureVerifier
from accredkit.testing.openssl_pki import Algorithm, OpenSslCa, SignerCertificate

__all__ = ["ESignatureVerifierContract"]

SNILS = Snils("11223344595")
OTHER_SNILS = "08765430300"
NAME = FullName("Иванов", "Иван", "Иванович")
INN = Inn("500100732259")


class ESignatureVerifierContract:
    """The must-shows of a verifier of detached CMS signatures in one key family."""

    algorithm: ClassVar[Algorithm]

    def make_verifier(self, trust: EsignatureTrust) -> SignatureVerifier:
        """The verifier under test, trusting ``trust``."""
        raise NotImplementedError

    # --- fixtures -----------------------------------------------------------------

    @pytest.fixture(scope="class")
    @classmethod
    def ca(cls, tmp_path_factory: pytest.TempPathFactory) -> OpenSslCa:
        """The trusted CA, with a fresh CRL."""
        return OpenSslCa(tmp_path_factory.mktemp("ca"), cls.algorithm)

    @pytest.fixture(scope="class")
    @classmethod
    def user(cls, ca: OpenSslCa) -> SignerCertificate:
        """Иванов Иван Иванович's qualified certificate from the trusted CA."""
        return ca.issue()

    @pytest.fixture(scope="class")
    @classmethod
    def challenge(cls) -> bytes:
        """The bytes the cabinet asks to sign."""
        now = datetime.now(UTC)
        return issue_challenge(
            challenge_id="c1", account_id="a1", nonce=b"\x07" * 32, now=now
        ).payload()

    def verifier_for(self, ca: OpenSslCa, *, crl: bool = True) -> SignatureVerifier:
        """The verifier trusting ``ca`` (and reading its CRL file, unless ``crl=False``)."""
        crls = [ca.crl_path] if crl else []
        return self.make_verifier(EsignatureTrust.from_files([ca.cert_path], crls=crls))

    def refusal(
        self,
        verifier: SignatureVerifier,
        challenge: bytes,
        signature: bytes,
        *,
        certificate: bytes = b"",
        snils: Snils = SNILS,
        at: datetime | None = None,
    ) -> str:
        """The code ``verifier`` refuses with; fails the test if it accepts."""
        with pytest.raises(AuthenticationFailed) as caught:
            verifier.verify(
                challenge, signature, certificate, snils, at or datetime.now(UTC),
                expected_name=NAME, expected_inn=INN,
            )  # fmt: skip
        assert caught.value.code.startswith("esignature.")
        assert caught.value.hint_ru
        assert caught.value.hint_en
        return caught.value.code

    # --- accepted -----------------------------------------------------------------

    def test_a_detached_signature_over_the_challenge_is_accepted(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        verified = self.verifier_for(ca).verify(
            challenge, user.sign(challenge), b"", SNILS, datetime.now(UTC),
            expected_name=NAME, expected_inn=INN,
        )  # fmt: skip
        assert verified.snils == SNILS
        assert verified.inn == INN.digits
        assert "1.2.643.100.3=11223344595" in verified.subject
        assert len(verified.certificate_sha256) == 64
        assert verified.algorithm
        assert verified.signed_at is not None

    def test_pem_signature_with_the_certificate_beside_is_accepted(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        der = user.sign(challenge, include_certificate=False)
        body = base64.encodebytes(der)
        pem = b"-----BEGIN CMS-----\n" + body + b"-----END CMS-----\n"
        verified = self.verifier_for(ca).verify(
            challenge, pem, user.pem, SNILS, datetime.now(UTC), expected_name=NAME
        )
        assert verified.snils == SNILS

    def test_a_chain_through_an_issuing_ca_carried_in_the_signature_is_accepted(
        self, ca: OpenSslCa, challenge: bytes, tmp_path: Path
    ) -> None:
        issuing = OpenSslCa(tmp_path / "issuing", self.algorithm, name="Выпускающий УЦ", parent=ca)
        user = issuing.issue()
        trust = EsignatureTrust.from_files([ca.cert_path], crls=[issuing.crl_path])
        verifier = self.make_verifier(trust)
        verified = verifier.verify(challenge, user.sign(challenge), b"", SNILS, datetime.now(UTC))
        assert verified.snils == SNILS
        # Without the issuing CA's certificate there is no path to the root.
        alone = user.sign(challenge, include_certificate=False)
        code = self.refusal(verifier, challenge, alone, certificate=user.pem)
        assert code == "esignature.untrusted"

    # --- refused, each with its code ------------------------------------------------

    def test_a_changed_challenge_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        signature = user.sign(challenge)
        code = self.refusal(self.verifier_for(ca), challenge + b"!", signature)
        assert code == "esignature.bad_signature"

    def test_a_certificate_from_a_foreign_ca_is_refused(
        self, ca: OpenSslCa, challenge: bytes, tmp_path: Path
    ) -> None:
        foreign = OpenSslCa(tmp_path / "foreign", self.algorithm, name="Чужой УЦ")
        stranger = foreign.issue()
        code = self.refusal(self.verifier_for(ca), challenge, stranger.sign(challenge))
        assert code == "esignature.untrusted"

    def test_an_expired_certificate_is_refused(self, ca: OpenSslCa, challenge: bytes) -> None:
        now = datetime.now(UTC)
        old = ca.issue(not_before=now - timedelta(days=400), not_after=now - timedelta(days=35))
        code = self.refusal(self.verifier_for(ca), challenge, old.sign(challenge))
        assert code == "esignature.certificate_expired"

    def test_a_signing_time_before_the_certificate_was_valid_is_refused(
        self, ca: OpenSslCa, challenge: bytes
    ) -> None:
        now = datetime.now(UTC)
        later = ca.issue(not_before=now + timedelta(hours=1))
        signature = later.sign(challenge)  # signed now, an hour before its validity
        code = self.refusal(
            self.verifier_for(ca), challenge, signature, at=now + timedelta(hours=2)
        )
        assert code == "esignature.signing_time"

    def test_a_serial_revoked_in_the_crl_is_refused(self, ca: OpenSslCa, challenge: bytes) -> None:
        user = ca.issue()  # its own serial: revoking it leaves the other tests' certificates
        verifier = self.verifier_for(ca)
        signature = user.sign(challenge)
        assert verifier.verify(challenge, signature, b"", SNILS, datetime.now(UTC)).snils == SNILS
        ca.revoke(user)  # the deployment refreshes the CRL file; no restart
        assert self.refusal(verifier, challenge, signature) == "esignature.revoked"

    def test_a_stale_crl_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        now = datetime.now(UTC)
        try:
            ca.publish_crl(last_update=now - timedelta(days=8), next_update=now - timedelta(days=1))
            code = self.refusal(self.verifier_for(ca), challenge, user.sign(challenge))
        finally:
            ca.publish_crl()
        assert code == "esignature.crl_stale"

    def test_no_crl_for_the_ca_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        verifier = self.verifier_for(ca, crl=False)
        assert self.refusal(verifier, challenge, user.sign(challenge)) == "esignature.crl_missing"

    def test_a_crl_not_signed_by_the_ca_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes, tmp_path: Path
    ) -> None:
        impostor = OpenSslCa(tmp_path / "impostor", self.algorithm, name=ca.name)  # same name
        trust = EsignatureTrust.from_files([ca.cert_path], crls=[impostor.crl_path])
        code = self.refusal(self.make_verifier(trust), challenge, user.sign(challenge))
        assert code == "esignature.crl_invalid"

    def test_another_persons_snils_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        signature = user.sign(challenge)
        code = self.refusal(self.verifier_for(ca), challenge, signature, snils=Snils(OTHER_SNILS))
        assert code == "esignature.snils_mismatch"

    def test_another_name_is_refused_naming_the_field(
        self, ca: OpenSslCa, challenge: bytes
    ) -> None:
        namesake = ca.issue(last_name="Петров", given_names="Пётр Петрович")
        code = self.refusal(self.verifier_for(ca), challenge, namesake.sign(challenge))
        assert code == "esignature.name_mismatch"

    def test_another_inn_is_refused_naming_the_field(self, ca: OpenSslCa, challenge: bytes) -> None:
        other = ca.issue(inn="7707083893")
        code = self.refusal(self.verifier_for(ca), challenge, other.sign(challenge))
        assert code == "esignature.inn_mismatch"

    def test_a_certificate_not_for_signing_is_refused(
        self, ca: OpenSslCa, challenge: bytes
    ) -> None:
        cert = ca.issue(for_signing=False)
        code = self.refusal(self.verifier_for(ca), challenge, cert.sign(challenge))
        assert code == "esignature.key_usage"

    def test_a_damaged_signature_file_is_refused(
        self, ca: OpenSslCa, user: SignerCertificate, challenge: bytes
    ) -> None:
        signature = user.sign(challenge)
        truncated = signature[: len(signature) // 2]
        code = self.refusal(self.verifier_for(ca), challenge, truncated)
        assert code == "esignature.signature_malformed"

    def test_a_raw_signature_is_left_to_another_verifier(
        self, ca: OpenSslCa, challenge: bytes
    ) -> None:
        code = self.refusal(self.verifier_for(ca), challenge, b"\x01" * 64)
        assert code == "esignature.unsupported_algorithm"
