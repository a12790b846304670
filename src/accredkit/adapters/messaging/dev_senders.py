"""Development senders: messages are kept (in memory and optionally a JSONL file), not sent.

The file is a developer's stand-in for the gateway, so it keeps the texts (one-time
codes included) but names the recipient masked (``+7 *** ***-45-67``), and it is
created 0600: the outbox at rest holds no phone or address (docs/personal-data.md).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import attrs

from accredkit._private_files import create_private_file
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.masks import mask_email, mask_phone, mask_text
from accredkit.errors import PortUnavailable

__all__ = ["MemoryEmail", "MemorySms", "SentMessage", "masked_recipient"]


def masked_recipient(to: str) -> str:
    """How the outbox file names a phone or an e-mail address."""
    return mask_email(to) if "@" in to else mask_phone(to)


@attrs.frozen
class SentMessage:
    """One message as a recording sender saw it."""

    channel: str
    to: str = attrs.field(repr=mask_text)
    text: str = attrs.field(repr=mask_text)
    subject: str | None = attrs.field(default=None, repr=mask_text)


class _Recorder:
    channel = ""

    def __init__(self, path: str | Path | None = None) -> None:
        self.sent: list[SentMessage] = []
        self.path = Path(path) if path else None
        self.failing = False
        self._lock = threading.Lock()

    def _keep(self, message: SentMessage) -> None:
        if self.failing:
            raise PortUnavailable(f"{self.channel} gateway is down", code=f"{self.channel}.down")
        with self._lock:
            self.sent.append(message)
            if self.path is not None:
                create_private_file(self.path)
                with self.path.open("a", encoding="utf-8") as handle:
                    line = {**attrs.asdict(message), "to": masked_recipient(message.to)}
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")


class MemorySms(_Recorder):
    """Records SMS; set ``failing = True`` to simulate a gateway outage."""

    channel = "sms"

    def send(self, to: Phone, text: str) -> None:
        """Record an SMS to ``to``."""
        self._keep(SentMessage("sms", str(to), text))


class MemoryEmail(_Recorder):
    """Records e-mail; set ``failing = True`` to simulate a server outage."""

    channel = "email"

    def send(self, to: Email, subject: str, body: str) -> None:
        """Record an e-mail to ``to``."""
        self._keep(SentMessage("email", str(to), body, subject))
