"""The outermost ASGI layer: access log, security headers and the request time limit.

The access log names the method, the path, the status and the time only: never the
query string, a header, a cookie or the body, where logins, tokens and codes travel
(docs/web.md, "Access log").
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

__all__ = ["ACCESS_LOG", "EdgeMiddleware"]

ACCESS_LOG = logging.getLogger("accredkit.web.access")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[..., Awaitable[None]]

_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]
_HEADER_NAMES = frozenset(name for name, _ in _HEADERS)
_TIMEOUT_BODY = json.dumps(
    {
        "code": "http.timeout",
        "message": "the request took too long",
        "message_ru": "Запрос выполнялся слишком долго.",
        "hint_ru": "Повторите попытку позже.",
        "hint_en": "Try again later.",
        "violations": [],
    }
).encode()


def _on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False  # another event loop (trio): anyio's deadline serves it
    return True


class EdgeMiddleware:
    """Wrap an ASGI app with the access log, security headers and a time limit."""

    def __init__(self, app: App, *, timeout: float) -> None:
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers} & _HEADER_NAMES
                headers += [(n, v) for n, v in _HEADERS if n not in present]
                message["headers"] = headers
            await send(message)

        try:
            if _on_asyncio():
                # asyncio's own deadline: half the cost of a cancel scope per request.
                async with asyncio.timeout(self.timeout):
                    await self.app(scope, receive, sending)
            else:
                with anyio.fail_after(self.timeout):
                    await self.app(scope, receive, sending)
        except TimeoutError:
            if status == 0:
                status = 503
                await send(
                    {
                        "type": "http.response.start",
                        "status": 503,
                        "headers": [(b"content-type", b"application/json"), *_HEADERS],
                    }
                )
                await send({"type": "http.response.body", "body": _TIMEOUT_BODY})
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            ACCESS_LOG.info("%s %s %d %.1fms", scope["method"], scope["path"], status, elapsed)
