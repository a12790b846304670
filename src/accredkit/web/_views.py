"""Answers of the JSON API that are not the library's own values.

Where the library's attrs value is fit to show (an application, a message, a
certificate), the API answers with it as is; these views cover what must be narrowed
(an account without its hashes) or put together (a page, a login step).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from accredkit import (
    Account,
    AccreditationType,
    Application,
    ApplicationStatus,
    DocumentRef,
    DocumentReport,
    LoginStep,
    Session,
)

__all__ = [
    "AccountView",
    "AttachedView",
    "LoginStepView",
    "OutboxView",
    "Page",
    "RecoveryCodesView",
    "RecoveryTicketView",
    "RegisteredView",
    "RequestIdView",
    "SessionView",
    "StatusView",
    "TotpView",
    "TypeView",
    "UnreadView",
    "page_of",
]


T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: the items, how many there are in all, and where it starts."""

    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    """The page of ``items`` that starts at ``offset``."""
    return Page(list(items[offset : offset + limit]), len(items), limit, offset)


@attrs.frozen
class RegisteredView:
    """A new account and the requests its two confirmation codes belong to."""

    account_id: str
    phone_request_id: str
    email_request_id: str


@attrs.frozen
class RequestIdView:
    """The id of a code request (confirmation, recovery)."""

    request_id: str


@attrs.frozen
class RecoveryTicketView:
    """A verified recovery: the ticket that may set the new password (shown once)."""

    ticket: str = attrs.field(repr=False)


@attrs.frozen
class AccountView:
    """The signed-in account as its owner sees it (no hashes, no secrets)."""

    id: str
    status: str
    status_label: str  # «Учетная запись подтверждена», in the account's language
    full_name: str = attrs.field(repr=False)
    language: str
    phone_confirmed: bool
    email_confirmed: bool
    identity_documents_accepted: bool
    registry_linked: bool
    second_factor: str

    @classmethod
    def of(cls, account: Account) -> AccountView:
        """The view of ``account``."""
        return cls(
            id=account.id,
            status=str(account.status.value),
            status_label=account.status_label.text(account.language.value),
            full_name=str(account.full_name),
            language=str(account.language.value),
            phone_confirmed=account.phone_confirmed,
            email_confirmed=account.email_confirmed,
            identity_documents_accepted=account.identity_documents_accepted,
            registry_linked=account.registry_link is not None,
            second_factor=str(account.second_factor.value),
        )


@attrs.frozen
class LoginStepView:
    """Where a login stands; ``token`` (bearer) or ``csrf_token`` (cookie) once done."""

    stage: str
    pending_id: str | None = None
    factor: str | None = None
    challenge: str | None = None
    session_id: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    csrf_token: str | None = attrs.field(default=None, repr=False)
    passkey: bool = False

    @classmethod
    def of(cls, step: LoginStep, *, cookie: bool, csrf: str | None) -> LoginStepView:
        """The view of ``step``; a cookie session keeps the token out of the body."""
        return cls(
            stage=str(step.stage.value),
            pending_id=step.pending_id,
            factor=str(step.factor.value) if step.factor else None,
            challenge=base64.b64encode(step.challenge).decode() if step.challenge else None,
            session_id=step.session_id,
            token=None if cookie else step.token,
            csrf_token=csrf,
            passkey=step.passkey,
        )


@attrs.frozen
class SessionView:
    """One of the account's sessions."""

    id: str
    created_at: datetime
    last_seen_at: datetime
    factor: str

    @classmethod
    def of(cls, session: Session) -> SessionView:
        """The view of ``session`` (never its token hash)."""
        return cls(session.id, session.created_at, session.last_seen_at, str(session.factor.value))


@attrs.frozen
class TotpView:
    """A TOTP secret to show as a QR code until the first code proves it."""

    enrolment_id: str
    uri: str
    secret: str = attrs.field(repr=False)


@attrs.frozen
class RecoveryCodesView:
    """Single-use recovery codes, shown once."""

    recovery_codes: list[str] = attrs.field(repr=False)


@attrs.frozen
class TypeView:
    """An accreditation type of a catalogue."""

    catalogue: str
    code: str
    title_ru: str
    title_en: str
    applicant_kind: str
    required_documents: list[str]
    validity_years: int

    @classmethod
    def of(cls, catalogue: str, kind: AccreditationType) -> TypeView:
        """The view of ``kind`` in ``catalogue``."""
        return cls(
            catalogue,
            kind.code,
            kind.title_ru,
            kind.title_en,
            str(kind.applicant_kind.value),
            list(kind.required_documents),
            kind.validity_years,
        )


@attrs.frozen
class AttachedView:
    """An attached document: the application after it, the check's report of the upload,
    and the stored clean copy (``document.sha256`` is what the download takes)."""

    application: Application
    report: DocumentReport
    document: DocumentRef | None

    @classmethod
    def of(cls, application: Application, report: DocumentReport) -> AttachedView:
        """The view of an attach: the stored document is the one made from this upload."""
        stored = [
            d for d in application.documents if report.sha256 in (d.original_sha256, d.sha256)
        ]
        return cls(application, report, stored[-1] if stored else None)


@attrs.frozen
class StatusView:
    """Where an application stands, in a few fields (the call a page polls)."""

    id: str
    status: ApplicationStatus
    info_deadline: datetime | None
    version: int

    @classmethod
    def of(cls, application: Application) -> StatusView:
        """The status of ``application``."""
        return cls(
            application.id, application.status, application.info_deadline, application.version
        )


@attrs.frozen
class UnreadView:
    """Unread messages by application id."""

    unread: dict[str, int]


@attrs.frozen
class OutboxView:
    """An outgoing message's delivery state for the operator: never its text, its
    parameters (codes travel there) or the full address."""

    id: str
    channel: str
    template: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None

    @classmethod
    def of(cls, message: Any) -> OutboxView:
        """The view of an outbox message."""
        return cls(
            message.id,
            str(message.channel.value),
            message.template,
            str(message.status.value),
            message.attempts,
            message.created_at,
            message.next_attempt_at,
            message.sent_at,
            message.last_error,
        )
