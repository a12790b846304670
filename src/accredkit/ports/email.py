"""E-mail port: messages to an address."""

from __future__ import annotations

from typing import Protocol

from accredkit.domain.contacts import Email

__all__ = ["EmailSender"]


class EmailSender(Protocol):
    """Sends one e-mail; raises ``PortUnavailable`` when the server fails."""

    def send(self, to: Email, subject: str, body: str) -> None:
        """Deliver a plain-text message."""
        ...
