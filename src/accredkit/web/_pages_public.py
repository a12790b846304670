"""The public certificate check: by number, what the public registry shows and no more."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency

from accredkit import AccredkitError
from accredkit.web._context import Web
from accredkit.web._pages import FormError, page_context, render

__all__ = ["ROUTES"]


@get("/check", sync_to_thread=True, include_in_schema=False)
def check(web: NamedDependency[Web], request: Request[Any, Any, Any]) -> Response[str]:
    """Check a certificate by number: valid, revoked or expired, its type and dates."""
    ctx = page_context(request, web.settings, web.cabinet)
    number = (request.query_params.get("number") or "").strip()
    if not number:
        return render("check.html", ctx, number="", found=None, state=None, error=None)
    try:
        found = web.cabinet.certificates.by_number(number)
        state = web.cabinet.certificates.status(found.id)
    except AccredkitError as error:
        return render(
            "check.html",
            ctx,
            status=404 if error.code.endswith("not_found") else 422,
            number=number,
            found=None,
            state=None,
            error=FormError.of(error, ctx.lang),
        )
    return render("check.html", ctx, number=number, found=found, state=str(state), error=None)


ROUTES = [check]
