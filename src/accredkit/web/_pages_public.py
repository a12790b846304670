"""The public certificate check: by number, what the public registry shows and no more.

The answer comes from ``cabinet.certificates.public_status`` when the cabinet has it
(the public fields, a masked СНИЛС, the QR code's proof, a throttle per client);
otherwise from the certificate's own status, without any holder data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from litestar import Request, Response, get
from litestar.di import NamedDependency

from accredkit import AccredkitError, NotFound
from accredkit.web._context import Web
from accredkit.web._pages import FormError, page_context, render

__all__ = ["ROUTES", "PublicView"]


@attrs.frozen
class PublicView:
    """What the check page shows: the answer and the public fields of the certificate."""

    answer: str  # valid, revoked, expired, unknown
    number: str
    holder_name: str | None = attrs.field(default=None, repr=False)
    holder_id: str | None = None
    accreditation_title: str | None = None
    specialty: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    issuer_name: str | None = None


def _public_view(web: Web, request: Request[Any, Any, Any], number: str) -> PublicView:
    certificates: Any = web.cabinet.certificates
    public = getattr(certificates, "public_status", None)
    if public is not None:
        client = request.client.host if request.client else "public"
        found = public(number, request.query_params.get("s") or None, client=client)
        fields: dict[str, Any] = {
            f.name: getattr(found, f.name, None) for f in attrs.fields(PublicView)
        }
        fields["answer"] = str(getattr(found.answer, "value", found.answer))
        return PublicView(**fields)
    try:
        certificate = certificates.by_number(number)
    except NotFound:
        return PublicView("unknown", number)
    return PublicView(
        str(certificates.status(certificate.id)),
        certificate.number,
        accreditation_title=certificate.accreditation_title,
        specialty=certificate.specialty,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        issuer_name=certificate.issuer_name,
    )


@get("/check", sync_to_thread=True, include_in_schema=False)
def check(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Check a certificate by number: valid, revoked, expired or unknown."""
    ctx = page_context(request, web.settings, web.cabinet)
    number = (request.query_params.get("number") or "").strip()
    if not number:
        return render("check.html", ctx, number="", found=None, error=None)
    try:
        found = _public_view(web, request, number)
    except AccredkitError as error:
        if error.code.endswith("throttled"):
            raise
        return render(
            "check.html", ctx, status=422, number=number, found=None,
            error=FormError.of(error, ctx.lang),
        )  # fmt: skip
    status = 404 if found.answer == "unknown" else 200
    return render("check.html", ctx, status=status, number=number, found=found, error=None)


ROUTES = [check]
