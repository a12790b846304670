"""Reading a detached CMS ``SignedData`` (RFC 5652) into the parts a verifier checks.

A signing tool (CryptoPro, ``openssl cms -sign``) hands over a ``.sig`` file: DER or
PEM, the content left out, one signer, usually the signer's certificate inside. This
module only parses (through ``asn1crypto``); it judges nothing, so the built-in
verifier and the GOST plugin read signatures the same way (``docs/esignature.md``).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime

import attrs
from asn1crypto import cms, core
from asn1crypto import tsp as _tsp  # noqa: F401  (registers CMS attribute types, see below)

from accredkit.adapters.esignature.refusals import refuse

__all__ = ["SignedMessage", "read_signed_data"]

# asn1crypto builds an OID type's name lookup once, at its first use; ``asn1crypto.tsp``
# adds ``signing_certificate_v2`` to the CMS attribute types when imported. Reading a
# signature before that import left the name unknown to the PAdES signer of the same
# process (docs/esignature.md), so the registration happens before any read.

_ID_DATA = "1.2.840.113549.1.7.1"
_PEM = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----(.*?)-----END [A-Z0-9 ]+-----", re.DOTALL)


@attrs.frozen
class SignedMessage:
    """One signer's part of a detached ``SignedData``.

    ``signed_attributes`` is the DER of the signed attributes as a SET — the bytes the
    signature covers (RFC 5652 §5.4) — or ``None`` when the signature covers the content
    itself. ``issuer_der`` and ``serial`` (or ``key_identifier``) name the signer's
    certificate; ``certificates`` are the DER certificates the file carries.
    """

    der: bytes
    digest_algorithm: str
    signature_algorithm: str
    signature: bytes
    signed_attributes: bytes | None
    message_digest: bytes | None
    signing_time: datetime | None
    issuer_der: bytes | None
    serial: int | None
    key_identifier: bytes | None
    certificates: tuple[bytes, ...]


def _der(blob: bytes) -> bytes:
    text = blob.strip()
    if not text.startswith(b"-----BEGIN"):
        return blob
    found = _PEM.search(text)
    if found is None:
        raise refuse("esignature.signature_malformed")
    try:
        return base64.b64decode(b"".join(found.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        raise refuse("esignature.signature_malformed") from None


def read_signed_data(blob: bytes) -> SignedMessage:
    """The single signer of the detached CMS signature ``blob`` (DER or PEM).

    Raises:
        AuthenticationFailed: ``esignature.signature_malformed`` — not a ``SignedData``,
            content attached instead of detached, or not exactly one signer.
    """
    der = _der(blob)
    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise refuse("esignature.signature_malformed")
        signed = info["content"]
        signers = signed["signer_infos"]
        encapsulated = signed["encap_content_info"]
        if (
            len(signers) != 1
            or not isinstance(encapsulated["content"], core.Void)
            or encapsulated["content_type"].dotted != _ID_DATA
        ):
            raise refuse("esignature.signature_malformed")
        return _signer(der, signed, signers[0])
    except (ValueError, TypeError, KeyError):
        raise refuse("esignature.signature_malformed") from None


def _signer(der: bytes, signed: cms.SignedData, signer: cms.SignerInfo) -> SignedMessage:
    attributes = signer["signed_attrs"]
    message_digest: bytes | None = None
    signing_time: datetime | None = None
    signed_attributes: bytes | None = None
    # Only what is used is decoded: asn1crypto's ``.native`` of a whole structure is
    # what a verification would otherwise spend most of its time on.
    if not isinstance(attributes, core.Void) and len(attributes):
        # The signature covers the attributes as received, re-tagged [0] → SET OF
        # (RFC 5652 §5.4); re-encoding them could change the bytes.
        signed_attributes = b"\x31" + attributes.dump()[1:]
        for attribute in attributes:
            kind = attribute["type"].native
            values = attribute["values"]
            if kind == "content_type" and (len(values) != 1 or values[0].dotted != _ID_DATA):
                # RFC 5652 §11.1: the signed content type must be the encapsulated one.
                raise refuse("esignature.signature_malformed")
            if kind == "message_digest" and len(values) == 1:
                message_digest = values[0].native
            elif kind == "signing_time" and len(values) == 1:
                signing_time = values[0].native
    sid = signer["sid"]
    issuer_der = serial = key_identifier = None
    if sid.name == "issuer_and_serial_number":
        issuer_der = sid.chosen["issuer"].dump()
        serial = int(sid.chosen["serial_number"].native)
    else:
        key_identifier = bytes(sid.chosen.native)
    carried = signed["certificates"]
    certificates = tuple(
        choice.chosen.dump()
        for choice in ([] if isinstance(carried, core.Void) else carried)
        if choice.name == "certificate"
    )
    return SignedMessage(
        der=der,
        digest_algorithm=signer["digest_algorithm"]["algorithm"].dotted,
        signature_algorithm=signer["signature_algorithm"]["algorithm"].dotted,
        signature=signer["signature"].contents,
        signed_attributes=signed_attributes,
        message_digest=message_digest,
        signing_time=signing_time,
        issuer_der=issuer_der,
        serial=serial,
        key_identifier=key_identifier,
        certificates=certificates,
    )
