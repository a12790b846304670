"""E-signature verification with X.509 certificates through ``cryptography``.

Checks, each failure with its own code: the certificate parses; it is valid at the
given time; it is an end-entity certificate whose key usage includes
``digitalSignature``; it chains to a configured trusted CA (``cryptography``'s path
validator, RFC 5280 with Web PKI algorithm rules: CAs sign with RSA or ECDSA); its
subject carries the expected СНИЛС under OID 1.2.643.100.3; and the signature over
the challenge verifies with its key (ECDSA P-256 with SHA-256, or Ed25519).

The СНИЛС is read from OID 1.2.643.100.3 only, as the qualified-certificate profile
(Приказ ФСБ России № 795, п. 18) prescribes. It is not taken from ``serialNumber``
(2.5.4.5): that attribute carries other identifiers in other profiles, and accepting
it would let a certificate from a trusted CA that never vouched for a СНИЛС pass as
one that did. Detached CMS signatures go to ``cms_esignature``; GOST R 34.10-2012 comes through
plugins (``docs/esignature.md``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from accredkit.adapters.esignature.qualified_certificate import SNILS_OID, read_holder
from accredkit.adapters.esignature.refusals import refuse as _fail
from accredkit.adapters.esignature.refusals import signature_looks_like_cms
from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.domain.utc import require_utc

__all__ = [
    "SNILS_OID",
    "X509SignatureVerifier",
    "check_chain",
    "check_end_entity",
    "check_validity",
]


def _load(pem: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise _fail("esignature.certificate_malformed") from None


def check_validity(cert: x509.Certificate, at: datetime) -> None:
    """Refuse a certificate not valid at ``at`` (not yet, or no longer)."""
    if at < cert.not_valid_before_utc:
        raise _fail("esignature.certificate_not_yet_valid")
    if at > cert.not_valid_after_utc:
        raise _fail("esignature.certificate_expired")


def check_end_entity(cert: x509.Certificate) -> None:
    """Refuse a CA certificate, or one whose key usage lacks ``digitalSignature``."""
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is not None and constraints.ca:
        raise _fail("esignature.not_end_entity")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise _fail("esignature.key_usage") from None
    if not usage.digital_signature:
        raise _fail("esignature.key_usage")


def check_chain(
    store: Store,
    intermediates: Sequence[x509.Certificate],
    cert: x509.Certificate,
    at: datetime,
) -> None:
    """Refuse ``cert`` unless it chains to ``store`` at ``at`` (RFC 5280 path validation)."""
    verifier = (
        PolicyBuilder()
        .store(store)
        .time(at)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=ExtensionPolicy.permit_all(),
        )
        .build_client_verifier()
    )
    try:
        verifier.verify(cert, list(intermediates))
    except VerificationError:
        raise _fail("esignature.untrusted") from None


class X509SignatureVerifier:
    """``SignatureVerifier`` for X.509 certificates with ECDSA P-256 or Ed25519 keys.

    Args:
        trusted_ca_pems: the root certificates to trust (PEM each).
        intermediate_pems: intermediate CA certificates offered for path building.
    """

    def __init__(
        self, trusted_ca_pems: Iterable[bytes], intermediate_pems: Iterable[bytes] = ()
    ) -> None:
        roots = [x509.load_pem_x509_certificate(pem) for pem in trusted_ca_pems]
        if not roots:
            raise ValueError("at least one trusted CA certificate is needed")
        self._store = Store(roots)
        self._intermediates = [x509.load_pem_x509_certificate(p) for p in intermediate_pems]

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
        """See ``accredkit.ports.esignature.SignatureVerifier.verify``.

        A raw signature is checked against the СНИЛС only (the certificate's ОГРН is
        reported); the name and ИНН are checked by the CMS verifier, which reads the
        qualified-certificate fields.
        """
        require_utc(at)
        if signature_looks_like_cms(signature):
            raise _fail("esignature.unsupported_algorithm")
        cert = _load(certificate_pem)
        check_validity(cert, at)
        check_end_entity(cert)
        check_chain(self._store, self._intermediates, cert, at)
        holder = read_holder(cert)
        snils = holder.snils
        if snils != expected_snils:
            raise _fail("esignature.snils_mismatch")
        algorithm = self._check_signature(cert, challenge, signature)
        return VerifiedSignature(
            snils=snils,
            subject=cert.subject.rfc4514_string(),
            certificate_sha256=hashlib.sha256(
                cert.public_bytes(serialization.Encoding.DER)
            ).hexdigest(),
            not_after=cert.not_valid_after_utc,
            algorithm=algorithm,
            ogrn=holder.ogrn,  # an organisation's certificate (a power of attorney's signer)
        )

    @staticmethod
    def _check_signature(cert: x509.Certificate, challenge: bytes, signature: bytes) -> str:
        key = cert.public_key()
        try:
            if isinstance(key, ed25519.Ed25519PublicKey):
                key.verify(signature, challenge)
                return "ed25519"
            if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
                key.verify(signature, challenge, ec.ECDSA(hashes.SHA256()))
                return "ecdsa-p256-sha256"
        except InvalidSignature:
            raise _fail("esignature.bad_signature") from None
        raise _fail("esignature.unsupported_algorithm")
