"""One move of an application, as every use case that moves one makes it (docs/architecture.md).

Admit the actor and load the application it reaches; fire the trigger on the aggregate,
which applies its lifecycle row; store it; carry out the row's consequences; journal the
event — all in the caller's unit of work. The applicant's use cases and the body's
reviews both go through here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from accredkit.domain.applications.application import NO_INPUT, Application, TransitionInput
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.domain.applications.lifecycle import Role, Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.errors import NotFound
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.consequences import Consequences
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS

__all__ = ["application_missing", "application_subject", "fire_visible", "load_visible", "move"]


def application_subject(application: Application) -> Subject:
    """An application as the permission rule sees it (owner, organisation, handlers)."""
    return Subject(
        "application",
        application.id,
        application.applicant_id,
        application.organisation_ogrn,
        application.prepared_by,
    )


def application_missing(application_id: str) -> NotFound:
    """The one answer for an application that does not exist or is out of reach."""
    return NotFound(
        f"application {application_id!r} not found",
        message_ru="Заявление не найдено.",
        code="application.not_found",
        value=application_id,
    )


def load_visible(
    uow: UnitOfWork, authority: Authority, actor: Actor, action: str, application_id: str
) -> tuple[Actor, Application, Role]:
    """Admit ``actor`` to ``action`` and load the application it reaches.

    Returns:
        The actor as storage has it, the application, and the role that reaches it.

    Raises:
        NotFound: ``application.not_found`` — missing, or not the actor's to know of.
        PermissionDenied: the role, the subject or a conflict of interest refuses it.
        AuthenticationFailed: the actor's session is not valid now.
    """
    admitted = authority.admit(uow, actor, action)
    application = uow.repository(APPLICATIONS).find(application_id)
    subject = None if application is None else application_subject(application)
    role = authority.reach(admitted, action, subject, application_missing(application_id))
    assert application is not None  # reach refused a missing one
    return admitted, application, role


def move(
    uow: UnitOfWork,
    application: Application,
    trigger: Trigger,
    *,
    actor: Actor,
    at: datetime,
    consequences: Consequences,
    reason: str | None = None,
    context: TransitionInput = NO_INPUT,
) -> tuple[Application, ApplicationEvent]:
    """Fire ``trigger``, store the result, carry out its consequences, journal it — in ``uow``.

    ``actor`` has been admitted; the lifecycle table decides which of its roles may
    fire ``trigger`` (the only role check for moves) and what the move causes; the
    consequence table carries that out (docs/architecture.md, "What a move causes").
    """
    from accredkit.services.journal.table import happened

    role = actor.role_for(application.status, trigger)
    moved, event = application.fire(
        trigger, actor=actor.id, role=role, at=at, reason=reason, context=context
    )
    stored = uow.repository(APPLICATIONS).update(moved)
    event, _ = consequences.carry_out(uow, stored, event)  # an approval names its certificate
    happened(uow, event)
    return stored, event


def fire_visible(
    storage: Storage,
    authority: Authority,
    at: datetime,
    actor: Actor,
    action: str,
    application_id: str,
    trigger: Trigger,
    *,
    consequences: Consequences,
    reason: str | None = None,
    context: Callable[[UnitOfWork, Application], TransitionInput] | None = None,
) -> Application:
    """One move in its own unit of work, by an admitted actor on an application it reaches."""
    with storage.unit_of_work() as uow:
        admitted, application, _ = load_visible(uow, authority, actor, action, application_id)
        stored, _ = move(
            uow,
            application,
            trigger,
            actor=admitted,
            at=at,
            consequences=consequences,
            reason=reason,
            context=context(uow, application) if context else NO_INPUT,
        )
        uow.commit()
    return stored
