"""The application aggregate: one accreditation request and everything done to it.

``Application`` is a frozen value. ``fire`` looks the move up in the lifecycle table
(``lifecycle.py``), runs every guard of the row, and only then builds the next value with
one more history entry and the past-tense event the move records. A refused move raises
and leaves nothing changed: there is nothing to change, the old value is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Final

import attrs

from accredkit.domain.applications.catalogue import AccreditationType, add_months
from accredkit.domain.applications.events import ApplicationEvent, HistoryEntry
from accredkit.domain.applications.lifecycle import (
    TRANSITIONS,
    ApplicationStatus,
    Role,
    Trigger,
    transition_for,
    transitions_from,
)
from accredkit.domain.applications.lifecycle_changes import InfoRequest
from accredkit.domain.masks import mask_text
from accredkit.errors import NotFound, TransitionNotAllowed, ValidationError, Violation

__all__ = [
    "EDITABLE_STATES",
    "NO_INPUT",
    "Application",
    "DocumentRef",
    "HistoryEntry",
    "InfoRequest",
    "TransitionInput",
]

EDITABLE_STATES: Final[frozenset[ApplicationStatus]] = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.NEEDS_INFO}
)
"""States in which the applicant may attach and detach documents."""

_SHA256 = re.compile(r"[0-9a-f]{64}")
_ROWS: Final = {(row.source, row.trigger): row for row in TRANSITIONS}
_PREPARING: Final = frozenset({Trigger.ACCEPT, Trigger.REQUEST_INFO, Trigger.SEND_FOR_APPROVAL})
_BEING_PREPARED: Final = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING})


@attrs.frozen
class DocumentRef:
    """A document attached to an application: its kind, content hash and whether it passed.

    ``valid`` is set by whoever ran the document check (``docs/documents.md``); submit
    needs it true. ``sha256`` and ``size`` are those of the clean copy that is stored
    and shown; ``original_sha256`` is the digest of the bytes as uploaded, for the record.
    """

    kind: str
    sha256: str
    filename: str = attrs.field(repr=mask_text)
    size: int
    valid: bool
    original_sha256: str | None = None


@attrs.frozen
class TransitionInput:
    """Facts the caller supplies for a move, beyond who and when.

    ``unmet_requirements`` are the account's unmet access requirement codes (docs/security.md);
    ``None`` means they were not checked, and submit refuses that. ``question`` and
    ``deadline`` belong to a request for information.
    """

    unmet_requirements: frozenset[str] | None = None
    question: str | None = attrs.field(default=None, repr=mask_text)
    deadline: datetime | None = None


NO_INPUT: Final = TransitionInput()


class _Context:
    """One attempted move as its guards, field change and event see it.

    Implements ``lifecycle_guards.GuardContext`` and ``lifecycle_changes.MoveFacts``.
    """

    __slots__ = ("_app", "_given", "actor", "at", "reason")

    def __init__(
        self, app: Application, actor: str, at: datetime, reason: str | None, given: TransitionInput
    ) -> None:
        self._app, self._given = app, given
        self.actor, self.at, self.reason = actor, at, reason

    @property
    def unmet_requirements(self) -> frozenset[str] | None:
        return self._given.unmet_requirements

    @property
    def question(self) -> str | None:
        return self._given.question

    @property
    def deadline(self) -> datetime | None:
        return self._given.deadline

    @property
    def sent_for_approval_by(self) -> str | None:
        return self._app.sent_for_approval_by

    @property
    def prepared_by(self) -> frozenset[str]:
        return self._app.prepared_by

    @property
    def info_deadline(self) -> datetime | None:
        request = self._app.info_request
        return None if request is None else request.deadline

    def missing_documents(self) -> tuple[str, ...]:
        present = {doc.kind for doc in self._app.documents if doc.valid}
        return tuple(kind for kind in self._app.required_documents if kind not in present)

    def invalid_documents(self) -> tuple[str, ...]:
        return tuple(doc.filename for doc in self._app.documents if not doc.valid)


def _refuse(code: str, field: str, ru: str, en: str, value: Any = None) -> ValidationError:
    return ValidationError.of((Violation(code, field, ru, en),), value=value)


@attrs.frozen(slots=False)
class Application:
    """An accreditation application (заявление) and its whole history.

    ``required_documents`` and ``term_months`` (the certificate's term: the type's validity,
    or the requested term of a limited-term type) are copied from the accreditation type
    when the application is created, so later catalogue changes do not move the goalposts
    of a running case.
    Without slots, so that a move can copy the field dict (see ``_evolved``); frozen all
    the same.
    """

    id: str
    applicant_id: str
    catalogue: str
    type_code: str
    created_at: datetime
    version: int = 0
    organisation_ogrn: str | None = None
    required_documents: tuple[str, ...] = ()
    status: ApplicationStatus = ApplicationStatus.DRAFT
    documents: tuple[DocumentRef, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    info_request: InfoRequest | None = None
    sent_for_approval_by: str | None = None
    decision_reason: str | None = attrs.field(default=None, repr=mask_text)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    closed_at: datetime | None = None
    specialty: str | None = None
    previous_certificate: str | None = None
    info_deadline: datetime | None = None
    term_months: int | None = None

    @classmethod
    def create(
        cls,
        *,
        id: str,
        applicant_id: str,
        catalogue: str,
        accreditation_type: AccreditationType,
        at: datetime,
        organisation_ogrn: str | None = None,
        specialty: str | None = None,
        previous_certificate: str | None = None,
        requested_term_months: int | None = None,
    ) -> Application:
        """A new draft for ``accreditation_type`` of ``catalogue``.

        Args:
            id: The application's id (from the id source).
            applicant_id: The applicant's account id.
            catalogue: The catalogue name the type comes from.
            accreditation_type: The chosen type; its required document kinds are copied.
            at: Creation time, UTC-aware.
            organisation_ogrn: The organisation's ОГРН for an institutional application.
            specialty: The specialty the accreditation is for (it goes on the certificate).
            previous_certificate: The number of the certificate a repeat one follows.
            requested_term_months: The term asked for (a limited-term type only).

        Returns:
            The draft, version 0, with empty history.

        Raises:
            ValidationError: ``at`` is naive (``application.naive_time``).
        """
        _require_aware(at)
        return cls(
            id=id,
            applicant_id=applicant_id,
            catalogue=catalogue,
            type_code=accreditation_type.code,
            created_at=at,
            organisation_ogrn=organisation_ogrn,
            required_documents=tuple(accreditation_type.required_documents),
            specialty=specialty,
            previous_certificate=previous_certificate,
            term_months=accreditation_type.term_months(requested_term_months),
        )

    def valid_until(self, issued_on: date) -> date:
        """The last day of the certificate this application earns if issued on ``issued_on``.

        It comes from the terms the application was opened under (``term_months``), so a
        later change of the catalogue does not change a running case's term.

        Raises:
            ValidationError: the application holds no term (``application.no_term``).
        """
        if self.term_months is None or self.term_months < 1:
            raise _refuse(
                "application.no_term",
                "term_months",
                "У заявления не указан срок действия аккредитации.",
                "The application holds no accreditation term.",
                value=self.id,
            )
        return add_months(issued_on, self.term_months) - timedelta(days=1)

    def fire(
        self,
        trigger: Trigger,
        *,
        actor: str,
        role: Role,
        at: datetime,
        reason: str | None = None,
        context: TransitionInput = NO_INPUT,
    ) -> tuple[Application, ApplicationEvent]:
        """Make one move of the lifecycle, or refuse it with nothing changed.

        The row of the lifecycle table decides everything: who and when (roles, guards),
        the fields the move sets (its change) and the event it raises.

        Args:
            trigger: What is done (submit, accept, …).
            actor: Who does it (an account or staff id; ``"system"`` for the system).
            role: In which role the actor acts.
            at: When, UTC-aware.
            reason: Why; required for negative decisions, kept in the history.
            context: Caller-supplied facts (access requirements, question and deadline).

        Returns:
            The application after the move, and the event it records.

        Raises:
            TransitionNotAllowed: The table has no such move from this state for this role.
            ValidationError: A guard refused (``application.documents_incomplete``,
                ``application.access_requirements_unmet``, ``application.reason_required``,
                ``application.four_eyes``, ``application.deadline_not_passed``, …), or
                ``at`` is naive, or ``actor`` is empty.
        """
        row = _ROWS.get((self.status, trigger))
        if row is None or role not in row.roles:
            row = transition_for(self.status, trigger, role)  # raises TransitionNotAllowed
        if at.utcoffset() is None:
            _require_aware(at)
        if not actor:
            raise _refuse(
                "application.actor_required",
                "actor",
                "Не указано, кто выполняет действие.",
                "The actor is missing.",
            )
        reason = (reason.strip() or None) if reason else None
        ctx = _Context(self, actor, at, reason, context)
        if row.guards:
            found: tuple[Violation, ...] = ()
            for guard in row.guards:
                found += guard(ctx)
            if found:
                raise ValidationError.of(found, value=(self.id, str(row.trigger)))
        entry = HistoryEntry(at, actor, role, row.trigger, self.status, row.target, reason)
        changes = {"status": row.target, "history": (*self.history, entry), **row.change(ctx)}
        event = row.event.of_move(self.id, entry, ctx)
        return self._evolved(changes), event

    @property
    def prepared_by(self) -> frozenset[str]:
        """Everyone who took, questioned or sent on the case before it reached a decision."""
        return frozenset(
            entry.actor
            for entry in self.history
            if entry.trigger in _PREPARING
            and entry.from_status in _BEING_PREPARED
            and entry.role is not Role.SYSTEM
        )

    def _evolved(self, changes: Mapping[str, object]) -> Application:
        """``attrs.evolve`` without running ``__init__`` again.

        The class has no validators, converters or slots, so copying the field dict is the
        same value, several times faster: this is most of the cost of a move.
        """
        new = object.__new__(Application)
        new.__dict__.update(self.__dict__, **changes)
        return new

    def attach_document(self, document: DocumentRef) -> Application:
        """The application with ``document`` added (draft or needs-info only).

        Args:
            document: The checked document's reference.

        Returns:
            The application with the document appended.

        Raises:
            TransitionNotAllowed: The application is not editable in its status.
            ValidationError: The hash is malformed, or the same content is already attached.
        """
        self._require_editable("attach_document")
        if not _SHA256.fullmatch(document.sha256) or document.size < 0:
            raise _refuse(
                "application.bad_document_ref",
                "documents",
                "Ссылка на документ повреждена (хеш SHA-256 или размер).",
                "The document reference is malformed (SHA-256 hash or size).",
                document,
            )
        if any(doc.sha256 == document.sha256 for doc in self.documents):
            raise _refuse(
                "application.duplicate_document",
                "documents",
                "Этот файл уже приложен к заявлению.",
                "This file is already attached to the application.",
                document.sha256,
            )
        return attrs.evolve(self, documents=(*self.documents, document))

    def detach_document(self, sha256: str) -> Application:
        """The application without the document whose content hash is ``sha256``.

        Raises:
            TransitionNotAllowed: The application is not editable in its status.
            NotFound: No such document is attached (``application.document_not_found``).
        """
        self._require_editable("detach_document")
        kept = tuple(doc for doc in self.documents if doc.sha256 != sha256)
        if len(kept) == len(self.documents):
            raise NotFound(
                f"No document {sha256} is attached to application {self.id}.",
                message_ru="Такой документ не приложен к заявлению.",
                code="application.document_not_found",
                value=sha256,
            )
        return attrs.evolve(self, documents=kept)

    def _require_editable(self, action: str) -> None:
        if self.status not in EDITABLE_STATES:
            raise TransitionNotAllowed(
                f"Documents cannot be changed in status {self.status}.",
                message_ru=f"В статусе «{self.status.label_ru}» документы изменить нельзя.",
                code="application.not_editable",
                state=str(self.status),
                trigger=action,
                role=str(Role.APPLICANT),
            )

    def available_triggers(self, role: Role) -> tuple[Trigger, ...]:
        """What ``role`` may try now (guards aside): for buttons in the cabinet."""
        return tuple(row.trigger for row in transitions_from(self.status) if role in row.roles)


def _require_aware(at: datetime) -> None:
    if at.utcoffset() is None:
        raise _refuse(
            "application.naive_time",
            "at",
            "Время должно быть указано с часовым поясом (UTC).",
            "The time must be time-zone aware (UTC).",
            at,
        )
