"""The passkey pages: the list, enrolment, removal, and the passkey answer at login.

The browser's part of a ceremony is ``static/passkeys.js`` (the CSP allows the app's
own files only); the options travel in a ``data-options`` attribute, never in an
inline script (docs/web.md, "Passkeys").
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from accredkit import AccredkitError
from accredkit.web._context import Web
from accredkit.web._pages import (
    FormError,
    PageContext,
    check_csrf,
    page_actor,
    page_context,
    redirect,
    render,
)

__all__ = ["ROUTES", "passkey_options"]

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def passkey_options(web: Web, pending_id: str | None) -> str | None:
    """The ``navigator.credentials.get`` options for a login, or None (no passkey to use)."""
    if pending_id is None:
        return None
    try:
        return web.cabinet.accounts.begin_passkey_login(pending_id)
    except AccredkitError:
        return None


def _list_page(
    web: Web,
    ctx: PageContext,
    *,
    status: int = 200,
    error: FormError | None = None,
    label: str = "",
) -> Response[str]:
    assert ctx.token is not None
    return render(
        "passkeys.html",
        ctx,
        status=status,
        configured=web.cabinet.accounts.settings.relying_party is not None,
        passkeys=web.cabinet.accounts.list_passkeys(ctx.token),
        error=error,
        label=label,
    )


@get("/cabinet/passkeys", sync_to_thread=True, include_in_schema=False)
def passkeys_page(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """The account's passkeys and the form to add one."""
    page_actor(request, web.settings, web.cabinet)
    return _list_page(web, page_context(request, web.settings, web.cabinet))


@post("/cabinet/passkeys", sync_to_thread=True, include_in_schema=False)
def begin_enrolment(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: Form
) -> Response[str]:
    """Start adding a passkey: the page whose button asks the authenticator."""
    check_csrf(request, web.settings, data)
    page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    assert ctx.token is not None
    label = str(data.get("label", ""))
    try:
        started = web.cabinet.accounts.begin_passkey_enrolment(ctx.token, label)
    except AccredkitError as error:
        shown = FormError.of(error, ctx.lang).on("label")
        return _list_page(web, ctx, status=422, error=shown, label=label)
    return render(
        "passkey_enrol.html", ctx, enrolment=started.enrolment_id, options=started.options_json
    )


@post("/cabinet/passkeys/{enrolment_id:str}", sync_to_thread=True, include_in_schema=False)
def finish_enrolment(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    enrolment_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Store the passkey the browser made; recovery codes follow a first second factor."""
    check_csrf(request, web.settings, data)
    page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    assert ctx.token is not None
    try:
        added = web.cabinet.accounts.finish_passkey_enrolment(
            ctx.token, enrolment_id, str(data.get("response_json", ""))
        )
    except AccredkitError as error:
        return _list_page(web, ctx, status=422, error=FormError.of(error, ctx.lang))
    if added.recovery_codes:
        return render(
            "recovery_codes.html",
            ctx,
            codes=list(added.recovery_codes),
            done_text="Ключ доступа подключен.",
        )
    return redirect("/cabinet/passkeys")


@post("/cabinet/passkeys/{passkey_id:str}/remove", sync_to_thread=True, include_in_schema=False)
def remove(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    passkey_id: FromPath[str],
    data: Form,
) -> Response[str]:
    """Remove one of the account's passkeys."""
    check_csrf(request, web.settings, data)
    page_actor(request, web.settings, web.cabinet)
    ctx = page_context(request, web.settings, web.cabinet)
    assert ctx.token is not None
    try:
        web.cabinet.accounts.remove_passkey(ctx.token, passkey_id)
    except AccredkitError as error:
        return _list_page(web, ctx, status=422, error=FormError.of(error, ctx.lang))
    return redirect("/cabinet/passkeys")


ROUTES = [passkeys_page, begin_enrolment, finish_enrolment, remove]
