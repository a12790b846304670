"""What every route receives: the cabinet, the edge settings, and who is calling."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request
from litestar.datastructures import Cookie

from accredkit import Actor, Cabinet
from accredkit.web._auth import actor_for, credentials
from accredkit.web._settings import COOKIE_NAME, WebSettings

__all__ = ["Web", "session_cookie"]


def session_cookie(token: str, *, clear: bool = False) -> Cookie:
    """The ``__Host-`` session cookie: Secure, HttpOnly, SameSite=Strict, path ``/``."""
    return Cookie(
        key=COOKIE_NAME,
        value="" if clear else token,
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
        max_age=0 if clear else None,
    )


@attrs.frozen
class Web:
    """The cabinet and the settings, handed to every route as a dependency."""

    cabinet: Cabinet
    settings: WebSettings

    def token(self, request: Request[Any, Any, Any]) -> str:
        """The session token of ``request`` (CSRF checked for a cookie)."""
        return credentials(request, self.settings).token

    def actor(self, request: Request[Any, Any, Any]) -> Actor:
        """The signed-in account, with the roles the cabinet holds for it.

        Which of them may act is each use case's decision (docs/authority.md): a route
        passes the actor on and never checks a role itself.
        """
        return actor_for(self.cabinet, self.token(request))
