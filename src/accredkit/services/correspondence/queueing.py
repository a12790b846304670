"""Queueing a notification: staged in the caller's unit of work, sent after commit.

Every use case that tells someone something calls ``queue`` inside its own unit of
work, so the message commits with the change it announces or not at all
(docs/notifications.md); ``NotificationService.dispatch`` sends it later.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.correspondence.outbox import (
    Channel,
    OutboxMessage,
    message_id,
)
from accredkit.domain.correspondence.templates import TEMPLATES, render
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import UnitOfWork
from accredkit.services.correspondence.reminders import (
    Contact,
    ContactInUnit,
)
from accredkit.services.schema import OUTBOX

__all__ = ["notify_account", "queue", "queue_notification"]


def _stored(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def notify_account(
    uow: UnitOfWork,
    contacts: ContactInUnit | None,
    account_id: str | None,
    *,
    template: str,
    params: Mapping[str, object],
    now: datetime,
    dedup_key: str,
) -> None:
    """Tell an account holder of an event through the outbox, once (``dedup_key``).

    Nothing is queued without a lookup, an account or a confirmed contact.
    """
    if contacts is None or account_id is None:
        return
    contact = contacts(uow, account_id)
    if contact is None or not contact.addresses():
        return
    queue(uow, to=contact, template=template, params=params, now=now, dedup_key=dedup_key)


def queue(
    uow: UnitOfWork,
    *,
    to: Contact | Phone | Email,
    template: str,
    params: Mapping[str, object],
    now: datetime,
    language: str | None = None,
    dedup_key: str | None = None,
    ids: RandomSource | None = None,
) -> list[OutboxMessage]:
    """Stage messages in the caller's unit of work (one per channel of ``to``).

    Args:
        uow: the unit of work of the change being announced.
        to: a contact (every channel it has) or one phone or e-mail address.
        template: a key of ``accredkit.domain.correspondence.templates.TEMPLATES``.
        params: the template's parameters.
        now: when (the first attempt is due at once).
        language: ``ru`` or ``en``; by default the contact's, else ``ru``.
        dedup_key: a message with this key is queued once per channel, ever — the
            id is derived from it, so even racing units of work cannot both add it.
        ids: message ids for messages without a ``dedup_key``.

    Returns:
        The messages staged now (empty when every one was queued before).

    Raises:
        ValidationError: unknown template or language, missing parameter.
        ValueError: neither ``dedup_key`` nor ``ids`` given.
    """
    if dedup_key is None and ids is None:
        raise ValueError("queue needs a dedup_key or an id source")
    lang = language or (to.language if isinstance(to, Contact) else "ru")
    rendered = render(template, lang, params)
    stored_params = tuple(sorted((k, _stored(v)) for k, v in params.items()))
    addresses = to.addresses() if isinstance(to, Contact) else [to]
    repo = uow.repository(OUTBOX)
    queued = []
    for address in addresses:
        channel = Channel.SMS if isinstance(address, Phone) else Channel.EMAIL
        if dedup_key is not None:
            id_ = message_id(dedup_key, channel)
            if repo.find(id_) is not None:
                continue
        else:
            assert ids is not None
            id_ = ids.new_id()
        message = OutboxMessage(
            id=id_,
            channel=channel,
            recipient=str(address),
            language=lang,
            template=template,
            params=stored_params,
            subject=rendered.subject if channel is Channel.EMAIL else None,
            body=rendered.email_body(lang) if channel is Channel.EMAIL else rendered.text,
            created_at=now,
            next_attempt_at=now,
            dedup_key=dedup_key,
            secret=TEMPLATES[template].secret,
        )
        queued.append(repo.add(message))
    return queued


queue_notification = queue
"""``queue`` under the name a host imports from ``accredkit``."""
