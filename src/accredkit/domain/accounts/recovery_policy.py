"""How long a password recovery stays open (docs/security.md, "Recovery").

A request takes codes for a while; the ticket its proof earns sets the password within
its own lifetime, and is spent after a number of refused new passwords, so a ticket
cannot be used to probe the password rules without end.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

__all__ = ["RecoveryPolicy"]


@attrs.frozen
class RecoveryPolicy:
    """The lifetimes of a recovery request and its ticket, and the ticket's tries.

    ``request_lifetime``: how long a request takes codes (each code still lives the
    one-time code lifetime). ``ticket_lifetime``: how long a verified ticket may set the
    new password. ``password_tries``: new passwords a ticket may have refused.
    """

    request_lifetime: timedelta = timedelta(minutes=15)
    ticket_lifetime: timedelta = timedelta(minutes=10)
    password_tries: int = attrs.field(default=10, validator=attrs.validators.ge(1))
