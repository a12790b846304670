"""One-time codes leave through the outbox, and right after the commit (docs/notifications.md).

A code is queued with its secret template in the unit of work that stores the code's
hash, so the two commit together or not at all; the unit of work hands the queued
message to the dispatcher as soon as its commit succeeded, so the person gets the code
at once. In storage the message's text is a personal field (encrypted at rest) and it
is scrubbed once the gateway accepted it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final, TypeVar

from accredkit.domain.accounts.otp import IssuedCode, OtpPurpose
from accredkit.domain.contacts import Email, Phone
from accredkit.ports.storage import UnitOfWork
from accredkit.services.correspondence.queueing import queue
from accredkit.services.publishing import DelegatingUnitOfWork

__all__ = ["CODE_TEMPLATES", "CodesAfterCommit", "queue_code"]

T = TypeVar("T")

CODE_TEMPLATES: Final[dict[OtpPurpose, str]] = {
    OtpPurpose.CONFIRM_PHONE: "account.phone_code",
    OtpPurpose.CONFIRM_EMAIL: "account.email_code",
    OtpPurpose.LOGIN_SMS: "account.login_code",
    OtpPurpose.RECOVERY: "account.password_recovery",
}
"""The secret template each purpose's code is sent with."""


class CodesAfterCommit(DelegatingUnitOfWork):
    """A unit of work that dispatches the one-time codes it queued once it committed.

    Args:
        inner: the storage's unit of work.
        deliver: sends the outbox messages with these ids (after the commit).
    """

    def __init__(self, inner: UnitOfWork, deliver: Callable[[Sequence[str]], object]) -> None:
        super().__init__(inner)
        self._deliver = deliver
        self.codes: list[str] = []
        """Outbox ids of the codes queued in this unit of work."""

    def commit(self) -> None:
        self._inner.commit()
        sent, self.codes = self.codes, []
        if sent:
            self._deliver(sent)

    def rollback(self) -> None:
        self.codes = []
        self._inner.rollback()


def queue_code(
    uow: UnitOfWork,
    issued: IssuedCode,
    target: Phone | Email,
    *,
    language: str,
    now: datetime,
    minutes: int,
) -> None:
    """Queue ``issued``'s code for ``target`` in ``uow``; sent right after its commit.

    Outside a ``CodesAfterCommit`` unit of work the code waits for the next dispatch.
    """
    messages = queue(
        uow,
        to=target,
        template=CODE_TEMPLATES[issued.record.purpose],
        params={"code": issued.code, "minutes": minutes},
        now=now,
        language=language,
        dedup_key=f"one-time-code:{issued.record.id}",
    )
    if isinstance(uow, CodesAfterCommit):
        uow.codes.extend(m.id for m in messages)
