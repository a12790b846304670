"""Around the application: catalogue, messages, history, certificates, acts, tickets, reports.

The certificate, act and ticket use cases of this version take no actor, so the
visibility rule is applied here: a holder sees their own, staff see every one.
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
    Actor,
    ApplicantReport,
    ApplicationRecord,
    BodyReport,
    Certificate,
    Message,
    NotFound,
    Ticket,
)
from accredkit.web._bodies import TextBody, TicketBody
from accredkit.web._context import STAFF_ROLES, Web
from accredkit.web._routes_applications import reader
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
def catalogue(web: NamedDependency[Web], name: FromQuery[str | None] = None) -> list[TypeView]:
    """The accreditation types of a catalogue (the default one unless ``name`` says)."""
    chosen = web.cabinet.catalogues.get(name)
    return [TypeView.of(chosen.name, kind) for kind in chosen.types]


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
    found = web.cabinet.messages.thread(reader(web, request), application_id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_post("/applications/{application_id:str}/messages", tags=["messages"], status_code=201)
def send(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[TextBody],
) -> Message:
    """Write in the application's thread (``?as=staff`` for the body's side)."""
    return web.cabinet.messages.send(reader(web, request), application_id, data.text)


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
    actor = await anyio.to_thread.run_sync(reader, web, request)
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
    found = web.cabinet.messages.thread(reader(web, request), application_id)
    if not any(a.sha256 == sha256 for m in found for a in m.attachments):
        raise _not_found("attachment", "Вложение не найдено.", "message.attachment_not_found")
    return Response(web.cabinet.blobs.get(sha256), media_type="application/octet-stream")


@api_get("/messages/unread", tags=["messages"])
def unread(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> UnreadView:
    """Unread messages by application."""
    return UnreadView(web.cabinet.messages.unread(reader(web, request)))


# --- history and reports ---------------------------------------------------------------


@api_get("/history", tags=["history"])
def history(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[ApplicationRecord]:
    """Every application of the account with its decisions, acts and certificates."""
    found = web.cabinet.history.history(web.applicant(request))
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/reports/applicant", tags=["reports"])
def applicant_report(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    start: FromQuery[datetime],
    end: FromQuery[datetime],
) -> ApplicantReport:
    """The caller's procedures submitted in the period."""
    return web.cabinet.reports.applicant_report(web.applicant(request), start, end)


@api_get("/staff/reports/body", tags=["staff"])
def body_report(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    start: FromQuery[datetime],
    end: FromQuery[datetime],
) -> BodyReport:
    """The body's figures for the period (staff)."""
    return web.cabinet.reports.body_report(web.staff(request, *STAFF_ROLES), start, end)


# --- certificates and acts ---------------------------------------------------------------


def _certificate(
    web: NamedDependency[Web], actor: Actor, certificate_id: FromPath[str]
) -> Certificate:
    try:
        found = web.cabinet.certificates.show(certificate_id)
    except NotFound:
        found = None
    if found is None or not (actor.is_staff or found.holder_account_id == actor.id):
        raise _not_found("certificate", "Сертификат не найден.", "certificate.not_found")
    return found


@api_get("/certificates", tags=["certificates"])
def certificates(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Certificate]:
    """The caller's certificates."""
    found = web.cabinet.certificates.of_holder(web.applicant(request).id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/certificates/{certificate_id:str}", tags=["certificates"])
def certificate(
    web: NamedDependency[Web], request: Request[Any, Any, Any], certificate_id: FromPath[str]
) -> Certificate:
    """One certificate (its holder's, or any for staff with ``?as=staff``)."""
    return _certificate(web, reader(web, request), certificate_id)


@api_get(
    "/certificates/{certificate_id:str}/export",
    tags=["certificates"],
    media_type="application/octet-stream",
)
def export_certificate(
    web: NamedDependency[Web], request: Request[Any, Any, Any], certificate_id: FromPath[str]
) -> Response[bytes]:
    """The signed certificate, verifiable offline with the issuer's public key."""
    found = _certificate(web, reader(web, request), certificate_id)
    return Response(
        web.cabinet.certificates.export(found.id), media_type="application/octet-stream"
    )


@api_get("/applications/{application_id:str}/acts", tags=["certificates"])
def acts(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> list[Act]:
    """The signed acts of the application's decisions."""
    web.cabinet.applications.get(reader(web, request), application_id)  # visibility
    return web.cabinet.acts.of_application(application_id)


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
    """One signed act, verifiable offline."""
    web.cabinet.applications.get(reader(web, request), application_id)  # visibility
    if act_id not in {a.id for a in web.cabinet.acts.of_application(application_id)}:
        raise _not_found("act", "Акт не найден.", "act.not_found")
    return Response(web.cabinet.acts.export(act_id), media_type="application/octet-stream")


# --- support tickets ----------------------------------------------------------------------


def _ticket(web: Web, actor: Actor, ticket_id: str) -> Ticket:
    try:
        found = web.cabinet.support.show(ticket_id)
    except NotFound:
        found = None
    if found is None or not (actor.is_staff or found.account_id == actor.id):
        raise _not_found("ticket", "Обращение не найдено.", "ticket.not_found")
    return found


@api_post("/tickets", tags=["tickets"], status_code=201)
def open_ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: JSONBody[TicketBody]
) -> Ticket:
    """Open a support ticket: it gets a number and an answer due time."""
    actor = web.applicant(request)
    return web.cabinet.support.open(actor.id, data.category, data.subject, data.text)


@api_get("/tickets", tags=["tickets"])
def tickets(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = _LIMIT,
    offset: int = _OFFSET,
) -> Page[Ticket]:
    """The caller's tickets (every ticket for staff with ``?as=staff``)."""
    actor = reader(web, request)
    found = web.cabinet.support.list(account_id=None if actor.is_staff else actor.id)
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get("/tickets/{ticket_id:str}", tags=["tickets"])
def ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], ticket_id: FromPath[str]
) -> Ticket:
    """One ticket."""
    return _ticket(web, reader(web, request), ticket_id)


@api_post("/tickets/{ticket_id:str}/messages", tags=["tickets"])
def ticket_message(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    ticket_id: FromPath[str],
    data: JSONBody[TextBody],
) -> Ticket:
    """Add to a ticket: the applicant follows up, staff (``?as=staff``) answer."""
    actor = reader(web, request)
    found = _ticket(web, actor, ticket_id)
    if actor.is_staff:
        return web.cabinet.support.answer(found.id, actor.id, data.text)
    return web.cabinet.support.follow_up(found.id, actor.id, data.text)


@api_post("/tickets/{ticket_id:str}/close", tags=["tickets"])
def close_ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], ticket_id: FromPath[str]
) -> Ticket:
    """Close a ticket."""
    actor = reader(web, request)
    return web.cabinet.support.close(_ticket(web, actor, ticket_id).id, actor.id)


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
