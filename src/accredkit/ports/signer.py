"""Signing port: accredkit's own key signs tree heads, certificates and acts."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Signer"]


class Signer(Protocol):
    """Holds a private key; never gives it out."""

    algorithm: str
    """The signature algorithm, e.g. ``ed25519`` or ``ecdsa-p256-sha256``."""
    key_id: str
    """A stable id of the public key, so a verifier can pick the right one."""

    def sign(self, data: bytes) -> bytes:
        """A detached signature over ``data``."""
        ...

    def public_key_pem(self) -> bytes:
        """The public key (SubjectPublicKeyInfo, PEM) that checks our signatures."""
        ...

    def certificate_pem(self) -> bytes | None:
        """The issuer's X.509 certificate, when the key has one."""
        ...
