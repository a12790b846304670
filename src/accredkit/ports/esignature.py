"""Port: checking a signed challenge against the signer's certificate."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName

__all__ = ["SignatureVerifier"]


class SignatureVerifier(Protocol):
    """Verifies e-signatures; implementations exist per algorithm family (GOST via plugins).

    A verifier handed a signature it cannot judge (another format, another algorithm)
    raises ``esignature.unsupported_algorithm``; the cabinet then asks the next one
    (``docs/esignature.md``).
    """

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
        """Check that ``signature`` over ``challenge`` was made by ``expected_snils``.

        Args:
            challenge: the exact bytes that were signed.
            signature: the signature: a detached CMS ``SignedData`` (DER or PEM), or a
                raw signature for verifiers that take one.
            certificate_pem: the signer's certificate (PEM or DER); may be empty when
                the CMS signature carries it.
            expected_snils: the account's СНИЛС; the certificate must carry it.
            at: the UTC time at which the certificate must be valid.
            expected_name: the account's name; when given, the certificate's must match.
            expected_inn: the account's ИНН; when both carry one, they must match.

        Returns:
            What the certificate says about the signer.

        Raises:
            AuthenticationFailed: with a specific ``esignature.*`` code.
        """
        ...
