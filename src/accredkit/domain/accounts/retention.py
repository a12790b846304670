"""How long personal data is kept once its purpose has ended, per collection (152-ФЗ, ст. 5, ч. 7).

When the period of a collection has passed since the person's last activity, its
records about them are depersonalised: personal fields erased or replaced by a
pseudonym, files deleted, and an act of destruction recorded (``DestructionAct``).
``None`` keeps a collection (the law may require decisions and certificates kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

import attrs

from accredkit.domain.utc import require_utc

__all__ = ["DestructionAct", "RetentionPolicy"]

_FIVE_YEARS = timedelta(days=5 * 365)


def _frozen(periods: Mapping[str, timedelta | None]) -> Mapping[str, timedelta | None]:
    return MappingProxyType(dict(periods))


@attrs.frozen
class RetentionPolicy:
    """Retention after the last activity, by collection name; ``default`` for the rest."""

    default: timedelta | None = _FIVE_YEARS
    by_collection: Mapping[str, timedelta | None] = attrs.field(
        factory=lambda: {"certificates": None, "acts": None}, converter=_frozen
    )

    def period(self, collection: str) -> timedelta | None:
        """How long ``collection`` keeps a person's data (``None``: kept)."""
        return self.by_collection.get(collection, self.default)

    def due(self, collection: str, last_activity: datetime, now: datetime) -> bool:
        """Whether the period of ``collection`` has passed at ``now``."""
        require_utc(now, "now")
        period = self.period(collection)
        return period is not None and now >= last_activity + period


@attrs.frozen
class DestructionAct:
    """Акт об уничтожении персональных данных: what, when, by whom, on which basis."""

    id: str
    version: int
    account_id: str
    pseudonym: str
    at: datetime
    operator_id: str
    basis: str
    collections: tuple[tuple[str, int], ...]  # (collection, records depersonalised)
    kept: tuple[str, ...]  # collections whose period has not passed, or that are kept
    files_deleted: int
