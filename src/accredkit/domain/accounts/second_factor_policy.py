"""How long the ceremonies of a second factor wait for their answer.

A TOTP enrolment waits for the first code from the user's app; a passkey challenge,
at enrolment or at login, for the authenticator's answer (docs/security.md, "Passkeys").
Past that, the ceremony is started again.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

__all__ = ["SecondFactorPolicy"]


@attrs.frozen
class SecondFactorPolicy:
    """The lifetimes of a TOTP enrolment and of a passkey challenge."""

    totp_enrolment: timedelta = timedelta(minutes=10)
    passkey_challenge: timedelta = timedelta(minutes=5)
