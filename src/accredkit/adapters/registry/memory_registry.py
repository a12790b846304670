"""In-memory professional register (tests, demos)."""

from __future__ import annotations

from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord

__all__ = ["MemoryRegistry"]


class MemoryRegistry:
    """Records added by hand."""

    def __init__(self) -> None:
        self.workers: dict[Snils, WorkerRecord] = {}
        self.organisations: dict[Ogrn, OrganisationRecord] = {}
        self.licences: dict[str, LicenceRecord] = {}

    def add(self, record: WorkerRecord | OrganisationRecord | LicenceRecord) -> None:
        """Add or replace a record."""
        if isinstance(record, WorkerRecord):
            self.workers[record.snils] = record
        elif isinstance(record, OrganisationRecord):
            self.organisations[record.ogrn] = record
        else:
            self.licences[record.number] = record

    def worker(self, snils: Snils) -> WorkerRecord | None:
        """The worker under ``snils``."""
        return self.workers.get(snils)

    def organisation(self, ogrn: Ogrn) -> OrganisationRecord | None:
        """The organisation under ``ogrn``."""
        return self.organisations.get(ogrn)

    def licence(self, number: str) -> LicenceRecord | None:
        """The licence ``number``."""
        return self.licences.get(number)

    def employees(self, ogrn: Ogrn) -> tuple[WorkerRecord, ...]:
        """The workers employed by ``ogrn``, by СНИЛС."""
        found = (w for w in self.workers.values() if w.employer_ogrn == ogrn)
        return tuple(sorted(found, key=lambda worker: worker.snils.digits))
