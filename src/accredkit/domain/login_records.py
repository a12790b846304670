"""Records a multi-step login leaves behind between its steps, and who holds which login.

- ``IdentityClaim``: «this СНИЛС / ИНН / phone / e-mail belongs to that account»;
  one record per identifier makes uniqueness a storage guarantee (a second claim on
  the same id conflicts at commit) and finds the account behind a login field.
- ``PendingLogin``: a password accepted, the second factor or e-signature still due.
- ``LoginThrottle``: failure counters for logins that match no account, kept exactly
  like an account's own so the answers never tell whether an account exists.
- ``TotpEnrolment``: a TOTP secret shown to the user, not yet proved by a code.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from accredkit.domain.login_policy import LoginBarrier, LoginPolicy
from accredkit.domain.masks import mask_text
from accredkit.domain.sessions import FactorUsed
from accredkit.domain.utc import require_utc

__all__ = [
    "IdentityClaim",
    "LoginStage",
    "LoginThrottle",
    "PendingLogin",
    "TotpEnrolment",
    "claim_id",
]


def claim_id(kind: str, value: object) -> str:
    """The claim id of an identifier: ``snils:11223344595``, ``email:a@b.ru``…"""
    return f"{kind}:{value}"


@attrs.frozen
class IdentityClaim:
    """One identifier held by one account (``account_id`` None: released)."""

    id: str = attrs.field(repr=mask_text)
    version: int
    account_id: str | None


class LoginStage(enum.Enum):
    """What a started login still needs."""

    SECOND_FACTOR = "second_factor"
    ESIGNATURE = "esignature"
    DONE = "done"


@attrs.frozen
class PendingLogin:
    """A login between its steps; short-lived and single-use."""

    id: str
    version: int
    account_id: str
    stage: LoginStage
    created_at: datetime
    expires_at: datetime
    factor: FactorUsed = FactorUsed.NONE
    code_request_id: str | None = None
    challenge_id: str | None = None
    finished: bool = False

    def usable(self, stage: LoginStage, now: datetime) -> bool:
        """Whether the login may take its ``stage`` step at ``now``."""
        require_utc(now, "now")
        return not self.finished and self.stage is stage and now < self.expires_at


@attrs.frozen
class LoginThrottle:
    """Consecutive failures for a login field that matches no account."""

    id: str
    version: int
    failures: int = 0
    throttled_until: datetime | None = None
    locked: bool = False

    def barrier(self, now: datetime) -> LoginBarrier | None:
        """The same barrier an account with these counters would raise."""
        require_utc(now, "now")
        if self.locked:
            return LoginBarrier.LOCKED
        if self.throttled_until is not None and now < self.throttled_until:
            return LoginBarrier.THROTTLED
        return None

    def record_failure(self, policy: LoginPolicy, now: datetime) -> LoginThrottle:
        """One more failure, counted as ``Account.record_login_failure`` counts it."""
        require_utc(now, "now")
        failures = self.failures + 1
        delay = policy.delay_after(failures)
        return attrs.evolve(
            self,
            failures=failures,
            throttled_until=now + delay if delay else None,
            locked=self.locked or failures >= policy.lock_after,
        )


@attrs.frozen
class TotpEnrolment:
    """A TOTP secret (sealed) waiting for the first code from the user's app."""

    id: str
    version: int
    account_id: str
    secret_sealed: bytes = attrs.field(repr=False)
    created_at: datetime
    expires_at: datetime
    finished: bool = False
