"""What every route receives: the cabinet, the edge settings, and who is calling.

``Web.read`` is where a read route runs: in the event loop when the cabinet's storage
reads without waiting, else in a worker thread (docs/web.md, "Where a route runs").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
import attrs
from litestar import Request
from litestar.datastructures import Cookie

from accredkit import Actor, Cabinet, WriteDeferred
from accredkit.web._auth import actor_for, credentials
from accredkit.web._settings import COOKIE_NAME, WebSettings

__all__ = ["Web", "session_cookie"]

T = TypeVar("T")


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
    inline_reads: bool = False
    """Reads run in the event loop: decided once at build, from ``cabinet.local_reads``."""

    async def read(self, work: Callable[[], T]) -> T:
        """The answer of a route whose library calls read: ``work()``, run where it may.

        With ``inline_reads`` (memory, SQLite in WAL mode) ``work`` runs in the event
        loop, saving the hop to a worker thread; a commit there is refused before it
        writes anything (``WriteDeferred``: a session's idle timer due to be stored,
        messages marked read), and ``work`` runs again in a worker thread, where a write
        may wait for the database's lock. Without it (PostgreSQL: every read is a round
        trip) ``work`` always runs in a worker thread, so no request stalls the others.
        """
        if self.inline_reads:
            try:
                with self.cabinet.reading_only():
                    return work()
            except WriteDeferred:
                pass  # it wants to write: not in the event loop
        return await anyio.to_thread.run_sync(work)

    def token(self, request: Request[Any, Any, Any]) -> str:
        """The session token of ``request`` (CSRF checked for a cookie)."""
        return credentials(request, self.settings).token

    def actor(self, request: Request[Any, Any, Any]) -> Actor:
        """The signed-in account, with the roles the cabinet holds for it.

        Which of them may act is each use case's decision (docs/authority.md): a route
        passes the actor on and never checks a role itself.
        """
        return actor_for(self.cabinet, self.token(request))
