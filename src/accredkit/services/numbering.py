"""Taking the next number of a named counter inside a unit of work."""

from __future__ import annotations

from typing import TypeVar

from accredkit.domain.applications.application import Application
from accredkit.domain.numbering import Counter
from accredkit.errors import NotFound
from accredkit.ports.storage import Collection, Storage, UnitOfWork
from accredkit.services.schema import COUNTERS

__all__ = ["by_number", "next_number", "short_number"]

T = TypeVar("T")


def short_number(application: Application) -> str:
    """How the cabinet shows an application's number to people."""
    return application.id[:8].upper()


def next_number(uow: UnitOfWork, name: str) -> int:
    """The next number of counter ``name`` (1, 2, …), staged in ``uow``.

    Two units of work taking from one counter conflict at commit (``Conflict``), so a
    number is never handed out twice; the loser retries its whole use case.
    """
    repo = uow.repository(COUNTERS)
    current = repo.find(name)
    if current is None:
        counter, number = Counter(id=name).take()
        repo.add(counter)
    else:
        counter, number = current.take()
        repo.update(counter)
    return number


def by_number(storage: Storage, collection: Collection[T], number: str, title_ru: str) -> T:
    """The record of ``collection`` whose indexed ``number`` is ``number`` (canonical).

    Raises:
        NotFound: ``{collection}.not_found`` — no record carries this number.
    """
    with storage.unit_of_work() as uow:
        found = uow.repository(collection).query({"number": number}, limit=1)
    if not found:
        raise NotFound(
            f"no {collection.name} record numbered {number}",
            message_ru=f"{title_ru} {number} не найдено.",
            code=f"{collection.name}.not_found",
            value=number,
        )
    return found[0]
