"""SMS port: short messages to a phone."""

from __future__ import annotations

from typing import Protocol

from accredkit.domain.contacts import Phone

__all__ = ["SmsSender"]


class SmsSender(Protocol):
    """Sends one SMS; raises ``PortUnavailable`` when the gateway fails."""

    def send(self, to: Phone, text: str) -> None:
        """Deliver ``text`` to ``to``."""
        ...
