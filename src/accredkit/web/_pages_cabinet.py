"""The applicant's pages: overview, a new application, one application, history, support."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from accredkit import (
    EDITABLE_STATES,
    AccredkitError,
    Actor,
    ApplicantKind,
    ApplicantProfile,
    ApplicationStatus,
    TicketCategory,
    ValidationError,
    Violation,
)
from accredkit.web._context import Web
from accredkit.web._page_rows import document_rows
from accredkit.web._pages import (
    FormError,
    check_csrf,
    page_actor,
    page_context,
    redirect,
    render,
    type_titles,
)
from accredkit.web._settings import MAX_UPLOAD
from accredkit.web._uploads import read_upload

__all__ = ["ROUTES"]

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
_APP = "/cabinet/applications/{application_id:str}"


def _number(data: dict[str, Any], name: str) -> int | None:
    text = str(data.get(name, "")).strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError.of(
            [Violation("form.number", name, "Укажите целое число.", "Enter a whole number.")]
        )
    return int(text)


@get("/cabinet", sync_to_thread=True, include_in_schema=False)
def overview(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The applicant's start page: unmet requirements and the applications."""
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    return render(
        "cabinet.html",
        ctx,
        account=web.cabinet.accounts.get(actor, actor.id),
        unmet=list(web.cabinet.accounts.requirements(actor, actor.id)),
        applications=web.cabinet.applications.list(actor),
        unread=web.cabinet.messages.unread(actor),
        titles=type_titles(web.cabinet, ctx.lang),
    )


def _new_page(web: Web, ctx: Any, values: dict[str, str], error: FormError | None) -> Response[str]:
    catalogue = web.cabinet.catalogues.get(None)
    return render(
        "new_application.html",
        ctx,
        status=422 if error else 200,
        types=catalogue.types,
        kinds=list(ApplicantKind),
        values=values,
        error=error,
    )


@get("/cabinet/applications/new", sync_to_thread=True, include_in_schema=False)
def new_page(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The form of a new application."""
    page_actor(request, web.settings, web.cabinet)
    return _new_page(web, page_context(request, web.settings, web.cabinet), {}, None)


@post("/cabinet/applications/new", sync_to_thread=True, include_in_schema=False)
def create(web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form) -> Response[str]:
    """Open a draft; the eligibility answer says why not and which type fits instead."""
    check_csrf(request, web.settings, data)
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    values = {k: str(v) for k, v in data.items() if k != "csrf_token"}
    try:
        profile = ApplicantProfile(
            applicant_kind=ApplicantKind(values.get("applicant_kind", "person")),
            specialty=values.get("specialty") or None,
            experience_years=_number(data, "experience_years") or 0,
            training_hours=_number(data, "training_hours") or 0,
        )
        made = web.cabinet.applications.create(actor, values.get("type_code", ""), profile)
    except AccredkitError as error:
        return _new_page(web, ctx, values, FormError.of(error, ctx.lang))
    return redirect(f"/cabinet/applications/{made.id}")


def _application_page(
    web: Web,
    request: Request[Any, Any, Any],
    actor: Actor,
    application_id: str,
    *,
    error: FormError | None = None,
    upload_errors: dict[str, FormError] | None = None,
    status: int = 200,
) -> Response[str]:
    ctx = page_context(request, web.settings, web.cabinet)
    # The application and its thread in one reading (one pass of the gate, not two).
    application, messages = web.cabinet.messages.thread_with_application(actor, application_id)
    # A certificate is issued on approval only: no other application has one to look for.
    certificates = (
        [
            c
            for c in web.cabinet.certificates.of_holder(actor, actor.id)
            if c.application_id == application.id
        ]
        if application.status is ApplicationStatus.APPROVED
        else []
    )
    titles = type_titles(web.cabinet, ctx.lang)
    upload_errors = upload_errors or {}
    return render(
        "application.html",
        ctx,
        status=status,
        app=application,
        title=titles.get(application.type_code, application.type_code),
        editable=application.status in EDITABLE_STATES,
        rows=document_rows(application, upload_errors, ctx.lang),
        attached={d.kind for d in application.documents},
        messages=messages,
        certificates=certificates,
        error=error,
        upload_errors=upload_errors,
        titles=titles,
    )


@get(_APP, sync_to_thread=None, include_in_schema=False)
async def application(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Response[str]:
    """One application: status, timeline, documents, messages, the certificate.

    Its library calls read (marking the body's messages read is a write: ``Web.read``
    then runs the page in a worker thread).
    """

    def page() -> Response[str]:
        actor = page_actor(request, web.settings, web.cabinet)
        return _application_page(web, request, actor, application_id)

    return await web.read(page)


@post(
    _APP + "/documents",
    sync_to_thread=None,
    request_max_body_size=MAX_UPLOAD + 64 * 1024,
    include_in_schema=False,
)
async def attach(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Response[str]:
    """Attach a file; every violation is shown next to the document it was for."""
    upload = await read_upload(request, web.settings.max_upload)
    check_csrf(request, web.settings, upload.fields)
    actor = await anyio.to_thread.run_sync(page_actor, request, web.settings, web.cabinet)
    kind = upload.fields.get("kind", "other")
    ctx = page_context(request, web.settings, web.cabinet)

    def attach_it() -> Response[str]:
        try:
            web.cabinet.applications.attach(
                actor, application_id, upload.data, upload.filename, kind
            )
        except AccredkitError as error:
            shown = {kind: FormError.of(error, ctx.lang)}
            return _application_page(
                web, request, actor, application_id, upload_errors=shown, status=422
            )
        return redirect(f"/cabinet/applications/{application_id}#documents")

    return await anyio.to_thread.run_sync(attach_it)


def _act(
    web: Web,
    request: Request[Any, Any, Any],
    application_id: str,
    data: dict[str, Any],
    action: Any,
) -> Response[str]:
    check_csrf(request, web.settings, data)
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    try:
        action(actor)
    except AccredkitError as error:
        return _application_page(
            web, request, actor, application_id, error=FormError.of(error, ctx.lang), status=422
        )
    return redirect(f"/cabinet/applications/{application_id}")


@post(_APP + "/documents/{sha256:str}/remove", sync_to_thread=True, include_in_schema=False)
def detach(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    sha256: FromPath[str],
    data: Form,
) -> Response[str]:
    """Remove an attached document."""
    return _act(
        web,
        request,
        application_id,
        data,
        lambda a: web.cabinet.applications.detach(a, application_id, sha256),
    )


@post(_APP + "/submit", sync_to_thread=True, include_in_schema=False)
def submit(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Send the application to the body."""
    return _act(
        web,
        request,
        application_id,
        data,
        lambda a: web.cabinet.applications.submit(a, application_id),
    )


@post(_APP + "/answer", sync_to_thread=True, include_in_schema=False)
def answer(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Answer the body's request for information."""
    text = str(data.get("text", ""))
    return _act(
        web,
        request,
        application_id,
        data,
        lambda a: web.cabinet.applications.answer(a, application_id, text),
    )


@post(
    _APP + "/messages",
    sync_to_thread=None,
    request_max_body_size=MAX_UPLOAD + 64 * 1024,
    include_in_schema=False,
)
async def message(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Response[str]:
    """Write to the body about the application, with a file or without one."""
    upload = await read_upload(request, web.settings.max_upload)
    files = [(upload.filename, upload.data)] if upload.filename or upload.data else []
    text = upload.fields.get("text", "")
    return await anyio.to_thread.run_sync(
        lambda: _act(
            web, request, application_id, upload.fields,
            lambda a: web.cabinet.messages.send(a, application_id, text, files),
        )
    )  # fmt: skip


@post(_APP + "/withdraw", sync_to_thread=True, include_in_schema=False)
def withdraw(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Withdraw the application."""
    reason = str(data.get("reason", "")) or None
    return _act(
        web,
        request,
        application_id,
        data,
        lambda a: web.cabinet.applications.withdraw(a, application_id, reason),
    )


@get("/cabinet/history", sync_to_thread=True, include_in_schema=False)
def history(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Every application with its decisions, acts and certificates; the downloads."""
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    return render(
        "history.html",
        ctx,
        records=web.cabinet.history.history(actor),
        certificates=web.cabinet.certificates.of_holder(actor, actor.id),
        titles=type_titles(web.cabinet, ctx.lang),
    )


def _support_page(
    web: Web,
    request: Request[Any, Any, Any],
    actor: Actor,
    error: FormError | None,
    values: dict[str, str],
) -> Response[str]:
    support = web.cabinet.support
    return render(
        "support.html",
        page_context(request, web.settings, web.cabinet),
        status=422 if error else 200,
        tickets=web.cabinet.support.list(actor, account_id=actor.id),
        categories=list(TicketCategory),
        now=web.cabinet.clock.now(),
        channels=[(c, support.is_open(c.code)) for c in support.channels],
        answer_days=support.answer_days,
        error=error,
        values=values,
    )


@get("/cabinet/support", sync_to_thread=True, include_in_schema=False)
def support(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Support: the tickets and when an answer is due."""
    actor = page_actor(request, web.settings, web.cabinet)
    return _support_page(web, request, actor, None, {})


@post("/cabinet/support", sync_to_thread=True, include_in_schema=False)
def open_ticket(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form
) -> Response[str]:
    """Open a ticket; it gets a number and the time an answer is due."""
    check_csrf(request, web.settings, data)
    actor = page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    values = {k: str(data.get(k, "")) for k in ("category", "subject", "text")}
    try:
        web.cabinet.support.open(actor, values["category"], values["subject"], values["text"])
    except AccredkitError as error:
        return _support_page(web, request, actor, FormError.of(error, ctx.lang), values)
    return redirect("/cabinet/support")


ROUTES = [
    overview,
    new_page,
    create,
    application,
    attach,
    detach,
    submit,
    answer,
    message,
    withdraw,
    history,
    support,
    open_ticket,
]
