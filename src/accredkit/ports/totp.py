"""Port: time-based one-time passwords (RFC 6238) for the second factor."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["TotpVerifier"]


class TotpVerifier(Protocol):
    """Issues TOTP secrets and checks codes, refusing replays of a used time step."""

    def new_secret(self) -> str:
        """A fresh base32 secret of at least 160 bits."""
        ...

    def provisioning_uri(self, secret: str, account_name: str) -> str:
        """The ``otpauth://totp/…`` URI for an authenticator app."""
        ...

    def step_at(self, at: datetime) -> int:
        """The time step containing the UTC time ``at``."""
        ...

    def verify(
        self, secret: str, code: str, at: datetime, last_used_step: int | None = None
    ) -> int | None:
        """The matched time step if ``code`` is right and newer than ``last_used_step``."""
        ...
