"""Who holds a session token: the one look-up every signed-in call starts with.

Kept apart from the accounts use cases so that reading a session needs only the
sessions' collection and its limits: ``Cabinet.actor`` checks a token without loading
registration, recovery or erasure (``docs/benchmarks.md``, "Start-up"). The accounts'
``authenticate`` is this same check (``docs/security.md``, "Sessions").
"""

from __future__ import annotations

import base64
import binascii

from accredkit.domain.accounts.sessions import (
    TOKEN_BYTES,
    Session,
    SessionPolicy,
    SessionState,
    hash_token,
)
from accredkit.domain.utc import require_utc
from accredkit.errors import AuthenticationFailed
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Storage
from accredkit.services.schema import SESSIONS
from accredkit.services.screening import screened

__all__ = ["SessionCheck", "session_refused", "token_digest"]


def token_digest(token: str) -> str:
    """The stored hash of a session token as the browser holds it; ``""`` for a malformed one."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    return hash_token(raw) if len(raw) == TOKEN_BYTES else ""


def session_refused(code: str) -> AuthenticationFailed:
    """The one answer for a token that opens no session now."""
    return AuthenticationFailed(
        "The session is not valid; sign in again.",
        message_ru="Сеанс недействителен или истек; войдите снова.",
        code=code,
    )


@screened
class SessionCheck:
    """The session behind a token, with its idle timer restarted (``authenticate``)."""

    def __init__(self, storage: Storage, clock: Clock, policy: SessionPolicy) -> None:
        self._storage = storage
        self._clock = clock
        self._policy = policy

    def authenticate(self, token: str) -> Session:
        """The session for ``token``, its idle timer restarted.

        The restart is stored at most once per ``settings.sessions.touch_interval``
        (``domain/accounts/sessions.py``), so most requests only read.

        Raises:
            AuthenticationFailed: ``session.invalid`` (unknown or ended) or
                ``session.expired`` (the idle or absolute limit passed; it is ended).
        """
        now = require_utc(self._clock.now(), "now")
        policy = self._policy
        with self._storage.unit_of_work() as uow:
            sessions = uow.repository(SESSIONS)
            digest = token_digest(token)
            found = sessions.query({"token_hash": digest}, limit=1) if digest else []
            if not found or found[0].ended:
                raise session_refused("session.invalid")
            session = found[0]
            if session.state(policy, now) is not SessionState.ACTIVE:
                sessions.update(session.expire(policy, now))
                uow.commit()
                raise session_refused("session.expired")
            touched = session.touch(policy, now)
            if touched is session:  # stored less than touch_interval ago: nothing to write
                return session
            stored = sessions.update(touched)
            uow.commit()
        return stored
