"""Port: checking a signed challenge against the signer's certificate."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from accredkit.domain.esignature import VerifiedSignature
from accredkit.domain.identifiers import Snils

__all__ = ["SignatureVerifier"]


class SignatureVerifier(Protocol):
    """Verifies e-signatures; implementations exist per algorithm family (GOST via plugins)."""

    def verify(
        self,
        challenge: bytes,
        signature: bytes,
        certificate_pem: bytes,
        expected_snils: Snils,
        at: datetime,
    ) -> VerifiedSignature:
        """Check that ``signature`` over ``challenge`` was made by ``expected_snils``.

        Args:
            challenge: the exact bytes that were signed.
            signature: the signature.
            certificate_pem: the signer's certificate (PEM).
            expected_snils: the account's СНИЛС; the certificate must carry it.
            at: the UTC time at which the certificate must be valid.

        Returns:
            What the certificate says about the signer.

        Raises:
            AuthenticationFailed: with a specific ``esignature.*`` code.
        """
        ...
