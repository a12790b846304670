"""Who may see an application: its applicant, its organisation's representatives, staff.

One rule for every use case that reads an application (messages, history, reports), so
they never disagree. A hidden application is reported exactly like a missing one.
"""

from __future__ import annotations

from accredkit.domain.actors import Actor
from accredkit.domain.application import Application
from accredkit.errors import NotFound
from accredkit.ports.storage import UnitOfWork
from accredkit.services.collections import APPLICATIONS

__all__ = ["can_see", "not_found", "visible_application"]


def can_see(actor: Actor, application: Application) -> bool:
    """Whether ``actor`` may see ``application``.

    Staff (and the system) see every application; an applicant sees the applications
    they filed, and a representative (an applicant acting for an organisation) also
    those of that organisation.
    """
    if actor.is_staff:
        return True
    if application.applicant_id == actor.id:
        return True
    ogrn = actor.organisation_ogrn
    return ogrn is not None and application.organisation_ogrn == ogrn


def not_found(application_id: str) -> NotFound:
    """The error for a missing application, and equally for one the caller may not see."""
    return NotFound(
        f"applications {application_id!r} not found",
        message_ru=f"Заявление {application_id!r} не найдено.",
        code="applications.not_found",
        value=application_id,
    )


def visible_application(uow: UnitOfWork, actor: Actor, application_id: str) -> Application:
    """The application ``application_id`` if ``actor`` may see it.

    Raises:
        NotFound: there is no such application, or ``actor`` may not see it — the same
            error either way, so its existence is not revealed (``applications.not_found``).
    """
    application = uow.repository(APPLICATIONS).find(application_id)
    if application is None or not can_see(actor, application):
        raise not_found(application_id)
    return application
