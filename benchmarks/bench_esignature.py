"""One CMS e-signature verification (chain, CRL, qualified fields) vs a bare key verify.

The same ECDSA P-256 key, the same run: the baseline is ``cryptography`` checking the
signature over the signed attributes and nothing else; accredkit parses the CMS file,
checks digest and signature, validity, key usage, the chain to the trusted CA, the CRL
(its signature, freshness, the serial) and the СНИЛС and name. Reported, no target:
the ratio says what the checks a qualified signature needs cost over the bare maths.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from accredkit.adapters.esignature.cms import CmsSignatureVerifier
from accredkit.adapters.esignature.cms_signed_data import read_signed_data
from accredkit.adapters.esignature.trust import EsignatureTrust, load_certificates
from accredkit.domain.identifiers import Snils
from accredkit.domain.person import FullName
from accredkit.testing.openssl_pki import OpenSslCa
from benchmarks._runner import Benchmark, Work

CHALLENGE = b"accredkit e-signature login confirmation\nnonce: 00\n"


def _setup(quick: bool) -> tuple[Work, Work, int]:
    ops = 20 if quick else 100
    folder = Path(tempfile.mkdtemp(prefix="accredkit-bench-esig-"))
    ca = OpenSslCa(folder, "ec")
    user = ca.issue()
    signature = user.sign(CHALLENGE)
    verifier = CmsSignatureVerifier(EsignatureTrust.from_files([ca.cert_path], crls=[ca.crl_path]))
    snils, name, now = (
        Snils("11223344595"),
        FullName("Иванов", "Иван", "Иванович"),
        datetime.now(UTC),
    )
    message = read_signed_data(signature)
    assert message.signed_attributes is not None
    signed = message.signed_attributes
    key = load_certificates(user.pem)[0].public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)

    def ours() -> None:
        for _ in range(ops):
            verifier.verify(CHALLENGE, signature, b"", snils, now, expected_name=name)

    def baseline() -> None:
        for _ in range(ops):
            key.verify(message.signature, signed, ec.ECDSA(hashes.SHA256()))

    return ours, baseline, ops


BENCHMARKS = [
    Benchmark(
        name="esignature: CMS verify with chain and CRL",
        baseline_name="cryptography ECDSA verify",
        setup=_setup,
        target=None,
    ),
]
