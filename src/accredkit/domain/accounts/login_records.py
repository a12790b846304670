"""Records a multi-step login leaves behind between its steps, and who holds which login.

- ``IdentityClaim``: «this СНИЛС / ИНН / phone / e-mail belongs to that account»;
  one record per identifier makes uniqueness a storage guarantee (a second claim on
  the same id conflicts at commit) and finds the account behind a login field.
- ``PendingLogin``: a password accepted, the second factor or e-signature still due.
- ``LoginThrottle``: failure counters per identifier as typed (СНИЛС, e-mail…), kept
  alike for identifiers that match an account and for those that match none, so the
  answers never tell whether an account exists, nor which identifiers belong together.
- ``RecoveryRequest``: a password recovery between its steps: the code sent, then a
  ticket that alone may set the new password.
- ``TotpEnrolment``: a TOTP secret shown to the user, not yet proved by a code.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from accredkit.domain.accounts.login_policy import LoginBarrier, LoginPolicy
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.domain.masks import mask_text
from accredkit.domain.utc import require_utc

__all__ = [
    "IdentityClaim",
    "LoginStage",
    "LoginThrottle",
    "PendingLogin",
    "RecoveryRequest",
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
    """Consecutive failures through one identifier, whether or not an account holds it."""

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

    def throttled(self, now: datetime) -> bool:
        """Whether the wait after the last failure is still running (the lock aside)."""
        require_utc(now, "now")
        return self.throttled_until is not None and now < self.throttled_until

    def cleared(self) -> LoginThrottle:
        """The counters after a success through this identifier (or a completed recovery)."""
        return attrs.evolve(self, failures=0, throttled_until=None, locked=False)


@attrs.frozen
class RecoveryRequest:
    """One password recovery: the request a code went out for, then its ticket.

    A request is stored whether or not the login belongs to an account (then
    ``account_id`` is None and no code was sent), so every later answer is the same.
    ``ticket_hash`` is set once the code (and the second factor) checked out; only that
    ticket may set a new password, at most ``password_tries`` times refused.
    """

    id: str
    version: int
    throttle_id: str
    created_at: datetime
    expires_at: datetime
    account_id: str | None = None
    ticket_hash: str = ""
    ticket_expires_at: datetime | None = None
    password_tries: int = 0
    finished: bool = False

    def open_for_code(self, now: datetime) -> bool:
        """Whether a code may still be tried for this request at ``now``."""
        require_utc(now, "now")
        return not self.finished and not self.ticket_hash and now < self.expires_at

    def ticket_usable(self, now: datetime, max_tries: int) -> bool:
        """Whether the ticket may still set a password at ``now``."""
        require_utc(now, "now")
        return (
            not self.finished
            and self.account_id is not None
            and self.ticket_expires_at is not None
            and now < self.ticket_expires_at
            and self.password_tries < max_tries
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
