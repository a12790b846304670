"""accredkit's e-signature contract suite on GOST R 34.10-2012 keys, 256 and 512 bit."""

from __future__ import annotations

from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.ports.esignature import SignatureVerifier
from accredkit.testing.contracts import ESignatureVerifierContract

from accredkit_gost.plugin import gost_verifier


class TestGost256(ESignatureVerifierContract):
    algorithm = "gost2012_256"

    def make_verifier(self, trust: EsignatureTrust) -> SignatureVerifier:
        return gost_verifier(trust)


class TestGost512(ESignatureVerifierContract):
    algorithm = "gost2012_512"

    def make_verifier(self, trust: EsignatureTrust) -> SignatureVerifier:
        return gost_verifier(trust)
