"""A wrong adapter does not type-check as a port.

Each ignore below must be *needed*: ``warn_unused_ignores`` (in ``--strict``) turns an
ignore that mypy no longer uses into an error, so if a port ever became loose enough to
accept one of these, the type check would fail.
"""

from __future__ import annotations

from datetime import datetime

from accredkit.adapters.clock import SystemClock
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.randomness import RandomSource
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Storage


class TextOnlySms:
    """Takes the number as text, not as a ``Phone``: not an ``SmsSender``."""

    def send(self, to: str, text: str) -> None: ...


class NaiveClock:
    """Returns a date string, not a ``datetime``."""

    def now(self) -> str:
        return datetime.now().isoformat()


def wrong_adapters() -> None:
    email_as_sms: SmsSender = MemoryEmail()  # type: ignore[assignment]
    sms_as_email: EmailSender = MemorySms()  # type: ignore[assignment]
    text_only: SmsSender = TextOnlySms()  # type: ignore[assignment]
    naive: Clock = NaiveClock()  # type: ignore[assignment]
    clock_as_random: RandomSource = SystemClock()  # type: ignore[assignment]
    blobs_as_storage: Storage = MemoryBlobStore()  # type: ignore[assignment]
    del email_as_sms, sms_as_email, text_only, naive, clock_as_random, blobs_as_storage
