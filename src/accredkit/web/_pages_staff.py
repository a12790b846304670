"""The staff's pages: the queue, an application, requests, decisions, revocation, report."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from markupsafe import Markup

from accredkit import AccredkitError, Actor, ApplicationStatus, Role
from accredkit.web._chart import status_chart
from accredkit.web._context import Web
from accredkit.web._pages import (
    FormError,
    check_csrf,
    page_actor,
    page_context,
    redirect,
    render,
    type_titles,
)

__all__ = ["ROUTES"]

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
_APP = "/staff/applications/{application_id:str}"


_STAFF_ROLES = (Role.REVIEWER, Role.APPROVER, Role.OPERATOR, Role.SUPPORT, Role.AUDITOR)


def _staff(web: Web, request: Request[Any, Any, Any], *roles: Role) -> Actor:
    return page_actor(request, web.settings, web.cabinet, roles or _STAFF_ROLES)


def _roles(actor: Actor) -> frozenset[str]:
    """The role names the page offers actions for (every role the actor holds)."""
    held = getattr(actor, "roles", None) or (actor.role,)
    return frozenset(str(r) for r in held)


@get("/staff", sync_to_thread=True, include_in_schema=False)
def queue(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The queue by status, oldest submission first, with how long each has waited."""
    actor = _staff(web, request)
    raw = request.query_params.get("status") or None
    status = ApplicationStatus(raw) if raw in set(ApplicationStatus) else None
    items = web.cabinet.reviews.queue(actor, status, limit=web.settings.page_limit, offset=0)
    ctx = page_context(request, web.settings, web.cabinet)
    return render(
        "staff_queue.html",
        ctx,
        titles=type_titles(web.cabinet, ctx.lang),
        items=items,
        statuses=list(ApplicationStatus),
        chosen=status,
        role=actor.role,
        roles=_roles(actor),
        staff_nav=True,
        operator_nav=actor.holds(Role.OPERATOR),
    )


def _case_page(
    web: Web,
    request: Request[Any, Any, Any],
    actor: Actor,
    application_id: str,
    error: FormError | None = None,
) -> Response[str]:
    found = web.cabinet.applications.get(actor, application_id)
    certificates = [
        c
        for c in web.cabinet.certificates.of_holder(actor, found.applicant_id)
        if c.application_id == found.id
    ]
    ctx = page_context(request, web.settings, web.cabinet)
    return render(
        "staff_application.html",
        ctx,
        titles=type_titles(web.cabinet, ctx.lang),
        status=422 if error else 200,
        app=found,
        role=actor.role,
        roles=_roles(actor),
        messages=web.cabinet.messages.thread(actor, found.id),
        certificates=certificates,
        error=error,
        staff_nav=True,
        operator_nav=actor.holds(Role.OPERATOR),
    )


@get(_APP, sync_to_thread=True, include_in_schema=False)
def case(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Response[str]:
    """An application with its documents, messages and the actions the role may take."""
    return _case_page(web, request, _staff(web, request), application_id)


_ACTIONS: dict[str, tuple[Role, ...]] = {
    "take": (Role.REVIEWER,),
    "request-info": (Role.REVIEWER,),
    "send-for-approval": (Role.REVIEWER,),
    "approve": (Role.APPROVER,),
    "reject": (Role.APPROVER,),
    "message": _STAFF_ROLES,
}


def _run(web: Web, actor: Actor, action: str, application_id: str, data: dict[str, Any]) -> None:
    reviews, text = web.cabinet.reviews, str(data.get("text", "")).strip()
    if action == "take":
        reviews.take(actor, application_id)
    elif action == "request-info":
        days = str(data.get("working_days", "")).strip()
        if days.isdigit():
            reviews.request_info(actor, application_id, text, working_days=int(days))
        else:
            reviews.request_info(actor, application_id, text)
    elif action == "send-for-approval":
        reviews.send_for_approval(actor, application_id, text or None)
    elif action == "approve":
        reviews.approve(actor, application_id, text or None)
    elif action == "reject":
        reviews.reject(actor, application_id, text)
    else:
        web.cabinet.messages.send(actor, application_id, text)


@post(_APP + "/{action:str}", sync_to_thread=True, include_in_schema=False)
def act(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    action: FromPath[str],
    data: Form,
) -> Response[str]:
    """Take, ask, send for approval, approve, reject or write — each by its own role."""
    check_csrf(request, web.settings, data)
    roles = _ACTIONS.get(action)
    if roles is None:
        return redirect(f"/staff/applications/{application_id}")
    actor = _staff(web, request, *roles)
    ctx = page_context(request, web.settings, web.cabinet)
    try:
        _run(web, actor, action, application_id, data)
    except AccredkitError as error:
        return _case_page(web, request, actor, application_id, FormError.of(error, ctx.lang))
    return redirect(f"/staff/applications/{application_id}")


@post(
    "/staff/certificates/{certificate_id:str}/revoke", sync_to_thread=True, include_in_schema=False
)
def revoke(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    certificate_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Revoke a certificate, with the reason the holder and the registry see."""
    check_csrf(request, web.settings, data)
    actor = _staff(web, request, Role.APPROVER, Role.OPERATOR)
    ctx = page_context(request, web.settings, web.cabinet)
    found = web.cabinet.certificates.show(actor, certificate_id)
    try:
        web.cabinet.certificates.revoke(actor, certificate_id, str(data.get("reason", "")))
    except AccredkitError as error:
        reader = _staff(web, request)
        return _case_page(web, request, reader, found.application_id, FormError.of(error, ctx.lang))
    return redirect(f"/staff/applications/{found.application_id}")


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


@get("/staff/report", sync_to_thread=True, include_in_schema=False)
def report(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The period's figures and a chart of applications by status and week (SVG)."""
    actor = _staff(web, request)
    ctx = page_context(request, web.settings, web.cabinet)
    today = web.cabinet.clock.now().date()
    end = _day(request.query_params.get("end"), today)
    start = _day(request.query_params.get("start"), end - timedelta(days=27))
    if start > end:
        start, end = end, start
    whole = web.cabinet.reports.body_report(actor, _stamp(start), _stamp(end + timedelta(days=1)))
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        week = web.cabinet.reports.body_report(
            actor, _stamp(monday), _stamp(monday + timedelta(days=7))
        )
        weeks.append((monday, week.by_status))
        monday += timedelta(days=7)
    labels = {s.value: (s.label_en if ctx.lang == "en" else s.label_ru) for s in ApplicationStatus}
    title = (
        "Applications by status and week" if ctx.lang == "en" else "Заявления по статусам и неделям"
    )
    return render(
        "staff_report.html",
        ctx,
        report=whole,
        start=start,
        end=end,
        labels=labels,
        staff_nav=True,
        operator_nav=actor.holds(Role.OPERATOR),
        chart=Markup(status_chart(weeks, labels, title)),  # noqa: S704 - escaped in _chart
    )


ROUTES = [queue, case, act, revoke, report]
