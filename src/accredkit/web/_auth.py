"""From a request to an ``Actor``: the bearer token or the ``__Host-`` cookie, and CSRF.

``actor_for`` is the one place where a session token becomes an actor; every route
goes through it (docs/web.md, "Sessions"). The actor's roles are the cabinet's, read
from storage (docs/authority.md): nothing in the request asks for one.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import attrs
from litestar import Request

from accredkit import Actor, AuthenticationFailed, Cabinet, Conflict, PermissionDenied
from accredkit.web._settings import COOKIE_NAME, CSRF_HEADER, WebSettings

__all__ = ["Credentials", "actor_for", "credentials", "csrf_token"]

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


@attrs.frozen
class Credentials:
    """The session token of a request and whether it came in the cookie."""

    token: str = attrs.field(repr=False)
    from_cookie: bool


def csrf_token(settings: WebSettings, token: str) -> str:
    """The CSRF token of a cookie session: an HMAC of the session token."""
    return hmac.new(settings.csrf_key, token.encode(), hashlib.sha256).hexdigest()


def _no_session() -> AuthenticationFailed:
    return AuthenticationFailed(
        "no session: send the bearer token or the session cookie",
        message_ru="Сессия не найдена: войдите в кабинет.",
        code="session.invalid",
        hint_ru="Войдите в кабинет заново.",
        hint_en="Sign in again.",
    )


def credentials(request: Request[Any, Any, Any], settings: WebSettings) -> Credentials:
    """The session token of ``request``; a cookie on a state-changing request needs CSRF.

    Raises:
        AuthenticationFailed: ``session.invalid`` when there is no token.
        PermissionDenied: ``csrf.missing`` or ``csrf.mismatch``.
    """
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return Credentials(value.strip(), from_cookie=False)
    cookie = request.cookies.get(COOKIE_NAME)
    if not cookie:
        raise _no_session()
    if request.method not in _SAFE:
        sent = request.headers.get(CSRF_HEADER.lower())
        if not sent:
            raise PermissionDenied(
                "a state-changing request with the session cookie needs the CSRF token",
                message_ru="Запрос не подтвержден: нет CSRF-токена.",
                code="csrf.missing",
                hint_ru="Обновите страницу и повторите действие.",
                hint_en="Reload the page and try again.",
            )
        if not hmac.compare_digest(sent, csrf_token(settings, cookie)):
            raise PermissionDenied(
                "the CSRF token does not match the session",
                message_ru="Запрос не подтвержден: CSRF-токен не совпадает.",
                code="csrf.mismatch",
                hint_ru="Обновите страницу и повторите действие.",
                hint_en="Reload the page and try again.",
            )
    return Credentials(cookie, from_cookie=True)


_TOUCH_RETRIES = 5


def actor_for(cabinet: Cabinet, token: str) -> Actor:
    """The actor behind a session token: ``cabinet.actor(token)``, with the roles it holds.

    Each call restarts the session's idle timer, a write; two requests of one browser
    at once make the second see the session changed (``Conflict``): it was just
    touched, so reading it again settles it.

    Raises:
        AuthenticationFailed: ``session.invalid``, ``session.expired`` or
            ``staff.second_factor_required``.
        AccountLocked: ``auth.blocked``.
    """
    for attempt in range(_TOUCH_RETRIES):
        try:
            return cabinet.actor(token)
        except Conflict:
            if attempt == _TOUCH_RETRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
