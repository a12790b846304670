"""What every page shares: templates, language, the form's CSRF token, errors as HTML.

Pages are server-rendered and work without JavaScript; the session is the same
``__Host-`` cookie as the API's, and every form carries a CSRF token bound to it (or,
before sign-in, to a random pre-session cookie). The page CSP allows the app's own
files only (docs/web.md, "Pages").
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs
from litestar import Request, Response
from litestar.datastructures import Cookie

from accredkit import (
    AccredkitError,
    Actor,
    AuthenticationFailed,
    Cabinet,
    PermissionDenied,
    Role,
)
from accredkit.web._auth import actor_for, csrf_token
from accredkit.web._errors import status_of
from accredkit.web._settings import COOKIE_NAME, WebSettings
from accredkit.web._templates import clock, template

__all__ = [
    "ANON_COOKIE",
    "LANG_COOKIE",
    "PAGE_CSP",
    "STATIC_DIR",
    "FormError",
    "PageContext",
    "check_csrf",
    "page_actor",
    "page_context",
    "redirect",
    "render",
    "type_titles",
]

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
ANON_COOKIE = "__Host-accredkit-form"
LANG_COOKIE = "__Host-accredkit-lang"
CSRF_FIELD = "csrf_token"
STATIC_DIR = Path(__file__).parent / "static"


@attrs.frozen
class FormError:
    """A refusal shown on a form: the message and each violation by field."""

    message: str
    hint: str
    fields: Mapping[str, tuple[str, ...]]

    def on(self, field: str) -> FormError:
        """This error shown on ``field`` too (a refusal that names no field of its own)."""
        if self.fields:
            return self
        return FormError(self.message, self.hint, {field: (self.message,)})

    @classmethod
    def of(cls, error: AccredkitError, lang: str) -> FormError:
        """The error in ``lang``, its violations grouped by the field they name."""
        fields: dict[str, list[str]] = {}
        for v in getattr(error, "violations", ()):
            fields.setdefault(v.field, []).append(v.message_en if lang == "en" else v.message_ru)
        message = error.message if lang == "en" else error.message_ru
        hint = (error.hint_en if lang == "en" else error.hint_ru) or ""
        return cls(message, hint, {k: tuple(v) for k, v in fields.items()})


@attrs.frozen
class PageContext:
    """Who asks for a page: the language, the session token and the form's CSRF token."""

    lang: str
    token: str | None = attrs.field(repr=False)
    csrf: str = attrs.field(repr=False)
    new_anon: str | None = attrs.field(default=None, repr=False)
    path: str = "/"
    idle_until: datetime | None = None
    idle_seconds: int | None = None


def _anon_csrf(settings: WebSettings, anon: str) -> str:
    return csrf_token(settings, "form:" + anon)


def page_context(
    request: Request[Any, Any, Any], settings: WebSettings, cabinet: Cabinet | None = None
) -> PageContext:
    """The page's language and CSRF token (a pre-session cookie is made when needed).

    With ``cabinet``, a signed-in page also knows the earliest moment the session's
    idle limit may end it (the request has just extended it, stored within the
    session policy's touch interval: docs/security.md, "Sessions").
    """
    lang = "en" if request.cookies.get(LANG_COOKIE) == "en" else "ru"
    path = request.url.path if request.method == "GET" else "/"
    token = request.cookies.get(COOKIE_NAME) or None
    if token:
        if cabinet is None:
            return PageContext(lang, token, csrf_token(settings, token), path=path)
        policy = cabinet.accounts.settings.sessions
        now = cabinet.clock.now()
        ends = policy.ends_no_earlier_than(now)  # the stored activity may lag a little
        return PageContext(
            lang,
            token,
            csrf_token(settings, token),
            path=path,
            idle_until=ends,
            idle_seconds=int((ends - now).total_seconds()),
        )
    anon = request.cookies.get(ANON_COOKIE)
    if anon:
        return PageContext(lang, None, _anon_csrf(settings, anon), path=path)
    fresh = secrets.token_urlsafe(24)
    return PageContext(lang, None, _anon_csrf(settings, fresh), new_anon=fresh, path=path)


def check_csrf(
    request: Request[Any, Any, Any], settings: WebSettings, form: Mapping[str, Any]
) -> None:
    """Refuse a posted form whose CSRF field does not match the session (or pre-session).

    Raises:
        PermissionDenied: ``csrf.missing`` or ``csrf.mismatch``.
    """
    sent = str(form.get(CSRF_FIELD) or "")
    if not sent:
        raise PermissionDenied(
            "a form posted without its CSRF token",
            message_ru="Форма не подтверждена: нет CSRF-токена.",
            code="csrf.missing",
            hint_ru="Обновите страницу и отправьте форму снова.",
            hint_en="Reload the page and send the form again.",
        )
    token = request.cookies.get(COOKIE_NAME)
    anon = request.cookies.get(ANON_COOKIE)
    expected = [csrf_token(settings, token)] if token else []
    expected += [_anon_csrf(settings, anon)] if anon else []
    if not any(hmac.compare_digest(sent, e) for e in expected):
        raise PermissionDenied(
            "the form's CSRF token does not match the session",
            message_ru="Форма не подтверждена: CSRF-токен не совпадает.",
            code="csrf.mismatch",
            hint_ru="Обновите страницу и отправьте форму снова.",
            hint_en="Reload the page and send the form again.",
        )


def page_actor(
    request: Request[Any, Any, Any],
    settings: WebSettings,
    cabinet: Any,
    roles: tuple[Role, ...] = (),
) -> Actor:
    """The signed-in actor of a page, through ``actor_for`` like every API route.

    Raises:
        AuthenticationFailed: no session cookie, or the session ended.
        PermissionDenied: ``permission.role`` when ``roles`` are asked and none is held.
    """
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        raise AuthenticationFailed(
            "no session cookie",
            message_ru="Войдите в кабинет.",
            code="session.invalid",
            hint_ru="Войдите в кабинет.",
            hint_en="Sign in.",
        )
    actor = actor_for(cabinet, token)
    if roles and not actor.holds(*roles):  # which page to show; the use cases check again
        raise PermissionDenied(
            f"account {actor.id} holds none of {', '.join(roles)}",
            message_ru="Эта страница открыта сотрудникам с другой ролью.",
            code="permission.role",
        )
    return actor


def _cookies(ctx: PageContext) -> list[Cookie]:
    if ctx.new_anon is None:
        return []
    return [
        Cookie(
            key=ANON_COOKIE,
            value=ctx.new_anon,
            path="/",
            secure=True,
            httponly=True,
            samesite="strict",
        )
    ]


def type_titles(cabinet: Cabinet, lang: str) -> dict[str, str]:
    """Accreditation type code → its title in ``lang``, from the default catalogue."""
    kinds = cabinet.catalogues.get(None).types
    return {k.code: (k.title_en if lang == "en" else k.title_ru) for k in kinds}


def render(
    name: str,
    ctx: PageContext,
    *,
    status: int = 200,
    cookies: list[Cookie] | None = None,
    **values: Any,
) -> Response[str]:
    """A page: the template ``name`` in the caller's language, with the page's security headers.

    ``t`` and ``lang`` are the language's environment globals (docs/web.md, "Pages").
    """
    lang = ctx.lang
    html = template(lang, name).render(
        csrf=ctx.csrf,
        signed_in=ctx.token is not None,
        here=ctx.path,
        # Worked out here once, not by filters in base.html on every page.
        lang_next=quote(ctx.path, safe="/"),
        idle_until=ctx.idle_until,
        idle_seconds=ctx.idle_seconds,
        idle_iso=ctx.idle_until.isoformat() if ctx.idle_until else "",
        idle_clock=clock(ctx.idle_until, lang) if ctx.idle_until else "",
        **values,
    )
    return Response(
        html,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"},
        cookies=[*_cookies(ctx), *(cookies or [])],
    )


def redirect(location: str, *, cookies: list[Cookie] | None = None) -> Response[str]:
    """See-other to ``location`` (the answer to a posted form)."""
    return Response(
        "",
        status_code=303,
        headers={"Location": location, "Content-Security-Policy": PAGE_CSP},
        cookies=cookies or [],
    )


def error_page(request: Request[Any, Any, Any], error: AccredkitError) -> Response[str]:
    """A refusal as a page: sign-in for a missing session, else the error with its status."""
    if isinstance(error, AuthenticationFailed) and error.code.startswith("session."):
        return redirect("/login")
    settings: WebSettings = request.app.state["web_settings"]
    ctx = page_context(request, settings)
    return render(
        "error.html",
        ctx,
        status=status_of(error),
        error=FormError.of(error, ctx.lang),
        code=error.code,
    )
