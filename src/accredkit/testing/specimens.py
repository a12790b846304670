"""A sample aggregate with every kind of field storage must keep, for contract suites."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import attrs

from accredkit.domain.identifiers import Snils
from accredkit.ports.storage import Collection

__all__ = ["SPECIMENS", "Colour", "Specimen", "specimen"]


class Colour(enum.StrEnum):
    """An enum field."""

    RED = "red"
    GREEN = "green"
    BLUE = "blue"


@attrs.frozen
class Specimen:
    """One stored aggregate: strings, numbers, enums, times, identifiers, nesting."""

    id: str
    version: int = 0
    owner: str = ""
    colour: Colour = Colour.RED
    rank: int = 0
    flag: bool = False
    seen_at: datetime | None = None
    born_on: date | None = None
    snils: Snils | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    blob: bytes = b""


SPECIMENS = Collection(
    "specimens",
    Specimen,
    indexes=("owner", "colour", "rank", "flag", "seen_at"),
    keep_decoded=True,  # the contracts also run an engine's reuse of decoded rows
)


def specimen(id: str, **changes: Any) -> Specimen:
    """A specimen with sensible defaults."""
    base = Specimen(
        id=id,
        owner="alice",
        seen_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        born_on=date(1990, 5, 17),
        snils=Snils("11223344595"),
        tags=("a", "b"),
        note="Проверка ✓",
        blob=b"\x00\xff",
    )
    return attrs.evolve(base, **changes)
