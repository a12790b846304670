"""What a host tunes at the edge: cookie, CSRF key, limits, origins."""

from __future__ import annotations

import secrets

import attrs

__all__ = ["COOKIE_NAME", "CSRF_HEADER", "MAX_UPLOAD", "WebSettings"]

COOKIE_NAME = "__Host-accredkit-session"
"""``__Host-``: the browser keeps it only if Secure, on ``/``, without a Domain."""

CSRF_HEADER = "X-CSRF-Token"

MAX_UPLOAD = 5 * 1024 * 1024
"""The document policy's largest file (5 MiB): one byte more is refused with 413."""


@attrs.frozen
class WebSettings:
    """Edge settings of the HTTP host (docs/web.md, "Security at the edge").

    Attributes:
        csrf_key: HMAC key binding the CSRF token to the session cookie; random per
            process by default (set it when several processes serve one cabinet).
        allowed_origins: CORS origins; empty (the default) answers no cross-origin
            request.
        max_body: the largest JSON body, in bytes.
        max_upload: the largest file, in bytes.
        request_timeout: seconds a request may take before it is answered 503.
        page_limit: the largest page a list returns.
    """

    csrf_key: bytes = attrs.field(factory=lambda: secrets.token_bytes(32), repr=False)
    allowed_origins: tuple[str, ...] = ()
    max_body: int = 64 * 1024
    max_upload: int = MAX_UPLOAD
    request_timeout: float = 30.0
    page_limit: int = 100
