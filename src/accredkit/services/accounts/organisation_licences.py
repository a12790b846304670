"""An organisation's licence in the register, checked when it matters (``docs/organisations.md``).

Registration, submission and approval of an institutional application all ask the
register again on the Moscow day, so a licence that lapsed since refuses each with the
same advice (``accredkit.domain.accounts.organisations.licence_in_force``).
"""

from __future__ import annotations

from datetime import date

import attrs

from accredkit.domain.accounts.organisations import licence_in_force
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.domain.identifiers import Ogrn
from accredkit.domain.moscow import moscow_date
from accredkit.domain.registry import LicenceRecord, OrganisationRecord
from accredkit.ports.registry import Registry
from accredkit.ports.storage import UnitOfWork

__all__ = ["LicenceGate", "registered_licence"]


def registered_licence(
    registry: Registry, ogrn: str, today: date
) -> tuple[OrganisationRecord, LicenceRecord]:
    """The register's record of ``ogrn`` and its licence in force on ``today``.

    Raises:
        ValidationError: ``organisation.unknown``, ``organisation.licence_absent`` or
            ``organisation.licence_expired`` (with advice).
        PortUnavailable: the register did not answer.
    """
    record = registry.organisation(Ogrn.parse(ogrn))
    licences = [] if record is None else [registry.licence(n) for n in record.licences]
    licence = licence_in_force(ogrn, record, licences, today)
    assert record is not None  # licence_in_force refused an unknown organisation
    return record, licence


@attrs.define
class LicenceGate:
    """Refuses to submit or approve an institutional application without a licence in force.

    A handler of the consequence table (``services/applications/decisions.py``), on submission and
    approval: it runs inside the move's unit of work, so a refusal rolls the move back
    with everything it staged.
    """

    registry: Registry

    def __call__(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Check the register's licence of the application's organisation on the Moscow day."""
        if application.organisation_ogrn is not None:
            registered_licence(self.registry, application.organisation_ogrn, moscow_date(event.at))
