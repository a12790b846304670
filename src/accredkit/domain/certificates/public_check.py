"""The public check of a certificate: what anyone may learn from its number, and how often.

It answers with what the public registry shows and nothing more (no account, no
application, no СНИЛС beyond its masked tail). A proof from the QR code that does not
match the stored signature answers ``unknown``, exactly as a number nobody issued does,
so a forged number printed on a fake document never looks genuine (docs/certificates.md).
"""

from __future__ import annotations

import enum
import hmac
from collections import deque
from datetime import date, datetime, timedelta

import attrs

from accredkit.domain.certificates.certificate import Certificate, CertificateStatus
from accredkit.domain.certificates.sheets import mask_snils, signature_proof
from accredkit.domain.masks import mask_name
from accredkit.errors import RateLimited

__all__ = ["CheckWindow", "PublicAnswer", "PublicStatus", "public_answer"]


class PublicAnswer(enum.StrEnum):
    """What the public check says about a number."""

    VALID = "valid"  # действует
    REVOKED = "revoked"  # аннулировано
    EXPIRED = "expired"  # срок действия истёк
    UNKNOWN = "unknown"  # не найдено

    @property
    def label_ru(self) -> str:
        """The answer as the public page says it."""
        return _LABELS_RU[self]


_LABELS_RU = {
    PublicAnswer.VALID: "действует",
    PublicAnswer.REVOKED: "аннулировано",
    PublicAnswer.EXPIRED: "срок действия истёк",
    PublicAnswer.UNKNOWN: "не найдено",
}


@attrs.frozen
class PublicStatus:
    """The public registry's entry for a number; only ``answer`` and ``number`` when unknown."""

    answer: PublicAnswer
    number: str
    holder_name: str | None = attrs.field(default=None, repr=mask_name)
    holder_id: str | None = None  # masked СНИЛС, or the organisation's ОГРН
    accreditation_title: str | None = None
    specialty: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    issuer_name: str | None = None


def public_answer(
    number: str, certificate: Certificate | None, day: date, proof: str | None = None
) -> PublicStatus:
    """The public entry for ``certificate`` (``None``: nobody issued ``number``) on ``day``.

    ``proof`` is the signature excerpt carried by the QR code; when given it must match.
    """
    if certificate is None or (
        proof is not None and not hmac.compare_digest(proof, signature_proof(certificate.seal))
    ):
        return PublicStatus(PublicAnswer.UNKNOWN, number)
    status = certificate.status_on(day)
    answer = {
        CertificateStatus.VALID: PublicAnswer.VALID,
        CertificateStatus.REVOKED: PublicAnswer.REVOKED,
        CertificateStatus.EXPIRED: PublicAnswer.EXPIRED,
    }[status]
    holder_id = (
        mask_snils(certificate.holder_snils)
        if certificate.holder_snils is not None
        else str(certificate.holder_ogrn)
    )
    return PublicStatus(
        answer,
        certificate.number,
        holder_name=certificate.holder_name,
        holder_id=holder_id,
        accreditation_title=certificate.accreditation_title,
        specialty=certificate.specialty,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        issuer_name=certificate.issuer_name,
    )


@attrs.define
class CheckWindow:
    """At most ``limit`` checks per ``per`` for each caller key (a sliding window).

    The public check needs no session, so this is what keeps it from becoming a way
    to walk the registry number by number.
    """

    limit: int = 30
    per: timedelta = timedelta(minutes=1)
    _seen: dict[str, deque[datetime]] = attrs.field(factory=dict, init=False)

    def admit(self, key: str, now: datetime) -> None:
        """Count one check by ``key`` at ``now``.

        Raises:
            RateLimited: ``certificate.check_throttled`` past the limit (nothing counted).
        """
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= self.per:
            seen.popleft()
        if len(seen) >= self.limit:
            wait = self.per - (now - seen[0])
            raise RateLimited(
                f"too many certificate checks; try again in {int(wait.total_seconds()) + 1} s",
                message_ru="Слишком много проверок подряд. Повторите через "
                f"{int(wait.total_seconds()) + 1} с.",
                code="certificate.check_throttled",
                retry_after=wait,
            )
        seen.append(now)
        if len(self._seen) > 10_000:  # forget idle callers, keep memory bounded
            for idle in [k for k, v in self._seen.items() if not v or now - v[-1] >= self.per]:
                del self._seen[idle]
