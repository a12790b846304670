"""A hand-written journal entry: superseded by the journal table (docs/journal.md).

The services record events with ``journal_table.happened``; this helper is kept only
for code not converted yet, and ``tests/unit/test_journal_table.py`` fails wherever a
service module calls it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accredkit.domain.actors import Actor
from accredkit.domain.journal import JournalDraft
from accredkit.ports.storage import UnitOfWork

__all__ = ["record"]


def record(
    uow: UnitOfWork,
    *,
    at: datetime,
    actor: Actor | str,
    action: str,
    subject_type: str,
    subject_id: str,
    role: str | None = None,
    **details: Any,
) -> None:
    """Append one journal entry to ``uow``.

    Args:
        uow: The unit of work of the change being recorded.
        at: When the change happened (UTC-aware).
        actor: Who made it (an ``Actor`` or an account id / ``"system"``).
        action: Dotted action code, e.g. ``application.approved``.
        subject_type: What kind of thing changed (``application``, ``account``, …).
        subject_id: Its id.
        role: The actor's role when ``actor`` is a plain id.
        **details: Ids, codes and hashes only (no personal data).
    """
    if isinstance(actor, Actor):
        actor_id, actor_role = actor.id, str(actor.role)
    else:
        actor_id, actor_role = actor, role or ("system" if actor == "system" else "applicant")
    uow.journal.append(
        JournalDraft(
            time=at,
            actor=actor_id,
            role=actor_role,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            details=details,
        )
    )
