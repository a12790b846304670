"""One verifier in front of many: each signature goes to the first that can judge it.

Every registered verifier (``accredkit_register_esignature_verifiers``) sees the
signature in turn; one that cannot judge it — another format, another algorithm —
refuses with ``esignature.unsupported_algorithm`` and the next is asked. Any other
refusal is final (``docs/esignature.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from accredkit.adapters.esignature.refusals import refuse
from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.errors import AuthenticationFailed
from accredkit.ports.esignature import SignatureVerifier

__all__ = ["FirstCapableVerifier"]

UNSUPPORTED = "esignature.unsupported_algorithm"


class FirstCapableVerifier:
    """``SignatureVerifier`` that hands the signature to the first verifier able to judge it."""

    def __init__(self, verifiers: Sequence[SignatureVerifier]) -> None:
        self.verifiers = tuple(verifiers)

    def verify(
        self,
        challenge: bytes,
        signature: bytes,
        certificate_pem: bytes,
        expected_snils: Snils,
        at: datetime,
        *,
        expected_name: FullName | None = None,
        expected_inn: Inn | None = None,
    ) -> VerifiedSignature:
        """See ``accredkit.ports.esignature.SignatureVerifier.verify``."""
        for verifier in self.verifiers:
            try:
                return verifier.verify(
                    challenge, signature, certificate_pem, expected_snils, at,
                    expected_name=expected_name, expected_inn=expected_inn,
                )  # fmt: skip
            except AuthenticationFailed as error:
                if error.code != UNSUPPORTED:
                    raise
        raise refuse(UNSUPPORTED)
