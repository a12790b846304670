"""The one path every password check takes: login, password change, any re-authentication.

Each check passes the same barrier, counts into the same counters, meets the same lock
and costs exactly one Argon2id evaluation (docs/security.md, "One password check"):

- **Per identifier.** Failures through a login field count on that identifier's own
  throttle (a ``LoginThrottle`` keyed by a keyed hash of the identifier), kept the
  same way whether or not an account holds it. Its wait and its lock are answered
  before any password work, so the answer for an identifier never depends on failures
  through another identifier of the same account.
- **Per account.** Every checked password that was wrong also counts on the account
  (``failed_logins``), whichever identifier or session it came through, and the account
  has the same throttle and lock. While the account is held back, a password through
  a login field is not checked at all: the answer is the plain failure an unknown
  identifier gives, after the same dummy Argon2id work, so the account's state never
  shows through another identifier. A signed-in user (who already knows the account)
  is told ``auth.throttled`` or ``auth.locked`` directly.
- **The lock.** A right password never lifts it; only a completed recovery or the
  operator (``unblock``) does.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from accredkit.domain.accounts.account import Account, AccountStatus
from accredkit.domain.accounts.login_policy import LoginBarrier
from accredkit.domain.accounts.login_records import LoginThrottle
from accredkit.domain.contacts import Login
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._base import AccountsBase
from accredkit.services.schema import ACCOUNTS, THROTTLES

__all__ = ["PasswordGate"]

_HELD_BACK = (LoginBarrier.LOCKED, LoginBarrier.THROTTLED)


class PasswordGate(AccountsBase):
    """The password check shared by every use case that takes a password."""

    # --- identifiers ----------------------------------------------------------------

    def _identifier_key(self, value: object) -> str:
        """The throttle id of one identifier (keyed, so storage does not hold it in clear)."""
        text = str(value).encode("utf-8")
        return "t" + hmac.new(self._throttle_key, text, hashlib.sha256).hexdigest()[:40]

    def _throttle_id(self, login: Login) -> str:
        return self._identifier_key(login.value)

    def _count_identifier(
        self, uow: UnitOfWork, key: str, throttle: LoginThrottle | None, now: datetime
    ) -> None:
        """One more failure through the identifier ``key`` (staged, not committed)."""
        counted = (throttle or LoginThrottle(key, 0)).record_failure(self.settings.login, now)
        throttles = uow.repository(THROTTLES)
        if throttle is None:
            throttles.add(counted)
        else:
            throttles.update(counted)

    def _clear_identifiers(self, uow: UnitOfWork, account: Account, *keys: str) -> None:
        """Lift the throttles of every identifier of ``account`` (a completed recovery)."""
        throttles = uow.repository(THROTTLES)
        values = (account.snils, account.phone, account.email, account.inn)
        wanted = {*keys, *(self._identifier_key(v) for v in values if v is not None)}
        for key in sorted(wanted):
            found = throttles.find(key)
            if found is not None and (found.failures or found.locked):
                throttles.update(found.cleared())

    # --- the account ------------------------------------------------------------------

    def _count_account(self, uow: UnitOfWork, account: Account, now: datetime) -> Account:
        """One more failure on the account, its events and the lock notice (staged)."""
        counted, events = account.record_login_failure(self.settings.login, now)
        counted = uow.repository(ACCOUNTS).update(counted)
        self._record(uow, events)
        if counted.locked and not account.locked:
            self._notify(uow, counted, "locked", now)
        return counted

    # --- the checks -------------------------------------------------------------------

    def _check_login_password(
        self, uow: UnitOfWork, login: Login, account: Account | None, password: str, now: datetime
    ) -> Account:
        """Check ``password`` typed with ``login``; the account if it is right.

        Raises (after committing the counters):
            RateLimited, AccountLocked: the identifier's own wait or lock — the same
                for an identifier no account holds.
            AuthenticationFailed: ``auth.failed`` — a wrong password, an unknown
                login, or an account held back by failures through other ways in.
            AccountLocked: ``auth.blocked``, only with the right password.
        """
        key = self._throttle_id(login)
        throttle = uow.repository(THROTTLES).find(key)
        barrier = throttle.barrier(now) if throttle is not None else None
        if throttle is not None and barrier is not None:
            self._refuse(barrier, throttle.throttled_until, now)
        if account is None or account.login_barrier(now) in _HELD_BACK:
            self.deps.hasher.dummy_verify(password)
            self._count_identifier(uow, key, throttle, now)
            uow.commit()
            raise self._failed()
        if not self.deps.hasher.verify(account.password_hash, password):
            self._count_identifier(uow, key, throttle, now)
            self._count_account(uow, account, now)
            uow.commit()
            raise self._failed()
        if account.status is AccountStatus.BLOCKED:
            self._refuse(LoginBarrier.BLOCKED, None, now)
        if throttle is not None and throttle.failures:
            uow.repository(THROTTLES).update(throttle.cleared())
        return account

    def _check_account_password(
        self, uow: UnitOfWork, account: Account, password: str, now: datetime
    ) -> None:
        """Check the password of a signed-in user's account (a change or re-authentication).

        Raises (after committing the counters):
            RateLimited: ``auth.throttled``; AccountLocked: ``auth.locked`` — the
                account's own barrier, checked before any password work.
            AuthenticationFailed: ``auth.failed`` — counted on the account.
        """
        barrier = account.login_barrier(now)
        if barrier in _HELD_BACK:
            assert barrier is not None
            self._refuse(barrier, account.throttled_until, now)
        if not self.deps.hasher.verify(account.password_hash, password):
            self._count_account(uow, account, now)
            uow.commit()
            raise self._failed()
