"""Every refusal as the library's error in JSON, with the HTTP status that fits it.

The body is ``AccredkitError.to_dict()`` plus ``violations`` (empty when there are
none), so a host matches on ``code`` exactly as an in-process caller does
(docs/web.md, "Errors").
"""

from __future__ import annotations

import math
from typing import Any

import attrs
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    ValidationException,
)
from litestar.exceptions import MethodNotAllowedException as _MethodNotAllowed
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.datastructures import ResponseSpec

from accredkit import (
    AccountLocked,
    AccredkitError,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    PortUnavailable,
    RateLimited,
    TransitionNotAllowed,
    ValidationError,
)

__all__ = [
    "ERROR_RESPONSES",
    "ErrorBody",
    "ViolationBody",
    "error_response",
    "handle_accredkit_error",
    "handle_http_exception",
    "status_of",
    "too_large",
]


@attrs.frozen
class ViolationBody:
    """One broken rule (``Violation``) as JSON."""

    code: str
    field: str
    message_ru: str
    message_en: str


@attrs.frozen
class ErrorBody:
    """A refusal: the library's error code, messages, hints and every violation."""

    code: str
    message: str
    message_ru: str
    hint_ru: str
    hint_en: str
    violations: list[ViolationBody] = attrs.field(factory=list)


_BY_CODE: dict[str, int] = {
    "document.too_large": 413,
    # The account was blocked: no session of it acts any more, like an ended one.
    "auth.blocked": 401,
}

# Most specific first: AccountLocked is an AuthenticationFailed, InvalidIdentifier a
# ValidationError, and so on.
_STATUSES: tuple[tuple[type[AccredkitError], int], ...] = (
    (AccountLocked, 403),
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (TransitionNotAllowed, 409),
    (Conflict, 409),
    (RateLimited, 429),
    (ValidationError, 422),
    (PortUnavailable, 503),
)


def status_of(error: AccredkitError) -> int:
    """The HTTP status of a library error (400 for anything not listed)."""
    if error.code in _BY_CODE:
        return _BY_CODE[error.code]
    for kind, status in _STATUSES:
        if isinstance(error, kind):
            return status
    return 400


def error_response(error: AccredkitError, status: int | None = None) -> Response[dict[str, Any]]:
    """The JSON answer for ``error``; a throttle carries ``Retry-After`` in seconds."""
    body = error.to_dict()
    body.setdefault("violations", [])
    headers: dict[str, str] = {}
    if isinstance(error, RateLimited):
        seconds = error.retry_after.total_seconds() if error.retry_after else 60.0
        headers["Retry-After"] = str(max(1, math.ceil(seconds)))
    status = status or status_of(error)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="accredkit"'
    return Response(body, status_code=status, headers=headers)


def handle_accredkit_error(_: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """Exception handler: the library's error as JSON with its status."""
    assert isinstance(error, AccredkitError)
    return error_response(error)


def too_large(limit: int | None) -> AccredkitError:
    """The refusal of a body or file over ``limit`` bytes (``None``: the route's limit)."""
    size_en = f" ({limit} bytes)" if limit else ""
    size_ru = f" ({limit} байт)" if limit else ""
    return ValidationError(
        f"the request is larger than allowed{size_en}",
        message_ru=f"Запрос больше допустимого размера{size_ru}.",
        code="document.too_large",
        hint_ru="Уменьшите файл (до 5 МБ): отсканируйте с меньшим разрешением или в PDF.",
        hint_en="Make the file smaller (up to 5 MiB): scan at a lower resolution or as PDF.",
        value=limit,
    )


def _framework_error(error: HTTPException) -> AccredkitError:
    """The framework's own refusals (routing, body decoding) in the library's shape."""
    if isinstance(error, RequestEntityTooLarge):
        return too_large(None)
    if isinstance(error, NotFoundException):
        return NotFound("no such resource", message_ru="Адрес не найден.", code="http.not_found")
    if isinstance(error, NotAuthorizedException):
        return AuthenticationFailed(
            "sign in first", message_ru="Войдите в кабинет.", code="session.invalid"
        )
    if isinstance(error, _MethodNotAllowed):
        return AccredkitError(
            "method not allowed", message_ru="Метод не поддерживается.", code="http.method"
        )
    detail = error.detail if isinstance(error, ValidationException) else "bad request"
    return AccredkitError(
        f"the request is malformed: {detail}",
        message_ru="Запрос составлен неверно.",
        code="http.bad_request",
        hint_ru="Проверьте поля запроса по описанию API.",
        hint_en="Check the request's fields against the API description.",
    )


def handle_http_exception(_: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """Exception handler for the framework's HTTP errors: same JSON shape as the library's."""
    assert isinstance(error, HTTPException)
    status = error.status_code if error.status_code < 500 else 400
    if isinstance(error, RequestEntityTooLarge):
        status = 413
    response = error_response(_framework_error(error), status)
    if isinstance(error, _MethodNotAllowed) and error.headers:
        response.headers.update(error.headers)
    return response


def _spec(description: str) -> ResponseSpec:
    return ResponseSpec(ErrorBody, description=description, generate_examples=False)


ERROR_RESPONSES: dict[int, ResponseSpec] = {
    400: _spec("Malformed request"),
    401: _spec(
        "No valid session (session.invalid, session.expired, auth.failed, auth.blocked, "
        "staff.second_factor_required)"
    ),
    403: _spec("Not allowed (permission.role, permission.subject, csrf.*, auth.locked)"),
    404: _spec("Not found, or not visible to the caller (an applicant)"),
    405: _spec("Method not allowed"),
    409: _spec("Not allowed in the current state, or a concurrent change"),
    413: _spec("Request or file too large (document.too_large)"),
    422: _spec("Input broke rules: every violation is listed"),
    429: _spec("Throttled: see Retry-After"),
    503: _spec("A gateway (SMS, e-mail) is unavailable: retry later"),
}
"""Declared on every operation, so the OpenAPI document describes every refusal."""
