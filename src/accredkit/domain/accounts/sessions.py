"""Login sessions (сеансы): hashed tokens, idle and absolute limits, fresh-login checks.

A session is found by the SHA-256 of its 256-bit random token; the token itself is
given to the browser and never stored. It ends after 15 idle minutes or 12 hours in
all, whatever the activity (docs/security.md). Changing the phone, the e-mail or the
second factor needs a login at most 5 minutes old.

The last activity is stored at most once per ``touch_interval`` (a minute by default):
a request within a minute of the stored one writes nothing. The idle limit is therefore
honoured within that interval, and only ever on the safe side: a session idle for the
full limit since its last request is always refused, one idle for less than the limit
minus the interval is always accepted (docs/security.md, "Sessions").
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta

import attrs

from accredkit.domain.utc import require_utc
from accredkit.errors import AuthenticationFailed

__all__ = [
    "TOKEN_BYTES",
    "FactorUsed",
    "Session",
    "SessionEnd",
    "SessionPolicy",
    "SessionState",
    "hash_token",
    "open_session",
]

TOKEN_BYTES = 32
"""256 bits of randomness per session token."""


class FactorUsed(enum.Enum):
    """What besides the password proved the user at login."""

    NONE = "none"
    TOTP = "totp"
    SMS = "sms"
    RECOVERY_CODE = "recovery_code"
    PASSKEY = "passkey"


class SessionEnd(enum.Enum):
    """Why a session ended."""

    LOGOUT = "logout"  # выход
    IDLE = "idle"  # бездействие
    ABSOLUTE = "absolute"  # истек срок
    ENDED_BY_USER = "ended_by_user"  # завершен из другого сеанса
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
    BLOCKED = "blocked"


class SessionState(enum.Enum):
    """Where a session stands at a given moment."""

    ACTIVE = "active"
    IDLE_EXPIRED = "idle_expired"
    ABSOLUTE_EXPIRED = "absolute_expired"
    ENDED = "ended"


@attrs.frozen
class SessionPolicy:
    """Session limits (configurable).

    ``touch_interval``: how old the stored last activity may be before a request stores
    it again; a session may end up to that much before ``idle`` after its last request,
    never later.
    """

    idle: timedelta = timedelta(minutes=15)
    absolute: timedelta = timedelta(hours=12)
    fresh_login: timedelta = timedelta(minutes=5)
    touch_interval: timedelta = timedelta(minutes=1)

    def __attrs_post_init__(self) -> None:
        if not timedelta(0) < self.idle <= self.absolute:
            raise ValueError("the idle limit must be positive and within the absolute one")
        if not timedelta(0) <= self.touch_interval < self.idle:
            raise ValueError("the touch interval must be at least zero and below the idle limit")

    def ends_no_earlier_than(self, last_request: datetime) -> datetime:
        """The earliest moment the idle limit may end a session last used at ``last_request``."""
        return last_request + self.idle - self.touch_interval


def hash_token(token: bytes) -> str:
    """The stored form of a session token: its SHA-256, hex.

    A plain hash suffices: 256 random bits cannot be guessed from it.
    """
    return hashlib.sha256(token).hexdigest()


@attrs.frozen
class Session:
    """One signed-in browser or device."""

    id: str
    version: int
    account_id: str
    token_hash: str = attrs.field(repr=False)
    created_at: datetime
    last_seen_at: datetime
    authenticated_at: datetime
    factor: FactorUsed = FactorUsed.NONE
    ended: bool = False
    end_reason: SessionEnd | None = None
    ended_at: datetime | None = None

    def state(self, policy: SessionPolicy, now: datetime) -> SessionState:
        """Active while not ended, idle under ``policy.idle`` and younger than the absolute limit.

        At exactly 15:00 idle the session has expired; at 14:59 it has not.
        """
        require_utc(now, "now")
        if self.ended:
            return SessionState.ENDED
        if now - self.created_at >= policy.absolute:
            return SessionState.ABSOLUTE_EXPIRED
        if now - self.last_seen_at >= policy.idle:
            return SessionState.IDLE_EXPIRED
        return SessionState.ACTIVE

    def is_active(self, policy: SessionPolicy, now: datetime) -> bool:
        """Whether the session may be used at ``now``."""
        return self.state(policy, now) is SessionState.ACTIVE

    def touch(self, policy: SessionPolicy, now: datetime) -> Session:
        """The session after a request at ``now``: idle timer restarted.

        The very same session (nothing to store) while the stored last activity is
        younger than ``policy.touch_interval``.

        Raises:
            AuthenticationFailed: ``session.expired`` (idle or absolute) or ``session.ended``.
        """
        state = self.state(policy, now)
        if state is SessionState.ENDED:
            raise AuthenticationFailed(
                "The session has ended; sign in again.",
                message_ru="Сеанс завершен; войдите снова.",
                code="session.ended",
            )
        if state is not SessionState.ACTIVE:
            raise AuthenticationFailed(
                "The session has expired; sign in again.",
                message_ru="Время сеанса истекло; войдите снова.",
                code="session.expired",
            )
        if now - self.last_seen_at < policy.touch_interval:
            return self
        return attrs.evolve(self, last_seen_at=max(now, self.last_seen_at))

    def expire(self, policy: SessionPolicy, now: datetime) -> Session:
        """The session marked ended if it has timed out by ``now`` (else unchanged)."""
        state = self.state(policy, now)
        if state is SessionState.IDLE_EXPIRED:
            return self.end(SessionEnd.IDLE, now)
        if state is SessionState.ABSOLUTE_EXPIRED:
            return self.end(SessionEnd.ABSOLUTE, now)
        return self

    def end(self, reason: SessionEnd, now: datetime) -> Session:
        """The session ended for ``reason``; ending an ended session changes nothing."""
        require_utc(now, "now")
        if self.ended:
            return self
        return attrs.evolve(self, ended=True, end_reason=reason, ended_at=now)

    def is_fresh(self, policy: SessionPolicy, now: datetime) -> bool:
        """Whether the login behind this session is at most ``policy.fresh_login`` old."""
        require_utc(now, "now")
        return self.is_active(policy, now) and now - self.authenticated_at <= policy.fresh_login

    def reauthenticated(self, now: datetime, factor: FactorUsed) -> Session:
        """The session after the user proved themselves again (password, factor) at ``now``."""
        require_utc(now, "now")
        return attrs.evolve(self, authenticated_at=now, last_seen_at=now, factor=factor)


def open_session(
    *, session_id: str, account_id: str, token: bytes, now: datetime, factor: FactorUsed
) -> Session:
    """A new session for ``token`` (which the caller hands to the user, not to storage).

    Raises:
        ValueError: the token is not 32 bytes (256 bits).
    """
    require_utc(now, "now")
    if len(token) != TOKEN_BYTES:
        raise ValueError("a session token is 32 random bytes")
    return Session(
        id=session_id,
        version=0,
        account_id=account_id,
        token_hash=hash_token(token),
        created_at=now,
        last_seen_at=now,
        authenticated_at=now,
        factor=factor,
    )
