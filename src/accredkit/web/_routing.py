"""Route decorators with what every operation shares: threads, errors, limits.

The library's use cases block (SQLite, PostgreSQL, Argon2id), so a synchronous route
runs in a worker thread; a read route (``api_read``) is a coroutine that hands its
work to ``Web.read``, which runs it in the event loop where the storage allows
(docs/web.md, "Where a route runs"). Every operation documents the error answers it
may give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from litestar import delete, get, post

from accredkit.web._errors import ERROR_RESPONSES

__all__ = ["api_delete", "api_get", "api_post", "api_read", "limit_of"]

F = TypeVar("F", bound=Callable[..., Any])


def _options(kwargs: dict[str, Any], tags: list[str] | None) -> dict[str, Any]:
    options: dict[str, Any] = {"responses": ERROR_RESPONSES}
    if tags:
        options["tags"] = tags
    options.update(kwargs)
    return options


def api_get(path: str, *, tags: list[str] | None = None, **kwargs: Any) -> Callable[[F], Any]:
    """A GET operation (run in a thread unless the handler is a coroutine)."""
    kwargs.setdefault("sync_to_thread", True)
    return get(path, **_options(kwargs, tags))


def api_read(path: str, *, tags: list[str] | None = None, **kwargs: Any) -> Callable[[F], Any]:
    """A GET whose coroutine answers through ``Web.read`` (loop or thread, chosen there)."""
    kwargs["sync_to_thread"] = None
    return get(path, **_options(kwargs, tags))


def api_post(
    path: str, *, tags: list[str] | None = None, status_code: int = 200, **kwargs: Any
) -> Callable[[F], Any]:
    """A POST operation answering ``status_code`` (200 unless something is created)."""
    kwargs.setdefault("sync_to_thread", True)
    return post(path, status_code=status_code, **_options(kwargs, tags))


def api_delete(path: str, *, tags: list[str] | None = None, **kwargs: Any) -> Callable[[F], Any]:
    """A DELETE operation answering 200 with what remains."""
    kwargs.setdefault("sync_to_thread", True)
    return delete(path, status_code=200, **_options(kwargs, tags))


def limit_of(limit: int, ceiling: int) -> int:
    """A page size between 1 and ``ceiling``."""
    return max(1, min(limit, ceiling))
