"""The account's identity documents over HTTP: the holder uploads, the operator returns.

The library checks each file as it checks an application's documents and keeps its
clean copy; the operator's acceptance is ``POST /staff/accounts/{id}/identity-documents``
(docs/security.md, "Identity documents").
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from accredkit import IdentityDocument
from accredkit.web._bodies import RequiredReasonBody
from accredkit.web._context import Web
from accredkit.web._routing import api_get, api_post
from accredkit.web._settings import MAX_UPLOAD
from accredkit.web._uploads import read_upload
from accredkit.web._views import AccountView

__all__ = ["ROUTES"]

_ID = "/accounts/{account_id:str}/identity-documents"


@api_post(
    _ID,
    tags=["accounts"],
    sync_to_thread=None,
    request_max_body_size=MAX_UPLOAD + 64 * 1024,
    status_code=201,
)
async def submit_identity_document(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> AccountView:
    """Upload one identity document: ``multipart/form-data`` with ``file`` and ``kind``.

    ``kind`` is ``passport``, ``professional_status`` or ``pd_consent``; a missing kind
    is refused (``identity_document.unknown_kind``), never guessed.
    """
    actor = await anyio.to_thread.run_sync(web.actor, request)
    upload = await read_upload(request, web.settings.max_upload)
    kind = upload.fields.get("kind", "")
    account = await anyio.to_thread.run_sync(
        web.cabinet.accounts.submit_identity_document,
        actor,
        account_id,
        kind,
        upload.filename,
        upload.data,
    )
    return AccountView.of(account)


@api_get(_ID, tags=["accounts"])
def identity_documents(
    web: NamedDependency[Web], request: Request[Any, Any, Any], account_id: FromPath[str]
) -> list[IdentityDocument]:
    """The account's identity documents, for its holder or an operator (journaled)."""
    return list(web.cabinet.accounts.identity_documents(web.actor(request), account_id))


@api_get(
    _ID + "/{sha256:str}",
    tags=["accounts"],
    media_type="application/octet-stream",
    response_headers={"Cache-Control": "no-store"},
)
def identity_document(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    account_id: FromPath[str],
    sha256: FromPath[str],
) -> Response[bytes]:
    """The bytes of one identity document (a staff member's read is journaled)."""
    data = web.cabinet.accounts.identity_document(web.actor(request), account_id, sha256)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{sha256[:16]}"'},
    )


@api_post("/staff/accounts/{account_id:str}/identity-documents/return", tags=["staff"])
def return_identity_documents(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    account_id: FromPath[str],
    data: JSONBody[RequiredReasonBody],
) -> AccountView:
    """The operator returns the identity documents with a reason the holder is shown."""
    actor = web.actor(request)
    returned = web.cabinet.accounts.return_identity_documents(actor, account_id, data.reason)
    return AccountView.of(returned)


ROUTES = [
    submit_identity_document,
    identity_documents,
    identity_document,
    return_identity_documents,
]
