"""The body's side: the queue, taking a case, requests, decisions, revocation, operators.

Every route passes the signed-in actor to the use case, which decides by the roles the
cabinet holds for the account (docs/authority.md); none is checked here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import attrs
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter

from accredkit import Application, ApplicationStatus, Certificate, figures_csv
from accredkit.web._bodies import QuestionBody, ReasonBody, RequiredReasonBody, RevokeBody
from accredkit.web._context import Web
from accredkit.web._routing import api_get, api_post, limit_of
from accredkit.web._views import AccountView, OutboxView, Page, page_of

__all__ = ["ROUTES"]

_TAGS = ["staff"]
_ID = "/staff/applications/{application_id:str}"


@attrs.frozen
class QueueEntry:
    """An application waiting for the body and how long it has waited, in seconds."""

    application: Application
    waiting_seconds: float


@api_get("/staff/queue", tags=_TAGS)
def queue(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    status: FromQuery[ApplicationStatus | None] = None,
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[QueueEntry]:
    """Applications waiting for the body, oldest submission first."""
    actor = web.actor(request)
    size = limit_of(limit, web.settings.page_limit)
    items = web.cabinet.reviews.queue(actor, status, limit=size, offset=offset)
    entries = [QueueEntry(i.application, i.waiting.total_seconds()) for i in items]
    total = len(web.cabinet.reviews.queue(actor, status, limit=10_000, offset=0))
    return Page(entries, total, size, offset)


@api_post(_ID + "/take", tags=_TAGS)
def take(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Application:
    """Accept a submitted application into processing."""
    return web.cabinet.reviews.take(web.actor(request), application_id)


@api_post(_ID + "/request-info", tags=_TAGS)
def request_info(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[QuestionBody],
) -> Application:
    """Ask the applicant for more material, with a deadline in working days."""
    return web.cabinet.reviews.request_info(
        web.actor(request),
        application_id,
        data.question,
        working_days=data.working_days,
    )


@api_post(_ID + "/send-for-approval", tags=_TAGS)
def send_for_approval(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[ReasonBody],
) -> Application:
    """Hand the prepared case to the commission."""
    actor = web.actor(request)
    return web.cabinet.reviews.send_for_approval(actor, application_id, data.reason)


@api_post(_ID + "/approve", tags=_TAGS)
def approve(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[ReasonBody],
) -> Application:
    """Accredit: the certificate and the signed act are issued with the decision."""
    actor = web.actor(request)
    return web.cabinet.reviews.approve(actor, application_id, data.reason)


@api_post(_ID + "/reject", tags=_TAGS)
def reject(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[RequiredReasonBody],
) -> Application:
    """Refuse accreditation, with the reason that goes into the act."""
    actor = web.actor(request)
    return web.cabinet.reviews.reject(actor, application_id, data.reason)


@api_post("/staff/certificates/{certificate_id:str}/revoke", tags=_TAGS)
def revoke(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    certificate_id: FromPath[str],
    data: JSONBody[RevokeBody],
) -> Certificate:
    """Revoke a certificate."""
    return web.cabinet.certificates.revoke(web.actor(request), certificate_id, data.reason)


@api_post("/staff/accounts/{account_id:str}/identity-documents", tags=_TAGS)
def accept_identity_documents(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> AccountView:
    """The operator accepts the account's identity documents."""
    actor = web.actor(request)
    return AccountView.of(web.cabinet.accounts.accept_identity_documents(actor, account_id))


@api_post("/staff/accounts/{account_id:str}/registry-link", tags=_TAGS)
def link_registry(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> AccountView:
    """The operator links the account to the register by СНИЛС."""
    actor = web.actor(request)
    return AccountView.of(web.cabinet.accounts.link_registry(actor, account_id))


@api_post("/staff/accounts/{account_id:str}/block", tags=_TAGS)
def block(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    account_id: FromPath[str],
    data: JSONBody[RequiredReasonBody],
) -> AccountView:
    """The operator blocks the account: its sessions end and the user is told why."""
    actor = web.actor(request)
    return AccountView.of(web.cabinet.accounts.block(actor, account_id, data.reason))


@api_post("/staff/accounts/{account_id:str}/unblock", tags=_TAGS)
def unblock(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> AccountView:
    """The operator lifts a block, or the sign-in lock after too many failures."""
    actor = web.actor(request)
    return AccountView.of(web.cabinet.accounts.unblock(actor, account_id))


@api_get("/staff/outbox", tags=_TAGS)
def outbox(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    status: FromQuery[Literal["pending", "sending", "sent", "failed"] | None] = None,
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[OutboxView]:
    """Outgoing messages, newest first, by delivery state, never their text."""
    found = web.cabinet.notifications.outbox(web.actor(request), status=status, limit=None)
    views = [OutboxView.of(m) for m in found]
    return page_of(views, limit_of(limit, web.settings.page_limit), offset)


@api_get("/staff/reports/body.csv", tags=_TAGS, media_type="text/csv")
def body_report_csv(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    start: Annotated[datetime, QueryParameter(name="from")],
    end: Annotated[datetime, QueryParameter(name="to")],
) -> Response[bytes]:
    """The body's figures for the period as CSV (staff)."""
    report = web.cabinet.reports.body_report(web.actor(request), start, end)
    return Response(figures_csv(report, lang="en"), media_type="text/csv")


ROUTES = [
    queue,
    take,
    request_info,
    send_for_approval,
    approve,
    reject,
    revoke,
    accept_identity_documents,
    link_registry,
    block,
    unblock,
    outbox,
    body_report_csv,
]
