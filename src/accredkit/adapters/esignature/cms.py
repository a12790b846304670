"""Verifying a detached CMS signature over the login challenge, as a signing tool makes it.

One pipeline for every algorithm family, each failure with its own code
(``docs/esignature.md``): the ``SignedData`` parses; the signer's certificate is inside
or beside it; the certificate is valid now, an end-entity one, for signing; the message
digest and the signature over the signed attributes hold; the signing time lies inside
the certificate's validity; the certificate chains to a trusted CA; a fresh CRL from
that CA, signed by it, does not list it; and its СНИЛС, name and ИНН are the account's.

The cryptography itself sits behind ``CmsAlgorithms``: ``RsaEcdsaAlgorithms`` here
(through ``cryptography``), GOST R 34.10-2012 in the ``accredkit-gost`` plugin.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import PublicKeyAlgorithmOID
from cryptography.x509.verification import Store

from accredkit.adapters.esignature.qualified_certificate import read_holder
from accredkit.adapters.esignature.refusals import refuse, signature_looks_like_cms
from accredkit.adapters.esignature.trust import EsignatureTrust, load_certificates
from accredkit.adapters.esignature.x509 import check_chain, check_end_entity, check_validity
from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.domain.utc import require_utc

if TYPE_CHECKING:  # asn1crypto loads with the first signature, not with the cabinet
    from accredkit.adapters.esignature.cms_signed_data import SignedMessage

__all__ = ["CmsAlgorithms", "CmsSignatureVerifier", "RsaEcdsaAlgorithms"]

_SIGNED_CRLS_KEPT = 256
# What ``cryptography`` raises on a damaged certificate field, first touched mid-check.
_DAMAGED = (
    ValueError,
    x509.InvalidVersion,
    x509.DuplicateExtension,
    x509.UnsupportedGeneralNameType,
)
SIGNING_CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the verifier's clock a signing time may be (the user's clock drifts)."""


class CmsAlgorithms(Protocol):
    """The cryptography of one algorithm family, for ``CmsSignatureVerifier``."""

    def supports(self, cert: x509.Certificate) -> bool:
        """Whether the signer's key belongs to this family."""
        ...

    def verify_signer(self, message: SignedMessage, cert: x509.Certificate, content: bytes) -> str:
        """Check the message digest of ``content`` and the signature; return its name.

        Raises:
            AuthenticationFailed: ``esignature.bad_signature`` or
                ``esignature.unsupported_algorithm``.
        """
        ...

    def verify_chain(self, cert: x509.Certificate, trust: EsignatureTrust, at: datetime) -> None:
        """Refuse with ``esignature.untrusted`` unless ``cert`` chains to a trusted root."""
        ...

    def crl_signed_by(self, crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
        """Whether ``issuer``'s key made the signature on ``crl``."""
        ...


_DIGESTS: dict[str, type[hashes.HashAlgorithm]] = {
    "2.16.840.1.101.3.4.2.1": hashes.SHA256,
    "2.16.840.1.101.3.4.2.2": hashes.SHA384,
    "2.16.840.1.101.3.4.2.3": hashes.SHA512,
}
# Signature algorithm OIDs a signer info may name: the bare key algorithm, or the
# combined one with the same digest as the signer info's digest algorithm.
_RSA_SIGNATURES = {
    "1.2.840.113549.1.1.1": None,
    "1.2.840.113549.1.1.11": hashes.SHA256,
    "1.2.840.113549.1.1.12": hashes.SHA384,
    "1.2.840.113549.1.1.13": hashes.SHA512,
}
_ECDSA_SIGNATURES = {
    "1.2.840.10045.2.1": None,
    "1.2.840.10045.4.3.2": hashes.SHA256,
    "1.2.840.10045.4.3.3": hashes.SHA384,
    "1.2.840.10045.4.3.4": hashes.SHA512,
}


class RsaEcdsaAlgorithms:
    """RSA (PKCS #1 v1.5) and ECDSA with SHA-2, through ``cryptography``."""

    def supports(self, cert: x509.Certificate) -> bool:
        """RSA and elliptic-curve keys."""
        return cert.public_key_algorithm_oid in (
            PublicKeyAlgorithmOID.RSAES_PKCS1_v1_5,
            PublicKeyAlgorithmOID.EC_PUBLIC_KEY,
        )

    def verify_signer(self, message: SignedMessage, cert: x509.Certificate, content: bytes) -> str:
        """See ``CmsAlgorithms.verify_signer``."""
        digest_type = _DIGESTS.get(message.digest_algorithm)
        key = cert.public_key()
        table = _RSA_SIGNATURES if isinstance(key, rsa.RSAPublicKey) else _ECDSA_SIGNATURES
        if digest_type is None or message.signature_algorithm not in table:
            raise refuse("esignature.unsupported_algorithm")
        named = table[message.signature_algorithm]
        if named is not None and named is not digest_type:
            raise refuse("esignature.unsupported_algorithm")
        data = content
        if message.signed_attributes is not None:
            digest = hashes.Hash(digest_type())
            digest.update(content)
            if message.message_digest != digest.finalize():
                raise refuse("esignature.bad_signature")
            data = message.signed_attributes
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(message.signature, data, padding.PKCS1v15(), digest_type())
                return f"rsa-{digest_type.name}"
            if isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(message.signature, data, ec.ECDSA(digest_type()))
                return f"ecdsa-{key.curve.name}-{digest_type.name}"
        except InvalidSignature:
            raise refuse("esignature.bad_signature") from None
        raise refuse("esignature.unsupported_algorithm")

    def verify_chain(self, cert: x509.Certificate, trust: EsignatureTrust, at: datetime) -> None:
        """RFC 5280 path validation by ``cryptography`` to the trusted roots."""
        roots = [root for root in trust.roots if self.supports(root)]
        if not roots:
            raise refuse("esignature.untrusted")
        check_chain(Store(roots), trust.intermediates, cert, at)

    def crl_signed_by(self, crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
        """``cryptography``'s CRL signature check with the issuer's key."""
        try:
            key = issuer.public_key()
            if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
                return False
            return crl.is_signature_valid(key)
        except (UnsupportedAlgorithm, ValueError):
            return False


class CmsSignatureVerifier:
    """``SignatureVerifier`` for detached CMS signatures in one algorithm family.

    Args:
        trust: the trusted CAs and the CRL files.
        algorithms: the family's cryptography (default: RSA and ECDSA).
    """

    def __init__(self, trust: EsignatureTrust, algorithms: CmsAlgorithms | None = None) -> None:
        self.trust = trust
        self.algorithms: CmsAlgorithms = algorithms or RsaEcdsaAlgorithms()
        # (CRL, issuer) fingerprints whose signature checked out: a CRL file changes
        # daily at most, while every login would check its signature again.
        self._signed_crls: set[tuple[bytes, bytes]] = set()

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
        require_utc(at)
        if not signature_looks_like_cms(signature):
            raise refuse("esignature.unsupported_algorithm")
        from accredkit.adapters.esignature.cms_signed_data import read_signed_data

        message = read_signed_data(signature)
        try:
            return self._verify(message, challenge, certificate_pem, expected_snils, at,
                                expected_name, expected_inn)  # fmt: skip
        except _DAMAGED:  # certificates parse lazily: damage shows late
            raise refuse("esignature.certificate_malformed") from None
        except UnsupportedAlgorithm:  # a key on a curve or of a kind cryptography lacks
            raise refuse("esignature.unsupported_algorithm") from None

    def _verify(
        self,
        message: SignedMessage,
        challenge: bytes,
        certificate_pem: bytes,
        expected_snils: Snils,
        at: datetime,
        expected_name: FullName | None,
        expected_inn: Inn | None,
    ) -> VerifiedSignature:
        cert = self._signer_certificate(message, certificate_pem)
        if not self.algorithms.supports(cert):
            raise refuse("esignature.unsupported_algorithm")
        check_validity(cert, at)
        check_end_entity(cert)
        algorithm = self.algorithms.verify_signer(message, cert, challenge)
        signed_at = message.signing_time
        if signed_at is not None and not (
            cert.not_valid_before_utc <= signed_at <= cert.not_valid_after_utc
            and signed_at <= at + SIGNING_CLOCK_SKEW
        ):
            raise refuse("esignature.signing_time")
        # Certificates the signature carries help build the path (roots come from the
        # configuration only) and may verify the CRL: the CRL files are the deployment's,
        # and a CRL no candidate verifies refuses, so a forged carried issuer gains nothing.
        carried = tuple(c for c in self._carried(message) if c != cert)
        path_trust = attrs.evolve(self.trust, intermediates=(*self.trust.intermediates, *carried))
        self.algorithms.verify_chain(cert, path_trust, at)
        self._check_revocation(cert, path_trust, at)
        holder = read_holder(cert)
        holder.check(expected_snils, expected_name, expected_inn)
        return VerifiedSignature(
            snils=holder.snils,
            subject=cert.subject.rfc4514_string(),
            certificate_sha256=hashlib.sha256(
                cert.public_bytes(serialization.Encoding.DER)
            ).hexdigest(),
            not_after=cert.not_valid_after_utc,
            algorithm=algorithm,
            inn=holder.inn,
            ogrn=holder.ogrn,
            signed_at=signed_at,
        )

    @staticmethod
    def _carried(message: SignedMessage) -> list[x509.Certificate]:
        return [x509.load_der_x509_certificate(der) for der in message.certificates]

    @staticmethod
    def _signer_certificate(message: SignedMessage, beside: bytes) -> x509.Certificate:
        candidates = [x509.load_der_x509_certificate(der) for der in message.certificates]
        if beside.strip():
            try:
                candidates.extend(load_certificates(beside))
            except ValueError:
                raise refuse("esignature.certificate_malformed") from None
        for cert in candidates:
            if message.serial is not None:
                if (
                    cert.serial_number == message.serial
                    and cert.issuer.public_bytes() == message.issuer_der
                ):
                    return cert
            elif message.key_identifier is not None:
                try:
                    ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
                except x509.ExtensionNotFound:
                    continue
                if ski.value.digest == message.key_identifier:
                    return cert
        raise refuse("esignature.signer_certificate_missing")

    def _crl_signed(self, crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
        key = (crl.fingerprint(hashes.SHA256()), issuer.fingerprint(hashes.SHA256()))
        if key in self._signed_crls:
            return True
        if not self.algorithms.crl_signed_by(crl, issuer):
            return False
        if len(self._signed_crls) >= _SIGNED_CRLS_KEPT:
            self._signed_crls.clear()
        self._signed_crls.add(key)
        return True

    def _check_revocation(
        self, cert: x509.Certificate, trust: EsignatureTrust, at: datetime
    ) -> None:
        issuers = trust.issuers_of(cert)
        from_issuer = [crl for crl in self.trust.crls.current() if crl.issuer == cert.issuer]
        if not from_issuer:
            raise refuse("esignature.crl_missing")
        signed = [
            crl for crl in from_issuer if any(self._crl_signed(crl, issuer) for issuer in issuers)
        ]
        if not signed:
            raise refuse("esignature.crl_invalid")
        newest = max(signed, key=lambda crl: crl.last_update_utc)
        if newest.next_update_utc is None or at > newest.next_update_utc:
            raise refuse("esignature.crl_stale")
        if newest.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
            raise refuse("esignature.revoked")
