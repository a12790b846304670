"""The journal is derived from events by this one table (docs/journal.md).

A use case records what happened — ``happened(uow, event, actor=...)`` — and never
writes a journal entry itself: the event's row names the action, the subject and the
details (ids, codes and hashes only; ``JournalDraft`` refuses personal data). One row
per event class; a test fails when a ``DomainEvent`` class has no row. Adding an event
is adding its row here (docs/architecture.md, "Adding a consequence").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from accredkit.domain.accounts import activity_events as act
from accredkit.domain.accounts import organisations as org
from accredkit.domain.accounts.events import AccountLockedOut, LoginFailed
from accredkit.domain.applications import events as app
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority import staff_events as staff
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.certificates.acts import ActRecorded
from accredkit.domain.certificates.certificate import CertificateIssued, CertificateRevoked
from accredkit.domain.correspondence import outbox_events as note
from accredkit.domain.correspondence import support_events as support
from accredkit.domain.correspondence.messages import MessageSent, MessagesRead
from accredkit.domain.events import DomainEvent
from accredkit.domain.journal.entries import JournalDraft
from accredkit.ports.storage import UnitOfWork
from accredkit.services.journal.account_table import ACCOUNT_ACTIONS, account_details

__all__ = ["JOURNAL", "JournalRow", "UnmappedEvent", "happened", "journal_draft"]

Subject = tuple[str, str]


def _nothing(event: Any) -> Mapping[str, Any]:
    return {}


@attrs.frozen
class JournalRow:
    """What one event class becomes in the journal.

    Attributes:
        action: the dotted action, or how to read it off the event.
        subject: the (type, id) the entry is about.
        details: ids, codes and hashes for ``details``.
        actor: who caused it when the use case does not say (``None``: it must).
        publish: whether subscribers and plugins see the event after commit (reads
            are journaled, not published).
    """

    action: str | Callable[[Any], str]
    subject: Callable[[Any], Subject]
    details: Callable[[Any], Mapping[str, Any]] = _nothing
    actor: Callable[[Any], Actor] | None = None
    publish: bool = True

    def draft(self, event: Any, actor: Actor | None = None) -> JournalDraft:
        """The entry for ``event``, by ``actor`` (or the row's default actor)."""
        who = actor if actor is not None else self.actor(event) if self.actor else None
        if who is None:
            raise UnmappedEvent(f"{type(event).__name__} needs the actor who caused it")
        kind, subject_id = self.subject(event)
        return JournalDraft(
            time=event.at,
            actor=who.id,
            role=str(who.role),
            action=self.action if isinstance(self.action, str) else self.action(event),
            subject_type=kind,
            subject_id=subject_id,
            details=self.details(event),
        )


class UnmappedEvent(LookupError):
    """An event class without a journal row, or without the actor its row needs.

    A programming error (the table is incomplete), never the user's: a test keeps
    every ``DomainEvent`` class in the table.
    """


# --- who, about what --------------------------------------------------------------


def _holder(event: Any) -> Actor:
    return Actor(event.account_id, Role.APPLICANT)


def _system(event: Any) -> Actor:
    return SYSTEM


def _mover(event: app.ApplicationEvent) -> Actor:
    return Actor(event.actor, event.role)


def _account(event: Any) -> Subject:
    return "account", event.account_id


def _application(event: Any) -> Subject:
    return "application", event.application_id


def _certificate(event: CertificateIssued | CertificateRevoked) -> Subject:
    return "certificate", event.certificate_id


def _organisation(event: Any) -> Subject:
    return "organisation", event.ogrn


def _ticket(event: Any) -> Subject:
    return "ticket", event.ticket_id


def _notification(event: note.OutboxOutcome) -> Subject:
    return "notification", event.message_id


# --- details ------------------------------------------------------------------------


def _move(event: app.ApplicationEvent) -> dict[str, Any]:
    details: dict[str, Any] = {
        "from_status": str(event.from_status),
        "to_status": str(event.to_status),
        "reason_given": event.reason is not None,
    }
    if isinstance(event, app.ApplicationApproved) and event.certificate_id is not None:
        details["certificate_id"] = event.certificate_id
    return details


def _outcome(event: note.OutboxOutcome) -> dict[str, Any]:
    return {"channel": event.channel, "template": event.template, "attempts": event.attempts}


def _representative(event: org.RepresentativeLinked) -> dict[str, Any]:
    details: dict[str, Any] = {"account": event.account_id, "basis": str(event.basis)}
    if event.document_sha256 is not None:
        details["document_sha256"] = event.document_sha256
    return details


def _ticket_status(event: Any) -> dict[str, Any]:
    return {"number": event.number, "status": event.status}


_MOVE = JournalRow(
    action=lambda e: f"application.{e.trigger}", subject=_application, details=_move, actor=_mover
)

# event class                    → action, subject, details, default actor
JOURNAL: Final[dict[type[Any], JournalRow]] = {
    # applications: every move, and the draft's own changes
    app.ApplicationSubmitted: _MOVE,
    app.ApplicationAccepted: _MOVE,
    app.InformationRequested: _MOVE,
    app.InformationProvided: _MOVE,
    app.ApplicationSentForApproval: _MOVE,
    app.ApplicationApproved: _MOVE,
    app.ApplicationRejected: _MOVE,
    app.ApplicationWithdrawn: _MOVE,
    app.ApplicationCreated: JournalRow(
        "application.created",
        _application,
        lambda e: {"catalogue": e.catalogue, "type": e.type_code},
    ),
    app.DocumentAttached: JournalRow(
        "application.document_attached",
        _application,
        lambda e: {
            "kind": e.kind,
            "sha256": e.sha256,
            "original_sha256": e.original_sha256,
            "size": e.size,
        },
    ),
    app.DocumentDetached: JournalRow(
        "application.document_detached", _application, lambda e: {"sha256": e.sha256}
    ),
    # certificates and acts: signed by the body's key, each naming the application
    CertificateIssued: JournalRow(
        "certificate.issued",
        _certificate,
        lambda e: {"application_id": e.application_id},
        actor=_system,
    ),
    CertificateRevoked: JournalRow(
        "certificate.revoked",
        _certificate,
        lambda e: {
            "number": e.number,
            "application_id": e.application_id,
            "reason_sha256": e.reason_sha256,
        },
    ),
    ActRecorded: JournalRow(
        "act.signed",
        _application,
        lambda e: {
            "act_id": e.act_id,
            "decision": str(e.decision),
            "certificate_id": e.certificate_id,
        },
        actor=_system,
    ),
    # correspondence: messages, tickets, the outbox
    MessageSent: JournalRow(
        "message.sent",
        _application,
        lambda e: {
            "message_id": e.message_id,
            "side": str(e.side),
            "attachments": list(e.attachments),
        },
    ),
    MessagesRead: JournalRow(
        "message.read",
        _application,
        lambda e: {"message_ids": list(e.message_ids), "side": str(e.side)},
        publish=False,
    ),
    support.TicketOpened: JournalRow(
        "ticket.opened", _ticket, lambda e: {"number": e.number, "category": e.category}
    ),
    support.TicketAnswered: JournalRow("ticket.answered", _ticket, _ticket_status),
    support.TicketFollowedUp: JournalRow("ticket.followed_up", _ticket, _ticket_status),
    support.TicketClosed: JournalRow("ticket.closed", _ticket, _ticket_status),
    note.NotificationSent: JournalRow("notification.sent", _notification, _outcome, _system),
    note.NotificationRetryScheduled: JournalRow(
        "notification.retry_scheduled", _notification, _outcome, _system
    ),
    note.NotificationFailed: JournalRow("notification.failed", _notification, _outcome, _system),
    note.NotificationOutcomeUnknown: JournalRow(
        "notification.outcome_unknown", _notification, _outcome, _system
    ),
    note.NotificationRequeued: JournalRow("notification.requeued", _notification, _outcome),
    note.ReminderQueued: JournalRow(
        "notification.reminder_queued",
        lambda e: (e.subject_type, e.subject_id),
        lambda e: {
            "template": e.template,
            "threshold_days": e.threshold_days,
            "message_ids": list(e.message_ids),
        },
        _system,
    ),
    # accounts: around the aggregate (its own events follow below, from account_journal)
    act.RegistrationAttempted: JournalRow(
        "account.registration_attempted", _account, actor=_system
    ),
    act.ContactCodeSent: JournalRow(
        "account.contact_code_sent", _account, lambda e: {"contact": e.contact}, _holder
    ),
    act.LoginStepPending: JournalRow(
        "account.login_step_pending",
        _account,
        lambda e: {"stage": e.stage, "factor_used": e.factor_used},
        _holder,
    ),
    act.SessionEnded: JournalRow(
        "account.session_ended",
        _account,
        lambda e: {"session_id": e.session_id, "reason": e.reason},
        _holder,
    ),
    act.SessionsEnded: JournalRow(
        "account.sessions_ended",
        _account,
        lambda e: {"count": e.count, "reason": e.reason},
        _holder,
    ),
    act.TotpEnrolmentBegun: JournalRow(
        "account.totp_enrolment_started",
        _account,
        lambda e: {"enrolment_id": e.enrolment_id},
        _holder,
    ),
    act.PasskeyEnrolmentBegun: JournalRow(
        "account.passkey_enrolment_started",
        _account,
        lambda e: {"enrolment_id": e.enrolment_id},
        _holder,
    ),
    act.PasskeyLoginBegun: JournalRow(
        "account.passkey_login_started",
        _account,
        lambda e: {"challenge_id": e.challenge_id},
        _holder,
    ),
    act.PasskeyRefused: JournalRow(
        "account.passkey_refused", _account, lambda e: {"reason": e.reason}, _holder
    ),
    act.RecoveryRequested: JournalRow("account.recovery_requested", _account, actor=_holder),
    act.RecoveryVerified: JournalRow(
        "account.recovery_verified",
        _account,
        lambda e: {"second_proof": e.second_proof},
        _holder,
    ),
    act.ConsentWithdrawal: JournalRow("account.consent_withdrawn", _account, actor=_holder),
    act.SubjectReportRequested: JournalRow(
        "subject.report_requested", _account, lambda e: {"request_id": e.request_id}, _holder
    ),
    act.SubjectReportAnswered: JournalRow(
        "subject.report_answered", _account, lambda e: {"requests": e.requests}
    ),
    act.AccountDepersonalised: JournalRow(
        "account.depersonalised", _account, lambda e: {"act_id": e.act_id, "files": e.files}
    ),
    # organisations: opened from the register, their representatives
    org.OrganisationRegistered: JournalRow(
        "organisation.registered", _organisation, lambda e: {"licence": e.licence_number}
    ),
    org.RepresentativeLinked: JournalRow(
        "organisation.representative_linked", _organisation, _representative
    ),
    org.RepresentativeRevoked: JournalRow(
        "organisation.representative_revoked",
        _organisation,
        lambda e: {"account": e.account_id},
    ),
    # staff
    staff.StaffEnrolled: JournalRow(
        lambda e: "staff.first_administrator" if e.first else "staff.created",
        _account,
        lambda e: {"roles": list(e.roles)},
    ),
    staff.StaffRoleGranted: JournalRow("staff.role_granted", _account, lambda e: {"role": e.role}),
    staff.StaffRoleRevoked: JournalRow("staff.role_revoked", _account, lambda e: {"role": e.role}),
    staff.PersonalDataRead: JournalRow(
        "personal_data.read",
        lambda e: (e.subject_type, e.subject_id),
        lambda e: {"use_case": e.use_case},
        publish=False,
    ),
}
# The account aggregate's own events: one row each, from account_journal's action list.
for _event, _action in ACCOUNT_ACTIONS.items():
    JOURNAL[_event] = JournalRow(
        _action,
        _account,
        account_details,
        _system if _event in (LoginFailed, AccountLockedOut) else _holder,
    )


def journal_draft(event: DomainEvent, actor: Actor | None = None) -> JournalDraft:
    """The journal entry the table derives from ``event``.

    Raises:
        UnmappedEvent: the event's class has no row, or its row needs an ``actor``.
    """
    try:
        row = JOURNAL[type(event)]
    except KeyError:
        raise UnmappedEvent(f"{type(event).__name__} has no row in the journal table") from None
    return row.draft(event, actor)


def happened(uow: UnitOfWork, *events: DomainEvent, actor: Actor | None = None) -> None:
    """Record ``events`` in ``uow``: journaled now, published after the commit.

    Args:
        uow: the unit of work of the change; the entries commit with it or not at all.
        events: what happened, in order.
        actor: who caused them, with the one role they acted in; by default the
            row's (the account holder, the mover of an application, the system).
    """
    for event in events:
        uow.journal.append(journal_draft(event, actor))
        if JOURNAL[type(event)].publish:
            uow.record(event)
