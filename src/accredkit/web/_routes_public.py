"""What anyone may ask without a session: the public check and the revocation list.

Both are the certificates' public use cases (docs/web.md); the check is throttled by the
caller's address, which is what the route hands on as the client.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath

from accredkit.web._context import Web
from accredkit.web._pages_public import PublicView, _public_view
from accredkit.web._routing import api_get

__all__ = ["ROUTES"]

_TAGS = ["certificates"]


@api_get("/certificates/revocation-list", tags=_TAGS, media_type="application/octet-stream")
def revocation_list(web: NamedDependency[Web]) -> Response[bytes]:
    """The signed list of every revoked certificate, for checks made offline."""
    signed = web.cabinet.certificates.revocation_list()
    return Response(signed, media_type="application/octet-stream")


@api_get("/certificates/check/{number:str}", tags=_TAGS)
def check(
    web: NamedDependency[Web], request: Request[Any, Any, Any], number: FromPath[str]
) -> PublicView:
    """The public registry's answer for a number (``?s=``: the QR code's proof).

    Only public fields come back; too many checks from one address answer 429.
    """
    return _public_view(web, request, number)


ROUTES = [revocation_list, check]
