"""Around the application: catalogue, messages, history, certificates, acts, tickets, reports.

Who sees what is the use cases' rule, applied to the actor each route passes on
(docs/authority.md): a holder reaches their own, the body's staff what their roles admit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import anyio.to_thread
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from accredkit import (
    Act,
    ApplicantReport,
    ApplicationRecord,
    BodyReport,
    Certificate,
    Message,
    NotFound,
    Ticket,
)
from accredkit.web._bodies import TextBody, TicketBody
from accredkit.web._context import Web
from accredkit.web._routing import api_get, api_post, limit_of
from accredkit.web._settings import MAX_UPLOAD
from accredkit.web._uploads import read_upload
from accredkit.web._views import Page, TypeView, UnreadView, page_of

__all__ = ["ROUTES"]

_LIMIT = Parameter(default=50, ge=1, le=1000)
_OFFSET = Parameter(default=0, ge=0)


def _not_found(what: str, ru: str, code: str) -> NotFound:
    return NotFound(f"no such {what}", message_ru=ru, code=code)


@api_get("/catalogue", tags=["catalogue"])
def catalogue(
    web: NamedDependency[Web],
    name: FromQuery[str | None] = None,
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[TypeView]:
    """The accreditation types of a catalogue (the default one unless ``name`` says)."""
    chosen = web.cabinet.catalogues.get(name)
    views = [TypeView.of(chosen.name, kind) for kind in chosen.types]
    return page_of(views, limit_of(limit, web.settings.page_limit), offset)


# --- messages -------------------------------------------------------------------------


@api_get("/applications/{application_id:str}/messages", tags=["messages"])
def thread(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Message]:
    """The application's thread, oldest first; reading marks the other side's as read."""
    found = web.cabinet.messages.thread(web.actor(request), application_id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_post("/applications/{application_id:str}/messages", tags=["messages"], status_code=201)
def send(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[TextBody],
) -> Message:
    """Write in the application's thread: the applicant's side, or the body's for its staff."""
    return web.cabinet.messages.send(web.actor(request), application_id, data.text)


@api_post(
    "/applications/{application_id:str}/messages/with-file",
    tags=["messages"],
    status_code=201,
    sync_to_thread=None,
    request_max_body_size=MAX_UPLOAD + 64 * 1024,
)
async def send_with_file(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Message:
    """Write with one attached file: ``multipart/form-data`` with ``text`` and ``file``.

    Read as a stream like a document upload and refused with 413 past 5 MiB.
    """
    actor = await anyio.to_thread.run_sync(web.actor, request)
    upload = await read_upload(request, web.settings.max_upload)
    text = upload.fields.get("text", "")
    return await anyio.to_thread.run_sync(
        web.cabinet.messages.send, actor, application_id, text, [(upload.filename, upload.data)]
    )


@api_get(
    "/applications/{application_id:str}/messages/attachments/{sha256:str}",
    tags=["messages"],
    media_type="application/octet-stream",
)
def attachment(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    sha256: FromPath[str],
) -> Response[bytes]:
    """A file attached to a message of a thread the caller may read."""
    found = web.cabinet.messages.thread(web.actor(request), application_id)
    if not any(a.sha256 == sha256 for m in found for a in m.attachments):
        raise _not_found("attachment", "Вложение не найдено.", "message.attachment_not_found")
    return Response(web.cabinet.blobs.get(sha256), media_type="application/octet-stream")


@api_get("/messages/unread", tags=["messages"])
def unread(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> UnreadView:
    """Unread messages by application."""
    return UnreadView(web.cabinet.messages.unread(web.actor(request)))


# --- history and reports ---------------------------------------------------------------


@api_get("/history", tags=["history"])
def history(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[ApplicationRecord]:
    """Every application of the account with its decisions, acts and certificates."""
    found = web.cabinet.history.history(web.actor(request))
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/reports/applicant", tags=["reports"])
def applicant_report(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    start: FromQuery[datetime],
    end: FromQuery[datetime],
) -> ApplicantReport:
    """The caller's procedures submitted in the period."""
    return web.cabinet.reports.applicant_report(web.actor(request), start, end)


@api_get("/staff/reports/body", tags=["staff"])
def body_report(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    start: FromQuery[datetime],
    end: FromQuery[datetime],
) -> BodyReport:
    """The body's figures for the period (staff)."""
    return web.cabinet.reports.body_report(web.actor(request), start, end)


# --- certificates and acts ---------------------------------------------------------------


@api_get("/certificates", tags=["certificates"])
def certificates(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Certificate]:
    """The caller's certificates."""
    actor = web.actor(request)
    found = web.cabinet.certificates.of_holder(actor, actor.id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/certificates/{certificate_id:str}", tags=["certificates"])
def certificate(
    web: NamedDependency[Web], request: Request[Any, Any, Any], certificate_id: FromPath[str]
) -> Certificate:
    """One certificate: its holder's, or any for the body's staff."""
    return web.cabinet.certificates.show(web.actor(request), certificate_id)


@api_get(
    "/certificates/{certificate_id:str}/export",
    tags=["certificates"],
    media_type="application/octet-stream",
)
def export_certificate(
    web: NamedDependency[Web], request: Request[Any, Any, Any], certificate_id: FromPath[str]
) -> Response[bytes]:
    """The signed certificate, verifiable offline with the issuer's public key."""
    exported = web.cabinet.certificates.export(web.actor(request), certificate_id)
    return Response(exported, media_type="application/octet-stream")


@api_get("/applications/{application_id:str}/acts", tags=["certificates"])
def acts(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Act]:
    """The signed acts of the application's decisions."""
    found = web.cabinet.acts.of_application(web.actor(request), application_id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get(
    "/applications/{application_id:str}/acts/{act_id:str}/export",
    tags=["certificates"],
    media_type="application/octet-stream",
)
def export_act(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    act_id: FromPath[str],
) -> Response[bytes]:
    """One signed act of the application, verifiable offline."""
    actor = web.actor(request)
    if web.cabinet.acts.show(actor, act_id).application_id != application_id:
        raise _not_found("act", "Акт не найден.", "act.not_found")
    return Response(web.cabinet.acts.export(actor, act_id), media_type="application/octet-stream")


# --- support tickets ----------------------------------------------------------------------


@api_post("/tickets", tags=["tickets"], status_code=201)
def open_ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: JSONBody[TicketBody]
) -> Ticket:
    """Open a support ticket: it gets a number and an answer due time."""
    return web.cabinet.support.open(web.actor(request), data.category, data.subject, data.text)


@api_get("/tickets", tags=["tickets"])
def tickets(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Ticket]:
    """The caller's tickets (every ticket for support agents and operators)."""
    found = web.cabinet.support.list(web.actor(request))
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/tickets/{ticket_id:str}", tags=["tickets"])
def ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], ticket_id: FromPath[str]
) -> Ticket:
    """One ticket."""
    return web.cabinet.support.show(web.actor(request), ticket_id)


@api_post("/tickets/{ticket_id:str}/messages", tags=["tickets"])
def ticket_message(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    ticket_id: FromPath[str],
    data: JSONBody[TextBody],
) -> Ticket:
    """Add to a ticket: its author follows up, a support agent answers.

    Whose ticket it is picks the use case; whether the caller may is the use case's.
    """
    actor = web.actor(request)
    found = web.cabinet.support.show(actor, ticket_id)
    if found.account_id == actor.id:
        return web.cabinet.support.follow_up(actor, found.id, data.text)
    return web.cabinet.support.answer(actor, found.id, data.text)


@api_post("/tickets/{ticket_id:str}/close", tags=["tickets"])
def close_ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], ticket_id: FromPath[str]
) -> Ticket:
    """Close a ticket (its author, or a support agent)."""
    return web.cabinet.support.close(web.actor(request), ticket_id)


ROUTES = [
    catalogue,
    thread,
    send,
    send_with_file,
    attachment,
    unread,
    history,
    applicant_report,
    body_report,
    certificates,
    certificate,
    export_certificate,
    acts,
    export_act,
    open_ticket,
    tickets,
    ticket,
    ticket_message,
    close_ticket,
]
