"""The mark of a domain event: something that happened, in the past tense.

Every event class derives from ``DomainEvent``; the journal table
(``accredkit.services.journal.table``, docs/journal.md) has one row per event class,
and a test fails when a class has none. Events carry ids, codes and hashes only.
"""

from __future__ import annotations

__all__ = ["DomainEvent"]


class DomainEvent:
    """Base of every event class (no fields: each event says what it carries)."""

    __slots__ = ()
