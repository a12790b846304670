"""TOTP second factor (RFC 6238) on pyotp, with the replay protection pyotp leaves out.

pyotp computes the codes. Around it this adapter insists on what pyotp does not:
times must be UTC-aware (pyotp reads a naive time as local time); codes must be
ASCII digits (pyotp compares after NFKC, so it takes full-width ``１２３４５６``); and
each time step is accepted once per account — ``verify`` returns the matched step
only when it is newer than the last one used, and the caller stores it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pyotp

from accredkit.domain.utc import require_utc

__all__ = ["ISSUER", "TotpAuthenticator", "TotpReplayGuard"]

ISSUER = "accredkit"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MIN_SECRET_BYTES = 20  # 160 bits, RFC 4226 §4 R6


class TotpAuthenticator:
    """Issue TOTP secrets and check codes (SHA-1, 30-second steps, ±1 step by default).

    Args:
        digits: code length (6 for authenticator apps; 8 for the RFC 6238 vectors).
        period: seconds per time step.
        window: steps accepted either side of the current one (clock drift).
        issuer: shown by authenticator apps next to the account name.
        random_bytes: ``n -> n random bytes`` for new secrets.
        secret_bytes: size of new secrets, at least 20 bytes (160 bits).
    """

    def __init__(
        self,
        *,
        digits: int = 6,
        period: int = 30,
        window: int = 1,
        issuer: str = ISSUER,
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
        secret_bytes: int = _MIN_SECRET_BYTES,
    ) -> None:
        if secret_bytes < _MIN_SECRET_BYTES:
            raise ValueError("a TOTP secret needs at least 160 bits")
        if window < 0:
            raise ValueError("the window cannot be negative")
        self.digits = digits
        self.period = period
        self.window = window
        self.issuer = issuer
        self._random_bytes = random_bytes
        self._secret_bytes = secret_bytes
        self._code_shape = re.compile(rf"[0-9]{{{digits}}}")

    def new_secret(self) -> str:
        """A fresh base32 secret of ``secret_bytes`` random bytes (no padding)."""
        raw = self._random_bytes(self._secret_bytes)
        if len(raw) != self._secret_bytes:
            raise ValueError("the random source returned the wrong number of bytes")
        return base64.b32encode(raw).decode("ascii").rstrip("=")

    def _otp(self, secret: str) -> pyotp.HOTP:
        padded = secret.upper() + "=" * (-len(secret) % 8)
        if len(base64.b32decode(padded)) < _MIN_SECRET_BYTES:
            raise ValueError("a TOTP secret needs at least 160 bits")
        return pyotp.HOTP(secret, digits=self.digits, digest=hashlib.sha1)

    def provisioning_uri(self, secret: str, account_name: str) -> str:
        """The ``otpauth://totp/…`` URI an authenticator app reads from a QR code."""
        totp = pyotp.TOTP(secret, digits=self.digits, interval=self.period, issuer=self.issuer)
        return totp.provisioning_uri(name=account_name, issuer_name=self.issuer)

    def step_at(self, at: datetime) -> int:
        """The RFC 6238 time step ``T`` containing ``at`` (a UTC-aware time)."""
        require_utc(at)
        return (at - _EPOCH) // timedelta(seconds=self.period)

    def code_at(self, secret: str, at: datetime) -> str:
        """The code an authenticator shows at ``at``."""
        return str(self._otp(secret).at(self.step_at(at)))

    def verify(
        self, secret: str, code: str, at: datetime, last_used_step: int | None = None
    ) -> int | None:
        """The time step ``code`` belongs to, if it is right and newer than ``last_used_step``.

        Args:
            secret: the account's base32 secret.
            code: what the user typed; ASCII spaces are ignored, anything but ASCII
                digits is refused.
            at: the current UTC time.
            last_used_step: the step of the last accepted code for this account.

        Returns:
            The matched step, to be stored as the new ``last_used_step``; ``None``
            for a wrong, malformed, out-of-window or replayed code.
        """
        current = self.step_at(at)
        typed = code.replace(" ", "")
        otp = self._otp(secret)
        shaped = self._code_shape.fullmatch(typed) is not None
        candidate = typed.encode("ascii") if shaped else b"\0" * self.digits
        found: int | None = None
        for step in range(current - self.window, current + self.window + 1):
            expected = str(otp.at(step)).encode("ascii")
            if hmac.compare_digest(candidate, expected) and found is None:
                found = step
        if found is None or not shaped:
            return None
        if last_used_step is not None and found <= last_used_step:
            return None
        return found


class TotpReplayGuard:
    """Accept each (account, time step) at most once, also across threads.

    The in-process half of replay protection: two threads submitting the same code
    at the same moment get exactly one ``True``. Across processes the stored
    ``last_used_step`` with optimistic concurrency plays this part.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[str, int] = {}

    def claim(self, account_id: str, step: int) -> bool:
        """Record ``step`` as used for ``account_id``; False if it or a later one was."""
        with self._lock:
            last = self._last.get(account_id)
            if last is not None and step <= last:
                return False
            self._last[account_id] = step
            return True

    def last_used(self, account_id: str) -> int | None:
        """The newest step claimed for ``account_id``."""
        with self._lock:
            return self._last.get(account_id)
