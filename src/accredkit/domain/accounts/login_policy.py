"""Throttling and locking after failed logins (NIST SP 800-63B §5.2.2).

After a few free failures each further one doubles the wait before the next try, up
to a cap; a run of 100 consecutive failures locks sign-in until the password is
recovered. Accounts and unknown logins count by the same rules. A login that passed
its password waits a limited time for its next step.
"""

from __future__ import annotations

import enum
from datetime import timedelta

import attrs

__all__ = ["LoginBarrier", "LoginPolicy"]


class LoginBarrier(enum.Enum):
    """Why a login cannot even be tried right now."""

    BLOCKED = "blocked"
    LOCKED = "locked"
    THROTTLED = "throttled"


@attrs.frozen
class LoginPolicy:
    """Throttling after failures and the lock (NIST: at most 100 consecutive failures).

    After ``free_failures`` consecutive failures each further one makes the next try
    wait ``throttle_base`` × 2ⁿ, at most ``throttle_cap``; failure ``lock_after`` locks.
    ``pending_lifetime``: how long a login, once its password is right, waits for the
    second factor and the e-signature.
    """

    free_failures: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    throttle_base: timedelta = timedelta(seconds=2)
    throttle_cap: timedelta = timedelta(minutes=15)
    lock_after: int = attrs.field(
        default=100, validator=[attrs.validators.ge(1), attrs.validators.le(100)]
    )
    pending_lifetime: timedelta = timedelta(minutes=5)

    def delay_after(self, failures: int) -> timedelta:
        """How long to wait after ``failures`` consecutive failures."""
        over = failures - self.free_failures
        if over <= 0:
            return timedelta(0)
        delay: timedelta = self.throttle_base * (2 ** min(over - 1, 30))
        return min(delay, self.throttle_cap)
