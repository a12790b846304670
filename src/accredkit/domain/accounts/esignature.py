"""E-signature confirmation (подтверждение электронной подписью) of a login.

The cabinet issues a one-off challenge; the user signs its bytes with the private
key of their qualified certificate; the signature port checks the signature, the
certificate chain and the СНИЛС in the certificate. Required at the first login and
the first after each password change (docs/security.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from accredkit.domain.identifiers import Snils
from accredkit.domain.masks import mask_inn, mask_text
from accredkit.domain.utc import require_utc
from accredkit.errors import AuthenticationFailed

__all__ = [
    "CHALLENGE_LIFETIME",
    "NONCE_BYTES",
    "SignatureChallenge",
    "VerifiedSignature",
    "issue_challenge",
]

NONCE_BYTES = 32
CHALLENGE_LIFETIME = timedelta(minutes=5)


@attrs.frozen
class SignatureChallenge:
    """A nonce to be signed, bound to one account and valid for a few minutes, once."""

    id: str
    version: int
    account_id: str
    nonce: str
    issued_at: datetime
    expires_at: datetime
    used: bool = False

    def payload(self) -> bytes:
        """The exact bytes the user signs: purpose, challenge, account, nonce and time."""
        return (
            "accredkit e-signature login confirmation\n"
            f"challenge: {self.id}\n"
            f"account: {self.account_id}\n"
            f"nonce: {self.nonce}\n"
            f"issued: {self.issued_at.isoformat()}\n"
        ).encode()

    def redeem(self, account_id: str, now: datetime) -> SignatureChallenge:
        """The challenge spent by ``account_id`` at ``now``.

        Raises:
            AuthenticationFailed: ``esignature.challenge_invalid`` when it is used,
                expired or belongs to another account.
        """
        require_utc(now, "now")
        if self.used or now >= self.expires_at or account_id != self.account_id:
            raise AuthenticationFailed(
                "The signing request is no longer valid; request a new one.",
                message_ru="Запрос на подпись недействителен; запросите новый.",
                code="esignature.challenge_invalid",
            )
        return attrs.evolve(self, used=True)


def issue_challenge(
    *,
    challenge_id: str,
    account_id: str,
    nonce: bytes,
    now: datetime,
    lifetime: timedelta = CHALLENGE_LIFETIME,
) -> SignatureChallenge:
    """A new challenge around ``nonce`` (32 bytes from a CSPRNG).

    Raises:
        ValueError: the nonce is not 32 bytes.
    """
    require_utc(now, "now")
    if len(nonce) != NONCE_BYTES:
        raise ValueError("a challenge nonce is 32 random bytes")
    return SignatureChallenge(
        id=challenge_id,
        version=0,
        account_id=account_id,
        nonce=nonce.hex(),
        issued_at=now,
        expires_at=now + lifetime,
    )


@attrs.frozen
class VerifiedSignature:
    """What a successful signature check established about the signer.

    ``inn`` and ``ogrn`` are what a qualified certificate carries (ИНН of the person,
    ОГРН of the organisation for an employee's certificate), ``None`` when absent.
    """

    snils: Snils
    subject: str = attrs.field(repr=mask_text)
    certificate_sha256: str
    not_after: datetime
    algorithm: str
    inn: str | None = attrs.field(default=None, repr=mask_inn)
    ogrn: str | None = None
    signed_at: datetime | None = None
