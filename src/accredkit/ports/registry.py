"""Registry port: the professional register (workers, organisations, licences)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # every command loads the ports; the register's records load with a look-up
    from accredkit.domain.identifiers import Ogrn, Snils
    from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord

__all__ = ["Registry"]


class Registry(Protocol):
    """Looks up records; returns ``None`` for unknown ones, ``PortUnavailable`` on failure."""

    def worker(self, snils: Snils) -> WorkerRecord | None:
        """The medical worker registered under ``snils``."""
        ...

    def organisation(self, ogrn: Ogrn) -> OrganisationRecord | None:
        """The organisation registered under ``ogrn``."""
        ...

    def licence(self, number: str) -> LicenceRecord | None:
        """The medical licence ``number``."""
        ...

    def employees(self, ogrn: Ogrn) -> tuple[WorkerRecord, ...]:
        """The workers whose employer is ``ogrn`` (the register's employer link), by СНИЛС."""
        ...
