"""History (история заявлений): every application of an account with its decisions and acts.

Read-only. Acts and certificates belong to other use cases; they are read through the
``Linked`` callables given at construction, inside the same unit of work, so the whole
history is one consistent snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final

import attrs

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import HistoryEntry
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.domain.masks import mask_text
from accredkit.errors import PermissionDenied
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.applications.moves import application_subject, load_visible
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS
from accredkit.services.screening import screened

__all__ = ["DECISION_TRIGGERS", "ApplicationRecord", "HistoryService", "Linked"]

_BODY_ROLES = (Role.REVIEWER, Role.APPROVER, Role.OPERATOR, Role.AUDITOR)

Linked = Callable[[UnitOfWork, str], Sequence[object]]
"""Given a unit of work and an application id: the records linked to it (acts, certificates)."""

DECISION_TRIGGERS: Final = frozenset(
    {Trigger.APPROVE, Trigger.REJECT, Trigger.WITHDRAW, Trigger.EXPIRE_INFO}
)
"""Moves that end an application: the decisions a history shows with their reasons."""


def _nothing(uow: UnitOfWork, application_id: str) -> Sequence[object]:
    return ()


@attrs.frozen
class ApplicationRecord:
    """One application as its history shows it."""

    application_id: str
    applicant_id: str
    organisation_ogrn: str | None
    catalogue: str
    type_code: str
    status: ApplicationStatus
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    closed_at: datetime | None
    decision_reason: str | None = attrs.field(repr=mask_text)
    transitions: tuple[HistoryEntry, ...]
    acts: tuple[object, ...] = ()
    certificates: tuple[object, ...] = ()

    @property
    def decisions(self) -> tuple[HistoryEntry, ...]:
        """The moves that closed the application (approve, reject, withdraw, expiry)."""
        return tuple(e for e in self.transitions if e.trigger in DECISION_TRIGGERS)


@screened
class HistoryService:
    """Lists an account's applications with every transition, decision, act and certificate.

    Args:
        storage: Where applications live.
        authority: Who reaches which application (``docs/authority.md``).
        acts: Lists the acts of an application (``None``: none are shown yet).
        certificates: Lists the certificates of an application (``None``: none shown).
    """

    def __init__(
        self,
        storage: Storage,
        authority: Authority,
        *,
        acts: Linked | None = None,
        certificates: Linked | None = None,
    ) -> None:
        self._storage = storage
        self._authority = authority
        self._acts = acts or _nothing
        self._certificates = certificates or _nothing

    def history(self, actor: Actor, account_id: str | None = None) -> list[ApplicationRecord]:
        """Every application of ``account_id`` (default: the actor's own), newest first.

        An applicant may ask only for their own account; a representative also for a
        colleague's, and then sees only the applications of their organisation. Staff may
        ask for any account.

        Args:
            actor: Who asks.
            account_id: Whose applications.

        Returns:
            One record per application the actor may see, newest first.

        Raises:
            PermissionDenied: an applicant asked for another account
                (``history.other_account``), whether that account exists or not.
        """
        action = "history.history"
        with self._storage.unit_of_work() as uow:
            actor = self._authority.admit(uow, actor, action)
            account = actor.id if account_id is None else account_id
            body = actor.holds(*_BODY_ROLES)
            if not body and account != actor.id and actor.organisation_ogrn is None:
                raise PermissionDenied(
                    f"{actor.id} may not read the history of another account",
                    message_ru="История чужой учетной записи недоступна.",
                    code="history.other_account",
                )
            applications = uow.repository(APPLICATIONS).query(
                {"applicant_id": account}, order_by="created_at", descending=True
            )
            records, noted = [], False
            for app in applications:
                subject = application_subject(app)
                role = self._authority.sees(actor, action, subject)
                if role is None:
                    continue
                records.append(self._record(uow, app))
                now = self._authority.clock.now()
                noted = self._authority.note_read(uow, actor, action, role, subject, now) or noted
            if noted:
                uow.commit()
            return records

    def application(self, actor: Actor, application_id: str) -> ApplicationRecord:
        """The history of one application.

        Raises:
            NotFound: no such application, or ``actor`` may not see it.
        """
        action = "history.application"
        with self._storage.unit_of_work() as uow:
            admitted, app, role = load_visible(uow, self._authority, actor, action, application_id)
            record = self._record(uow, app)
            subject = application_subject(app)
            if self._authority.note_read(
                uow, admitted, action, role, subject, self._authority.clock.now()
            ):
                uow.commit()
            return record

    def _record(self, uow: UnitOfWork, app: Application) -> ApplicationRecord:
        return ApplicationRecord(
            application_id=app.id,
            applicant_id=app.applicant_id,
            organisation_ogrn=app.organisation_ogrn,
            catalogue=app.catalogue,
            type_code=app.type_code,
            status=app.status,
            created_at=app.created_at,
            submitted_at=app.submitted_at,
            decided_at=app.decided_at,
            closed_at=app.closed_at,
            decision_reason=app.decision_reason,
            transitions=app.history,
            acts=tuple(self._acts(uow, app.id)),
            certificates=tuple(self._certificates(uow, app.id)),
        )
