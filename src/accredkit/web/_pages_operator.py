"""The operator's pages: an account to block or unblock, and the outbox's delivery states.

The same use cases as the API's ``/staff/accounts/…`` and ``/staff/outbox`` routes
(``_routes_staff.py``), as forms with their CSRF token; the outbox page shows what the
operator needs to see a gateway's trouble and never a message's text or address.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from accredkit import AccredkitError, Actor, Role
from accredkit.web._context import Web
from accredkit.web._pages import FormError, check_csrf, page_actor, page_context, redirect, render

__all__ = ["ROUTES"]

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
OUTBOX_STATES = ("pending", "sending", "sent", "failed")


def _operator(web: Web, request: Request[Any, Any, Any]) -> Actor:
    return page_actor(request, web.settings, web.cabinet, (Role.OPERATOR,))


def _accounts_page(
    web: Web,
    request: Request[Any, Any, Any],
    actor: Actor,
    account_id: str,
    error: FormError | None = None,
) -> Response[str]:
    ctx = page_context(request, web.settings, web.cabinet)
    account = None
    if account_id and error is None:
        try:
            account = web.cabinet.accounts.get(actor, account_id)
        except AccredkitError as refused:
            error = FormError.of(refused, ctx.lang).on("account_id")
    return render(
        "staff_accounts.html",
        ctx,
        status=422 if error else 200,
        account_id=account_id,
        account=account,
        error=error,
        staff_nav=True,
        operator_nav=True,
    )


@get("/staff/accounts", sync_to_thread=True, include_in_schema=False)
def accounts(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Find an account by its id: its state, and the block or unblock form."""
    actor = _operator(web, request)
    account_id = (request.query_params.get("account_id") or "").strip()
    return _accounts_page(web, request, actor, account_id)


@post("/staff/accounts/{account_id:str}/{action:str}", sync_to_thread=True, include_in_schema=False)
def change_account(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    account_id: FromPath[str],
    action: FromPath[str],
    data: Form,
) -> Response[str]:
    """Block (with the reason the person is told) or unblock an account."""
    check_csrf(request, web.settings, data)
    actor = _operator(web, request)
    back = f"/staff/accounts?account_id={quote(account_id)}"
    if action not in ("block", "unblock"):
        return redirect(back)
    try:
        if action == "block":
            web.cabinet.accounts.block(actor, account_id, str(data.get("reason", "")))
        else:
            web.cabinet.accounts.unblock(actor, account_id)
    except AccredkitError as error:
        ctx = page_context(request, web.settings, web.cabinet)
        refusal = FormError.of(error, ctx.lang).on("reason" if action == "block" else "account_id")
        return _accounts_page(web, request, actor, account_id, refusal)
    return redirect(back)


@get("/staff/outbox", sync_to_thread=True, include_in_schema=False)
def outbox(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Outgoing messages, newest first, by delivery state: attempts, times, last error."""
    actor = _operator(web, request)
    raw = request.query_params.get("status") or None
    status = raw if raw in OUTBOX_STATES else None
    found = web.cabinet.notifications.outbox(actor, status=status, limit=web.settings.page_limit)
    return render(
        "staff_outbox.html",
        page_context(request, web.settings, web.cabinet),
        messages=found,
        states=OUTBOX_STATES,
        chosen=status,
        staff_nav=True,
        operator_nav=True,
    )


ROUTES = [accounts, change_account, outbox]
