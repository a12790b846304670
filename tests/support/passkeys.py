"""A software authenticator for tests: real WebAuthn responses from a real P-256 key.

It answers the options the cabinet writes exactly as a browser with a platform
authenticator would (``none`` attestation, ES256), so tests run the cabinet's real
verification (py_webauthn) without a browser. ``counter`` may be set back to play a
cloned authenticator.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = ["SoftAuthenticator", "b64url"]

_UP, _UV, _AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    """Unpadded base64url, as WebAuthn JSON writes bytes."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """One passkey held in memory, answering ``create`` and ``get`` for ``origin``.

    Args:
        origin: the page's origin the browser would report (``http://localhost:8000``).
        counter: the signature counter before the first use (0: counts from 1).
    """

    def __init__(self, origin: str, *, counter: int = 0) -> None:
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = counter
        self.rp_id = ""

    @property
    def credential_id_text(self) -> str:
        """The credential id as the cabinet stores it (base64url)."""
        return b64url(self.credential_id)

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        return json.dumps(data, separators=(",", ":")).encode("utf-8")

    def create(
        self, options_json: str, *, origin: str | None = None, rp_id: str | None = None
    ) -> str:
        """The ``navigator.credentials.create`` response to ``options_json`` (JSON)."""
        options: dict[str, Any] = json.loads(options_json)
        self.rp_id = rp_id or options["rp"]["id"]
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        attested = (
            bytes(16)  # AAGUID: none
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        auth_data = self._auth_data(_UP | _UV | _AT, self.counter) + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return json.dumps(
            {
                "id": self.credential_id_text,
                "rawId": self.credential_id_text,
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {},
                "authenticatorAttachment": "platform",
            }
        )

    def _auth_data(self, flags: int, counter: int) -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode("utf-8")).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", counter)

    def get(self, options_json: str, *, origin: str | None = None, advance: bool = True) -> str:
        """The ``navigator.credentials.get`` response to ``options_json`` (JSON).

        The counter goes up by one first unless ``advance`` is false.
        """
        options: dict[str, Any] = json.loads(options_json)
        self.rp_id = options.get("rpId", self.rp_id)
        if advance:
            self.counter += 1
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._auth_data(_UP | _UV, self.counter)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps(
            {
                "id": self.credential_id_text,
                "rawId": self.credential_id_text,
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                    "userHandle": None,
                },
                "clientExtensionResults": {},
            }
        )

    @staticmethod
    def challenge_of(options_json: str) -> bytes:
        """The raw challenge in a set of options."""
        return _unb64url(json.loads(options_json)["challenge"])
