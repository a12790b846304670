"""The applicant's use cases: choose a type, attach documents, submit, answer, withdraw.

Each call is one unit of work: the application, its journal entry and any outgoing
notification commit together or not at all. Applicants see only their own
applications (or their organisation's); anything else is ``NotFound``. The journal's
table (every event of the cabinet) is imported by the first change, not by a reading
(docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import attrs

from accredkit.domain.applications.application import (
    NO_INPUT,
    Application,
    DocumentRef,
    TransitionInput,
)
from accredkit.domain.applications.catalogue import CatalogueRegistry
from accredkit.domain.applications.eligibility import ApplicantKind, ApplicantProfile
from accredkit.domain.applications.events import (
    ApplicationCreated,
    DocumentAttached,
    DocumentDetached,
)
from accredkit.domain.applications.lifecycle import Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.domain.documents.formats import document_kind
from accredkit.domain.documents.rules import DocumentPolicy, DocumentReport, evaluate
from accredkit.domain.identifiers import Ogrn
from accredkit.domain.moscow import moscow_date
from accredkit.errors import NotFound, PermissionDenied, ValidationError, Violation
from accredkit.ports.blobs import BlobStore
from accredkit.ports.clock import Clock
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.consequences import ApplicationListener, Consequences
from accredkit.services.applications.moves import (
    application_subject,
    fire_visible,
    load_visible,
)
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS
from accredkit.services.screening import screened

__all__ = [
    "ApplicationListener",
    "ApplicationService",
    "RequirementsCheck",
]

RequirementsCheck = Callable[[UnitOfWork, str], frozenset[str]]
"""Given a unit of work and an applicant's account id: the unmet access requirement codes."""


def _represented(actor: Actor, ogrn: str | None) -> str:
    """``ogrn`` when the actor (as storage has it) represents that organisation."""
    parsed = None if ogrn is None else str(Ogrn.parse(ogrn))
    if parsed is None or actor.organisation_ogrn != parsed:
        raise PermissionDenied(
            f"{actor.id} does not represent organisation {ogrn}",
            message_ru="Подать заявление от организации может только ее представитель.",
            code="organisation.representative_required",
            hint_ru="Администратор связывает вас с организацией, или вы подаете доверенность, "
            "подписанную ЭП организации.",
            hint_en="An administrator links you to the organisation, or you submit a power "
            "of attorney signed with the organisation's e-signature.",
            value=ogrn,
        )
    return parsed


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
    authority: Authority
    policy: DocumentPolicy = attrs.field(factory=DocumentPolicy)
    consequences: Consequences = attrs.field(factory=Consequences)
    """What each move causes (``services/applications/decisions.py`` ships the table)."""

    def create(
        self,
        actor: Actor,
        type_code: str,
        profile: ApplicantProfile,
        *,
        catalogue: str | None = None,
    ) -> Application:
        """Open a draft of ``type_code`` after checking the applicant may apply for it.

        An organisation's type (``institutional``) is opened by a representative for the
        organisation storage links them to; the application is the organisation's.

        Raises:
            PermissionDenied: the actor is not an applicant, or
                ``organisation.representative_required``.
            NotFound: no such catalogue or type.
            ValidationError: not eligible; the violations say which type fits instead.
        """
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            actor = self.authority.admit(uow, actor, "applications.create")
        chosen_catalogue = self.catalogues.get(catalogue)
        if profile.applicant_kind is ApplicantKind.ORGANISATION:
            represented = _represented(actor, profile.organisation_ogrn or actor.organisation_ogrn)
            profile = attrs.evolve(profile, organisation_ogrn=represented)
        accreditation_type = chosen_catalogue.check(type_code, profile, today=moscow_date(now))
        ogrn: str | None = None  # a person's application is their own, whoever employs them
        if accreditation_type.applicant_kind is ApplicantKind.ORGANISATION:
            ogrn = _represented(actor, profile.organisation_ogrn)
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
        from accredkit.services.journal.table import happened

        with self.storage.unit_of_work() as uow:
            stored = uow.repository(APPLICATIONS).add(application)
            happened(
                uow,
                ApplicationCreated(stored.id, stored.catalogue, stored.type_code, now),
                actor=actor,
            )
            uow.commit()
        return stored

    def get(self, actor: Actor, application_id: str) -> Application:
        """The application, if the actor may see it."""
        with self.storage.unit_of_work() as uow:
            return load_visible(uow, self.authority, actor, "applications.get", application_id)[1]

    def list(self, actor: Actor) -> list[Application]:
        """The actor's own applications (and their organisation's), newest first."""
        with self.storage.unit_of_work() as uow:
            actor = self.authority.admit(uow, actor, "applications.list")
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
        """Check a file by its content and attach its clean copy; a bad file is refused.

        What is stored (and shown to reviewers) is the disarmed copy the inspector
        rebuilds from the file's content; the uploaded bytes' digest stays on the
        record as ``original_sha256`` (``docs/documents.md``, clean copies).

        Raises:
            ValidationError: the file breaks document rules (nothing is stored).
            TransitionNotAllowed: the application is not editable in its status.
        """
        with self.storage.unit_of_work() as uow:
            load_visible(uow, self.authority, actor, "applications.attach", application_id)
        report = self.check(data, filename, kind)
        report.raise_for_violations()
        clean = self.inspector.disarm(data)
        clean_sha256 = hashlib.sha256(clean).hexdigest()
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            actor, application = self._own(uow, actor, "applications.attach", application_id)
            ref = DocumentRef(
                kind=str(kind),
                sha256=clean_sha256,
                filename=filename,
                size=len(clean),
                valid=True,
                original_sha256=report.sha256,
            )
            attached = application.attach_document(ref)
            self.blobs.put(clean)  # content-addressed: a rolled-back attach leaves a spare copy
            stored = uow.repository(APPLICATIONS).update(attached)
            document = DocumentAttached(
                application_id, str(kind), clean_sha256, report.sha256, len(clean), now
            )
            from accredkit.services.journal.table import happened

            happened(uow, document, actor=actor)
            uow.commit()
        return stored, report

    def detach(self, actor: Actor, application_id: str, sha256: str) -> Application:
        """Remove an attached document (draft or needs-info)."""
        from accredkit.services.journal.table import happened

        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            actor, application = self._own(uow, actor, "applications.detach", application_id)
            stored = uow.repository(APPLICATIONS).update(application.detach_document(sha256))
            happened(uow, DocumentDetached(application_id, sha256, now), actor=actor)
            uow.commit()
        return stored

    def document(self, actor: Actor, application_id: str, sha256: str) -> bytes:
        """The bytes of an attached document, for those who may see the application."""
        action = "applications.document"
        with self.storage.unit_of_work() as uow:
            admitted, application, role = load_visible(
                uow, self.authority, actor, action, application_id
            )
            if not any(doc.sha256 == sha256 for doc in application.documents):
                raise NotFound(
                    "no such document on this application",
                    message_ru="Документ не найден.",
                    code="application.document_not_found",
                    value=sha256,
                )
            data = self.blobs.get(sha256)
            subject = application_subject(application)
            if self.authority.note_read(uow, admitted, action, role, subject, self.clock.now()):
                uow.commit()
        return data

    def submit(self, actor: Actor, application_id: str) -> Application:
        """Send the application: needs a complete document set and a verified account."""
        return self._fire(
            actor, application_id, "applications.submit", Trigger.SUBMIT, check_requirements=True
        )

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
        return self._fire(
            actor, application_id, "applications.answer", Trigger.ANSWER, reason=text.strip()
        )

    def withdraw(self, actor: Actor, application_id: str, reason: str | None = None) -> Application:
        """Withdraw the application (any state that is not final)."""
        return self._fire(
            actor, application_id, "applications.withdraw", Trigger.WITHDRAW, reason=reason
        )

    def _own(
        self, uow: UnitOfWork, actor: Actor, action: str, application_id: str
    ) -> tuple[Actor, Application]:
        admitted, application, _ = load_visible(uow, self.authority, actor, action, application_id)
        return admitted, application

    def _fire(
        self,
        actor: Actor,
        application_id: str,
        action: str,
        trigger: Trigger,
        *,
        reason: str | None = None,
        check_requirements: bool = False,
    ) -> Application:

        def context(uow: UnitOfWork, application: Application) -> TransitionInput:
            if not check_requirements:
                return NO_INPUT
            return TransitionInput(
                unmet_requirements=self.requirements(uow, application.applicant_id)
            )

        return fire_visible(
            self.storage,
            self.authority,
            self.clock.now(),
            actor,
            action,
            application_id,
            trigger,
            consequences=self.consequences,
            reason=reason,
            context=context,
        )
