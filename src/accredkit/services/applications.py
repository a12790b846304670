"""The applicant's use cases: choose a type, attach documents, submit, answer, withdraw.

Each call is one unit of work: the application, its journal entry and any outgoing
notification commit together or not at all. Applicants see only their own
applications (or their organisation's); anything else is ``NotFound``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from accredkit.domain.actors import Actor
from accredkit.domain.application import NO_INPUT, Application, DocumentRef, TransitionInput
from accredkit.domain.application_events import ApplicationEvent
from accredkit.domain.catalogue import CatalogueRegistry
from accredkit.domain.documents import DocumentPolicy, DocumentReport, document_kind, evaluate
from accredkit.domain.eligibility import ApplicantProfile
from accredkit.domain.lifecycle import Role, Trigger
from accredkit.domain.moscow import moscow_date
from accredkit.errors import NotFound, ValidationError, Violation
from accredkit.ports.blobs import BlobStore
from accredkit.ports.clock import Clock
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services import audit
from accredkit.services.collections import APPLICATIONS
from accredkit.services.screening import screened

__all__ = [
    "ApplicationListener",
    "ApplicationService",
    "RequirementsCheck",
    "fire_visible",
    "load_visible",
    "move",
    "visible_to",
]

RequirementsCheck = Callable[[UnitOfWork, str], frozenset[str]]
"""Given a unit of work and an applicant's account id: the unmet access requirement codes."""


class ApplicationListener(Protocol):
    """Called inside the unit of work of every move (notifications, certificates, acts)."""

    def __call__(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """React to ``event``; whatever it writes commits with the move."""
        ...


def visible_to(actor: Actor, application: Application) -> bool:
    """Staff see every application; an applicant their own and their organisation's."""
    if actor.is_staff:
        return True
    if application.applicant_id == actor.id:
        return True
    return (
        actor.organisation_ogrn is not None
        and application.organisation_ogrn == actor.organisation_ogrn
    )


def load_visible(uow: UnitOfWork, actor: Actor, application_id: str) -> Application:
    """The application if ``actor`` may see it; ``NotFound`` otherwise (existence stays hidden)."""
    application = uow.repository(APPLICATIONS).find(application_id)
    if application is None or not visible_to(actor, application):
        raise NotFound(
            f"application {application_id!r} not found",
            message_ru="Заявление не найдено.",
            code="application.not_found",
            value=application_id,
        )
    return application


def move(
    uow: UnitOfWork,
    application: Application,
    trigger: Trigger,
    *,
    actor: Actor,
    at: datetime,
    listeners: Sequence[ApplicationListener],
    reason: str | None = None,
    context: TransitionInput = NO_INPUT,
) -> tuple[Application, ApplicationEvent]:
    """Fire ``trigger``, store the result, journal it, tell the listeners — all in ``uow``."""
    moved, event = application.fire(
        trigger, actor=actor.id, role=actor.role, at=at, reason=reason, context=context
    )
    stored = uow.repository(APPLICATIONS).update(moved)
    uow.record(event)
    audit.record(
        uow,
        at=at,
        actor=actor,
        action=f"application.{trigger}",
        subject_type="application",
        subject_id=application.id,
        from_status=str(application.status),
        to_status=str(stored.status),
        reason_given=reason is not None,
    )
    for listener in listeners:
        listener(uow, stored, event)
    return stored, event


def fire_visible(
    storage: Storage,
    at: datetime,
    actor: Actor,
    application_id: str,
    trigger: Trigger,
    *,
    listeners: Sequence[ApplicationListener],
    reason: str | None = None,
    context: Callable[[UnitOfWork, Application], TransitionInput] | None = None,
) -> Application:
    """One move in its own unit of work, on an application the actor may see."""
    with storage.unit_of_work() as uow:
        application = load_visible(uow, actor, application_id)
        stored, _ = move(
            uow,
            application,
            trigger,
            actor=actor,
            at=at,
            listeners=listeners,
            reason=reason,
            context=context(uow, application) if context else NO_INPUT,
        )
        uow.commit()
    return stored


@screened
@attrs.define
class ApplicationService:
    """What an applicant (or an organisation's representative) does with applications."""

    storage: Storage
    catalogues: CatalogueRegistry
    inspector: DocumentInspector
    blobs: BlobStore
    clock: Clock
    random: RandomSource
    requirements: RequirementsCheck
    policy: DocumentPolicy = attrs.field(factory=DocumentPolicy)
    listeners: list[ApplicationListener] = attrs.field(factory=list)

    def create(
        self,
        actor: Actor,
        type_code: str,
        profile: ApplicantProfile,
        *,
        catalogue: str | None = None,
    ) -> Application:
        """Open a draft of ``type_code`` after checking the applicant may apply for it.

        Raises:
            PermissionDenied: the actor is not an applicant.
            NotFound: no such catalogue or type.
            ValidationError: not eligible; the violations say which type fits instead.
        """
        actor.require(Role.APPLICANT)
        now = self.clock.now()
        chosen_catalogue = self.catalogues.get(catalogue)
        accreditation_type = chosen_catalogue.check(type_code, profile, today=moscow_date(now))
        ogrn = profile.organisation_ogrn or actor.organisation_ogrn
        previous = profile.previous_certificate
        application = Application.create(
            id=self.random.new_id(),
            applicant_id=actor.id,
            catalogue=chosen_catalogue.name,
            accreditation_type=accreditation_type,
            at=now,
            organisation_ogrn=ogrn,
            specialty=profile.specialty,
            previous_certificate=previous.number if previous else None,
            requested_term_months=profile.requested_term_months,
        )
        with self.storage.unit_of_work() as uow:
            stored = uow.repository(APPLICATIONS).add(application)
            audit.record(
                uow,
                at=now,
                actor=actor,
                action="application.created",
                subject_type="application",
                subject_id=stored.id,
                catalogue=stored.catalogue,
                type=stored.type_code,
            )
            uow.commit()
        return stored

    def get(self, actor: Actor, application_id: str) -> Application:
        """The application, if the actor may see it."""
        with self.storage.unit_of_work() as uow:
            return load_visible(uow, actor, application_id)

    def list(self, actor: Actor) -> list[Application]:
        """The actor's own applications (and their organisation's), newest first."""
        with self.storage.unit_of_work() as uow:
            repo = uow.repository(APPLICATIONS)
            found = {a.id: a for a in repo.query({"applicant_id": actor.id})}
            if actor.organisation_ogrn:
                for a in repo.query({"organisation_ogrn": actor.organisation_ogrn}):
                    found[a.id] = a
        return sorted(found.values(), key=lambda a: (a.created_at, a.id), reverse=True)

    def check(self, data: bytes, filename: str, kind: str = "other") -> DocumentReport:
        """Run the document rules on a file without storing anything."""
        document_kind(kind)  # an unknown kind is refused before any inspection work
        facts = self.inspector.inspect(data, filename)
        return evaluate(facts, filename, kind, self.policy)

    def attach(
        self, actor: Actor, application_id: str, data: bytes, filename: str, kind: str
    ) -> tuple[Application, DocumentReport]:
        """Check a file by its content and attach it; a bad file is refused with every reason.

        Raises:
            ValidationError: the file breaks document rules (nothing is stored).
            TransitionNotAllowed: the application is not editable in its status.
        """
        report = self.check(data, filename, kind)
        report.raise_for_violations()
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            application = self._own(uow, actor, application_id)
            ref = DocumentRef(
                kind=str(kind), sha256=report.sha256, filename=filename, size=len(data), valid=True
            )
            attached = application.attach_document(ref)
            self.blobs.put(data)  # content-addressed: a rolled-back attach leaves only a spare copy
            stored = uow.repository(APPLICATIONS).update(attached)
            audit.record(
                uow,
                at=now,
                actor=actor,
                action="application.document_attached",
                subject_type="application",
                subject_id=application_id,
                kind=str(kind),
                sha256=report.sha256,
                size=len(data),
            )
            uow.commit()
        return stored, report

    def detach(self, actor: Actor, application_id: str, sha256: str) -> Application:
        """Remove an attached document (draft or needs-info)."""
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            application = self._own(uow, actor, application_id)
            stored = uow.repository(APPLICATIONS).update(application.detach_document(sha256))
            audit.record(
                uow,
                at=now,
                actor=actor,
                action="application.document_detached",
                subject_type="application",
                subject_id=application_id,
                sha256=sha256,
            )
            uow.commit()
        return stored

    def document(self, actor: Actor, application_id: str, sha256: str) -> bytes:
        """The bytes of an attached document, for those who may see the application."""
        with self.storage.unit_of_work() as uow:
            application = load_visible(uow, actor, application_id)
        if not any(doc.sha256 == sha256 for doc in application.documents):
            raise NotFound(
                "no such document on this application",
                message_ru="Документ не найден.",
                code="application.document_not_found",
                value=sha256,
            )
        return self.blobs.get(sha256)

    def submit(self, actor: Actor, application_id: str) -> Application:
        """Send the application: needs a complete document set and a verified account."""
        return self._fire(actor, application_id, Trigger.SUBMIT, check_requirements=True)

    def answer(self, actor: Actor, application_id: str, text: str) -> Application:
        """Answer the body's request for information (back to processing)."""
        if not text or not text.strip():
            raise ValidationError.of(
                [
                    Violation(
                        "application.answer_required",
                        "text",
                        "Напишите ответ на запрос.",
                        "Write an answer to the request.",
                    )
                ]
            )
        return self._fire(actor, application_id, Trigger.ANSWER, reason=text.strip())

    def withdraw(self, actor: Actor, application_id: str, reason: str | None = None) -> Application:
        """Withdraw the application (any state that is not final)."""
        return self._fire(actor, application_id, Trigger.WITHDRAW, reason=reason)

    def _own(self, uow: UnitOfWork, actor: Actor, application_id: str) -> Application:
        actor.require(Role.APPLICANT)
        return load_visible(uow, actor, application_id)

    def _fire(
        self,
        actor: Actor,
        application_id: str,
        trigger: Trigger,
        *,
        reason: str | None = None,
        check_requirements: bool = False,
    ) -> Application:
        actor.require(Role.APPLICANT)

        def context(uow: UnitOfWork, application: Application) -> TransitionInput:
            if not check_requirements:
                return NO_INPUT
            return TransitionInput(
                unmet_requirements=self.requirements(uow, application.applicant_id)
            )

        return fire_visible(
            self.storage,
            self.clock.now(),
            actor,
            application_id,
            trigger,
            listeners=self.listeners,
            reason=reason,
            context=context,
        )
