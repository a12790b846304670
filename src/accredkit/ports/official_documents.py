"""Official documents port: a sheet in, a signed PDF a person can open out."""

from __future__ import annotations

from typing import Protocol

from accredkit.domain.certificates.sheets import ActSheet, CertificateSheet

__all__ = ["OfficialDocuments"]


class OfficialDocuments(Protocol):
    """Lays out a sheet and signs the result as PAdES with the issuer's key."""

    def certificate_pdf(self, sheet: CertificateSheet) -> bytes:
        """The certificate as a signed PDF (with its public-check QR code)."""
        ...

    def act_pdf(self, sheet: ActSheet) -> bytes:
        """An act of decision as a signed PDF."""
        ...
