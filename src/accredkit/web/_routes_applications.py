"""The applicant's applications: create, attach, detach, submit, answer, withdraw, follow."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter

from accredkit import (
    ApplicantKind,
    ApplicantProfile,
    Application,
    HistoryEntry,
    PreviousCertificate,
)
from accredkit.web._bodies import AnswerBody, ApplicationBody, ReasonBody
from accredkit.web._context import Web
from accredkit.web._links import CreatedApplication
from accredkit.web._routing import api_delete, api_get, api_post, api_read, limit_of
from accredkit.web._settings import MAX_UPLOAD
from accredkit.web._uploads import read_upload
from accredkit.web._views import AttachedView, Page, StatusView, page_of

__all__ = ["ROUTES"]

_TAGS = ["applications"]
_ID = "/applications/{application_id:str}"


def _profile(data: JSONBody[ApplicationBody]) -> ApplicantProfile:
    previous = data.previous_certificate
    return ApplicantProfile(
        applicant_kind=ApplicantKind(data.applicant_kind),
        specialty=data.specialty,
        experience_years=data.experience_years,
        training_hours=data.training_hours,
        cpd_hours=data.cpd_hours,
        nmo_credits=data.nmo_credits,
        organisation_ogrn=data.organisation_ogrn,
        licence_number=data.licence_number,
        requested_term_months=data.requested_term_months,
        previous_certificate=(
            PreviousCertificate(previous.number, previous.valid_until) if previous else None
        ),
        changed_requirements_reason=data.changed_requirements_reason,
    )


@api_post("/applications", tags=_TAGS, status_code=201, operation_class=CreatedApplication)
def create(
    web: NamedDependency[Web], request: Request[Any, Any, Any], data: JSONBody[ApplicationBody]
) -> Application:
    """Open a draft of an accreditation type after checking eligibility."""
    actor = web.actor(request)
    return web.cabinet.applications.create(
        actor, data.type_code, _profile(data), catalogue=data.catalogue
    )


@api_get("/applications", tags=_TAGS)
def list_applications(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[Application]:
    """The caller's own applications, newest first."""
    found = web.cabinet.applications.list(web.actor(request))
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_get(_ID, tags=_TAGS)
def show(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Application:
    """One application, if the caller may see it: their own, or any for the body's staff."""
    return web.cabinet.applications.get(web.actor(request), application_id)


@api_read(_ID + "/status", tags=_TAGS)
async def status(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> StatusView:
    """Where the application stands (the call a page polls)."""
    return await web.read(
        lambda: StatusView.of(web.cabinet.applications.get(web.actor(request), application_id))
    )


@api_get(_ID + "/timeline", tags=_TAGS)
def timeline(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    limit: int = Parameter(default=50, ge=1, le=1000),
    offset: int = Parameter(default=0, ge=0),
) -> Page[HistoryEntry]:
    """Every move of the application: who, when, from and to which status, why."""
    found = web.cabinet.applications.get(web.actor(request), application_id).history
    return page_of(found, limit_of(limit, web.settings.page_limit), offset)


@api_post(
    _ID + "/documents",
    tags=_TAGS,
    sync_to_thread=None,
    request_max_body_size=MAX_UPLOAD + 64 * 1024,
    status_code=201,
)
async def attach(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> AttachedView:
    """Attach a document: ``multipart/form-data`` with ``file`` and ``kind``.

    The body is read as a stream and refused with 413 as soon as the file passes
    5 MiB; the file stays in memory until the blob store encrypts it.
    """
    actor = await anyio.to_thread.run_sync(web.actor, request)
    upload = await read_upload(request, web.settings.max_upload)
    kind = upload.fields.get("kind", "other")
    attached, report = await anyio.to_thread.run_sync(
        web.cabinet.applications.attach, actor, application_id, upload.data, upload.filename, kind
    )
    return AttachedView.of(attached, report)


@api_delete(_ID + "/documents/{sha256:str}", tags=_TAGS)
def detach(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    sha256: FromPath[str],
) -> Application:
    """Remove an attached document (draft or needs-info)."""
    return web.cabinet.applications.detach(web.actor(request), application_id, sha256)


@api_get(
    _ID + "/documents/{sha256:str}",
    tags=_TAGS,
    media_type="application/octet-stream",
    response_headers={"Cache-Control": "no-store"},
)
def download(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    sha256: FromPath[str],
) -> Response[bytes]:
    """The bytes of an attached document, for those who may see the application."""
    actor = web.actor(request)
    application = web.cabinet.applications.get(actor, application_id)
    data = web.cabinet.applications.document(actor, application_id, sha256)
    name = next(d.filename for d in application.documents if d.sha256 == sha256)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_")
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{ascii_name}"'},
    )


@api_post(_ID + "/submit", tags=_TAGS)
def submit(
    web: NamedDependency[Web], request: Request[Any, Any, Any], application_id: FromPath[str]
) -> Application:
    """Send the application to the body (needs every document and a verified account)."""
    return web.cabinet.applications.submit(web.actor(request), application_id)


@api_post(_ID + "/answer", tags=_TAGS)
def answer(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[AnswerBody],
) -> Application:
    """Answer the body's request for information."""
    return web.cabinet.applications.answer(web.actor(request), application_id, data.text)


@api_post(_ID + "/withdraw", tags=_TAGS)
def withdraw(
    web: NamedDependency[Web],
    request: Request[Any, Any, Any],
    application_id: FromPath[str],
    data: JSONBody[ReasonBody],
) -> Application:
    """Withdraw the application."""
    return web.cabinet.applications.withdraw(web.actor(request), application_id, data.reason)


ROUTES = [
    create,
    list_applications,
    show,
    status,
    timeline,
    attach,
    detach,
    download,
    submit,
    answer,
    withdraw,
]
