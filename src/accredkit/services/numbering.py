"""Taking the next number of a named counter inside a unit of work."""

from __future__ import annotations

from accredkit.domain.numbering import Counter
from accredkit.ports.storage import Collection, UnitOfWork

__all__ = ["COUNTERS", "next_number"]

COUNTERS = Collection("counters", Counter)


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
