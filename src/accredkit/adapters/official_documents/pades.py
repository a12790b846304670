"""PAdES signatures with pyHanko, made by the ``Signer`` port (the issuer's key never leaves it).

pyHanko builds the CMS signed attributes and embeds the result; the raw signature over
them comes from ``Signer.sign``, so an HSM- or file-backed issuer signs PDFs the same
way it signs JSON records. Without a time-stamping authority the signature is PAdES
B-B; with ``timestamp_url`` it is B-T (docs/certificates.md).
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asn1crypto import algos
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from accredkit.errors import ConfigurationError
from accredkit.ports.signer import Signer

DER = Encoding.DER

__all__ = ["SIGNATURE_FIELD", "PortSigner", "sign_pdf"]

SIGNATURE_FIELD = "AccredkitIssuerSignature"

_MECHANISMS = {
    # our algorithm: (CMS signature mechanism, message digest pyHanko pairs with it)
    "ed25519": ("ed25519", "sha512"),
    "ecdsa-p256-sha256": ("sha256_ecdsa", "sha256"),
}


def _certificate_of(signer: Signer) -> asn1_x509.Certificate:
    pem = signer.certificate_pem()
    if pem is None:
        raise ConfigurationError(
            "signing PDF documents needs the issuer's X.509 certificate (cert.pem)",
            message_ru="Для подписи документов PDF нужен сертификат выдающей организации.",
            code="config.signer_certificate",
            hint_en="Use an x509: signer directory with key.pem and cert.pem "
            "(accredkit.adapters.crypto.x509_issuer.make_development_issuer makes one).",
            hint_ru="Укажите подписанта x509: с файлами key.pem и cert.pem.",
        )
    return asn1_x509.Certificate.load(x509.load_pem_x509_certificate(pem).public_bytes(DER))


class PortSigner(signers.Signer):
    """A pyHanko signer whose raw signatures come from accredkit's ``Signer`` port."""

    def __init__(self, signer: Signer) -> None:
        if signer.algorithm not in _MECHANISMS:
            raise ConfigurationError(
                f"PDF signing does not support the {signer.algorithm} algorithm",
                code="config.signer_algorithm",
                value=signer.algorithm,
            )
        mechanism, self.digest = _MECHANISMS[signer.algorithm]
        certificate = _certificate_of(signer)
        super().__init__(
            signing_cert=certificate,
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": mechanism}),
            cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
        )
        self.port = signer

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> Any:
        """The port's signature over the DER signed attributes."""
        return self.port.sign(data)


def sign_pdf(
    data: bytes,
    signer: Signer,
    *,
    reason: str,
    timestamp_url: str | None = None,
    timestamper: TimeStamper | None = None,
) -> bytes:
    """``data`` with one PAdES signature by the issuer appended as an incremental update.

    Args:
        data: an unsigned PDF.
        signer: the issuer's key and certificate.
        reason: what the signature means, shown by PDF readers.
        timestamp_url: an RFC 3161 time-stamping authority: the signature becomes B-T.
        timestamper: a time-stamper object instead of a URL (tests, custom transports).

    Raises:
        ConfigurationError: the signer has no certificate or an unsupported algorithm.
    """
    port_signer = PortSigner(signer)
    if timestamper is None and timestamp_url:
        timestamper = HTTPTimeStamper(timestamp_url)
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm=port_signer.digest,
        reason=reason,
        location="RU",
    )

    def signed() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        output = signers.sign_pdf(writer, metadata, signer=port_signer, timestamper=timestamper)
        return bytes(output.getvalue())

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return signed()
    # pyHanko's synchronous API runs its own event loop: from inside a host's running
    # loop (an async web handler) it has to run on a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(signed).result()
