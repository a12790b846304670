"""``create_app(cabinet)``: the ASGI application of the cabinet's JSON API (docs/web.md)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.attrs import AttrsSchemaPlugin
from litestar.static_files import create_static_files_router

from accredkit import AccredkitError, Cabinet
from accredkit.web import (
    _pages_accounts,
    _pages_cabinet,
    _pages_operator,
    _pages_passkeys,
    _pages_public,
    _pages_staff,
    _routes_accounts,
    _routes_applications,
    _routes_around,
    _routes_identity,
    _routes_passkeys,
    _routes_public,
    _routes_staff,
)
from accredkit.web._context import Web
from accredkit.web._edge import EdgeMiddleware
from accredkit.web._errors import handle_accredkit_error, handle_http_exception
from accredkit.web._pages import STATIC_DIR, error_page
from accredkit.web._settings import WebSettings

__all__ = ["API_PREFIX", "OPENAPI_PATH", "create_app"]

API_PREFIX = "/api/v1"
OPENAPI_PATH = API_PREFIX + "/openapi.json"


def build_litestar(cabinet: Cabinet, settings: WebSettings) -> Litestar:
    """The framework application, without the edge layer (tests read its schema)."""
    # Where read routes run is decided here, once, by what the storage says of itself.
    web = Web(cabinet, settings, inline_reads=cabinet.local_reads)
    api = Router(
        API_PREFIX,
        route_handlers=[
            *_routes_accounts.ROUTES,
            *_routes_passkeys.ROUTES,
            *_routes_applications.ROUTES,
            *_routes_around.ROUTES,
            *_routes_identity.ROUTES,
            *_routes_staff.ROUTES,
            *_routes_public.ROUTES,
        ],
    )
    pages = Router(
        "/",
        route_handlers=[
            *_pages_accounts.ROUTES,
            *_pages_cabinet.ROUTES,
            *_pages_passkeys.ROUTES,
            *_pages_staff.ROUTES,
            *_pages_operator.ROUTES,
            *_pages_public.ROUTES,
        ],
        exception_handlers={AccredkitError: error_page},
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC_DIR], include_in_schema=False
    )
    cors = (
        CORSConfig(allow_origins=list(settings.allowed_origins), allow_credentials=True)
        if settings.allowed_origins
        else None
    )
    return Litestar(
        route_handlers=[api, pages, static],
        state=State({"web_settings": settings}),
        dependencies={"web": Provide(lambda: web, use_cache=True, sync_to_thread=False)},
        exception_handlers={
            AccredkitError: handle_accredkit_error,
            HTTPException: handle_http_exception,
        },
        plugins=[AttrsSchemaPlugin()],
        openapi_config=OpenAPIConfig(
            title="accredkit cabinet API",
            version="1",
            description="The accreditation cabinet of medical workers over HTTP (docs/web.md).",
            path=OPENAPI_PATH,  # the document itself; nothing else is mounted under /api/v1
            render_plugins=[JsonRenderPlugin(path="/")],
        ),
        cors_config=cors,
        request_max_body_size=settings.max_body,
        logging_config=None,
        debug=False,
    )


def create_app(cabinet: Cabinet, settings: WebSettings | None = None) -> Any:
    """The ASGI application serving ``cabinet``'s JSON API under ``/api/v1``.

    Args:
        cabinet: a cabinet from ``accredkit.bootstrap``.
        settings: edge settings (CORS origins, limits, CSRF key).

    Returns:
        An ASGI application; its OpenAPI 3.1 document is at ``/api/v1/openapi.json``.
    """
    settings = settings or WebSettings()
    return EdgeMiddleware(build_litestar(cabinet, settings), timeout=settings.request_timeout)
