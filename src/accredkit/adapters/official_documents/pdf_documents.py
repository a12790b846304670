"""Official documents as signed PDFs: the templates lay out, pyHanko signs (PAdES).

pyHanko (and fpdf2) are imported on the first document, not with the cabinet: they
double the start-up time of every command that never makes a PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyhanko.sign.timestamps import TimeStamper
from accredkit.domain.certificates.sheets import ActSheet, CertificateSheet
from accredkit.ports.signer import Signer

__all__ = ["PadesDocuments"]


class PadesDocuments:
    """The ``OfficialDocuments`` port: A4 pages in Russian, signed by the issuer's key."""

    def __init__(
        self,
        signer: Signer,
        *,
        timestamp_url: str | None = None,
        timestamper: TimeStamper | None = None,
    ) -> None:
        """Sign with ``signer``; a time-stamping authority (URL or object) makes B-T."""
        self.signer = signer
        self.timestamp_url = timestamp_url
        self.timestamper = timestamper

    def _signed(self, render: Callable[[], bytes], reason: str) -> bytes:
        from accredkit.adapters.official_documents.pades import sign_pdf

        return sign_pdf(
            render(),
            self.signer,
            reason=reason,
            timestamp_url=self.timestamp_url,
            timestamper=self.timestamper,
        )

    def certificate_pdf(self, sheet: CertificateSheet) -> bytes:
        """The certificate, signed (B-B, or B-T with a time-stamping authority)."""
        from accredkit.adapters.official_documents.pdf_templates import certificate

        return self._signed(
            lambda: certificate.render(sheet), f"Свидетельство об аккредитации № {sheet.number}"
        )

    def act_pdf(self, sheet: ActSheet) -> bytes:
        """The act of decision, signed like the certificate."""
        from accredkit.adapters.official_documents.pdf_templates import act

        return self._signed(
            lambda: act.render(sheet), f"Акт о решении по заявлению № {sheet.application_number}"
        )
