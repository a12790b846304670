"""E-mail over SMTP (smtplib): ``smtp://host:port?starttls=1&user=…&from=…``.

URL parameters:

- ``from`` — the sender address (required; also ``settings.smtp_from``);
- ``starttls=1`` — upgrade the connection before sending (``smtps://`` is TLS from the
  first byte); ``cafile=path`` trusts a private CA, ``verify=0`` trusts anything
  (development only);
- ``user`` — log in; the password comes from the environment variable named by
  ``password_env`` (never from the URL itself), else from ``settings.smtp_password``;
- ``timeout`` — seconds for connecting and each command (default 10).

Every failure — refused connection, timeout, TLS or login failure, a rejected recipient
— raises ``PortUnavailable``, so the outbox retries later with back-off.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from accredkit.domain.contacts import Email
from accredkit.errors import ConfigurationError, PortUnavailable

__all__ = ["SmtpEmail", "smtp_from_url"]

_TRUE = {"1", "true", "yes", "on"}


class SmtpEmail:
    """Sends plain-text UTF-8 messages through one SMTP server, one connection each."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        sender: Email,
        starttls: bool = False,
        implicit_tls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        if username is not None and password is None:
            raise ConfigurationError(
                "smtp: a user is set but no password", code="config.smtp_password"
            )
        self.host = host
        self.port = port
        self.sender = sender
        self.starttls = starttls
        self.implicit_tls = implicit_tls
        self.username = username
        self._password = password
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()

    def message(self, to: Email, subject: str, body: str) -> EmailMessage:
        """The MIME message sent for ``to``: UTF-8 text, encoded subject, date and id."""
        message = EmailMessage()
        message["From"] = str(self.sender)
        message["To"] = str(to)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain=str(self.sender).rsplit("@", 1)[-1])
        message.set_content(body, charset="utf-8")
        return message

    def _connect(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.tls_context
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def send(self, to: Email, subject: str, body: str) -> None:
        """Deliver one message.

        Raises:
            PortUnavailable: the server could not be reached or refused the message.
        """
        message = self.message(to, subject, body)
        try:
            with self._connect() as client:
                client.ehlo()
                if self.starttls:
                    client.starttls(context=self.tls_context)
                    client.ehlo()
                if self.username is not None and self._password is not None:
                    client.login(self.username, self._password)
                client.send_message(message)
        except smtplib.SMTPException as error:
            raise PortUnavailable(
                f"smtp {self.host}:{self.port} refused the message: {error}",
                message_ru="Почтовый сервер не принял сообщение.",
                code="email.refused",
            ) from error
        except (OSError, ssl.SSLError) as error:
            raise PortUnavailable(
                f"smtp {self.host}:{self.port} unreachable: {error}",
                message_ru="Почтовый сервер недоступен.",
                code="email.unreachable",
            ) from error

    def __repr__(self) -> str:
        return f"SmtpEmail({self.host}:{self.port}, user={self.username!r})"


def _flag(query: dict[str, list[str]], name: str) -> bool:
    return query.get(name, ["0"])[-1].lower() in _TRUE


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _bad(message: str, url: str) -> ConfigurationError:
    return ConfigurationError(f"smtp: {message}", code="config.smtp", value=url)


def smtp_from_url(url: str, settings: dict[str, Any] | None = None) -> SmtpEmail:
    """Build a sender from ``smtp://host:port?…`` or ``smtps://…`` (see module docs).

    Raises:
        ConfigurationError: no host or sender, a bad port or timeout, a missing password.
    """
    settings = settings or {}
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "password" in query:
        raise _bad("never put the password in the URL; name a variable in password_env", url)
    host = parts.hostname
    if not host:
        raise _bad("the URL needs a host, e.g. smtp://mail.example.ru:587", url)
    implicit = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if implicit else 25)
        timeout = float(_one(query, "timeout") or settings.get("smtp_timeout", 10))
    except ValueError as error:
        raise _bad(f"bad port or timeout ({error})", url) from error
    sender_text = _one(query, "from") or settings.get("smtp_from")
    if not sender_text:
        raise _bad("say who sends: ?from=noreply@example.ru (or settings.smtp_from)", url)
    user = _one(query, "user") or settings.get("smtp_user")
    password = None
    if user:
        env = _one(query, "password_env")
        password = os.environ.get(env) if env else settings.get("smtp_password")
        if password is None:
            raise _bad(
                f"user {user!r} needs a password: set the variable "
                f"{env or '(password_env=NAME)'} or settings.smtp_password",
                url,
            )
    context = ssl.create_default_context(cafile=_one(query, "cafile"))
    if _one(query, "verify") in ("0", "false", "no"):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return SmtpEmail(
        host,
        port,
        sender=Email.parse(sender_text),
        starttls=_flag(query, "starttls"),
        implicit_tls=implicit,
        username=user,
        password=password,
        timeout=timeout,
        tls_context=context,
    )
