"""An SMS sender for a simple HTTP JSON gateway, on the standard library alone.

The gateway protocol: ``POST <path>`` with ``Authorization: Bearer <token>`` and the body
``{"to": "+79123456789", "text": "…"}``. Any 2xx means accepted. 400 or 422 means the
gateway refused this message (usually the number); anything else is an outage.
"""

from __future__ import annotations

import ipaddress
import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from accredkit import Phone, PortUnavailable, ValidationError, Violation
from accredkit.errors import ConfigurationError

__all__ = ["DEFAULT_TIMEOUT", "TOKEN_ENV", "SmsGateSender"]

SCHEME = "smsgate"
TOKEN_ENV = "ACCREDKIT_SMSGATE_TOKEN"  # noqa: S105 - the name of the variable
DEFAULT_TIMEOUT = 10.0
_REFUSED = (400, 422)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would carry the bearer token to wherever they point."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> None:
        return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _config_error(message: str, *, code: str, value: object = None) -> ConfigurationError:
    return ConfigurationError(f"smsgate: {message}", code=code, value=value)


class SmsGateSender:
    """Sends each SMS as one JSON POST; failures become accredkit errors.

    Redirects are never followed (the token must not travel to another host), and the
    token never appears in an error message.
    """

    def __init__(self, endpoint: str, token: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Check the settings once, so a bad one fails at bootstrap, not at the first SMS.

        Args:
            endpoint: the full ``http://`` or ``https://`` URL to POST to.
            token: the bearer token the gateway expects.
            timeout: seconds to wait for the connection and for the answer.

        Raises:
            ConfigurationError: the endpoint is not HTTP(S), the token is empty or the
                timeout is not positive.
        """
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise _config_error("the endpoint must be http or https", code="smsgate.url")
        if not token:
            raise _config_error("the token is empty", code="smsgate.token")
        if not timeout > 0:
            raise _config_error("the timeout must be positive", code="smsgate.timeout")
        self.endpoint = endpoint
        self.timeout = timeout
        self._token = token
        self._opener = urllib.request.build_opener(_NoRedirect())

    def __repr__(self) -> str:
        return f"SmsGateSender({self.endpoint!r}, token=***, timeout={self.timeout})"

    @classmethod
    def from_url(cls, url: str, *, environ: Mapping[str, str] | None = None) -> SmsGateSender:
        """Build a sender from ``smsgate://host:port/path?token=…&tls=0&timeout=5``.

        The token comes from the ``token`` query parameter or, failing that, from the
        ``ACCREDKIT_SMSGATE_TOKEN`` environment variable (preferable: it keeps the secret
        out of configuration files). TLS is on unless ``tls=0``; for a loopback host
        (``localhost``, ``127.0.0.1``, ``::1``) it is off unless ``tls=1``.

        Args:
            url: the adapter URL from the configuration.
            environ: where to look for the token variable (default ``os.environ``).

        Returns:
            A sender for that gateway.

        Raises:
            ConfigurationError: wrong scheme, no host, no token, or a bad parameter.
        """
        parts = urlsplit(url)
        if parts.scheme != SCHEME:
            raise _config_error(f"URL scheme must be {SCHEME!r}", code="smsgate.url")
        host = parts.hostname
        if not host:
            raise _config_error(
                "URL needs a host, e.g. smsgate://sms.example.ru/send", code="smsgate.url"
            )
        try:
            port = parts.port
        except ValueError as error:
            raise _config_error("URL port is not a number", code="smsgate.url") from error
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        unknown = sorted(set(query) - {"token", "tls", "timeout"})
        if unknown:
            raise _config_error(
                f"unknown URL parameter(s) {', '.join(unknown)}; known: token, tls, timeout",
                code="smsgate.url",
                value=unknown,
            )
        env = os.environ if environ is None else environ
        token = query.get("token") or env.get(TOKEN_ENV, "")
        if not token:
            raise _config_error(
                f"no token: add ?token=… to the URL or set {TOKEN_ENV}", code="smsgate.token"
            )
        tls = _flag(query.get("tls"), default=not _is_loopback(host))
        timeout = _seconds(query.get("timeout"))
        netloc = f"[{host}]" if ":" in host else host
        if port is not None:
            netloc = f"{netloc}:{port}"
        endpoint = f"{'https' if tls else 'http'}://{netloc}{quote(parts.path or '/')}"
        return cls(endpoint, token, timeout=timeout)

    def send(self, to: Phone, text: str) -> None:
        """POST one message to the gateway.

        Args:
            to: the recipient.
            text: the message text (UTF-8).

        Raises:
            ValidationError: the gateway refused the message (400 or 422), code
                ``sms.rejected``, with the gateway's reason.
            PortUnavailable: the gateway is unreachable, too slow, refused the token
                (``smsgate.unauthorized``) or answered with any other error status.
        """
        body = json.dumps({"to": str(to), "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is always http(s)
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self._token}",
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            with error:
                raise _http_error(error.code, error.read(), to) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PortUnavailable(
                f"SMS gateway {self.endpoint} is unreachable: {reason}",
                message_ru=f"SMS-шлюз {self.endpoint} недоступен: {reason}",
                code="smsgate.unreachable",
            ) from None


def _flag(text: str | None, *, default: bool) -> bool:
    if text is None:
        return default
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise _config_error(f"tls must be 0 or 1 (got {text!r})", code="smsgate.url", value=text)


def _seconds(text: str | None) -> float:
    if text is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 300:
        raise _config_error(
            f"timeout must be seconds in (0, 300] (got {text!r})",
            code="smsgate.timeout",
            value=text,
        )
    return value


def _reason(payload: bytes) -> str:
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if isinstance(data.get(key), str):
                return str(data[key])[:200]
    return ""


def _http_error(status: int, payload: bytes, to: Phone) -> ValidationError | PortUnavailable:
    reason = _reason(payload)
    if status in _REFUSED:
        detail = f": {reason}" if reason else ""
        return ValidationError.of(
            [
                Violation(
                    "sms.rejected",
                    "to",
                    f"SMS-шлюз отклонил сообщение на номер {to}{detail}",
                    f"the SMS gateway refused the message to {to}{detail}",
                )
            ],
            value=str(to),
        )
    if status in (401, 403):
        return PortUnavailable(
            f"the SMS gateway refused the token (HTTP {status})",
            message_ru=f"SMS-шлюз не принял ключ доступа (HTTP {status})",
            code="smsgate.unauthorized",
            hint_ru=f"Проверьте ключ доступа к SMS-шлюзу ({TOKEN_ENV} или ?token=).",
            hint_en=f"Check the SMS gateway token ({TOKEN_ENV} or ?token=).",
            value=status,
        )
    return PortUnavailable(
        f"the SMS gateway answered HTTP {status}" + (f": {reason}" if reason else ""),
        message_ru=f"SMS-шлюз ответил ошибкой HTTP {status}",
        code="smsgate.http_error",
        value=status,
    )
