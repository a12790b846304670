"""The ``smtp://`` sender in a real SMTP conversation with a local aiosmtpd server."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from accredkit.adapters.messaging.smtp_email import SmtpEmail, smtp_from_url
from accredkit.config import Config
from accredkit.domain.contacts import Email
from accredkit.errors import ConfigurationError, PortUnavailable
from accredkit.plugins.manager import collect_adapters, get_plugin_manager
from accredkit.testing.contracts import EmailSenderContract

SENDER = Email.parse("noreply@cabinet.example.ru")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def delivered(self) -> list[tuple[str, str, str]]:
        found = []
        for message in self.messages:
            body = message.get_body(("plain",))
            assert body is not None
            text = body.get_content().replace("\r\n", "\n").removesuffix("\n")
            found.append((str(message["To"]), str(message["Subject"]), text))
        return found


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


class TestSmtpEmail(EmailSenderContract[SmtpEmail]):
    @pytest.fixture
    def email(self, smtp_server: tuple[Controller, Inbox]) -> Iterator[SmtpEmail]:
        controller, _ = smtp_server
        yield smtp_from_url(f"smtp://127.0.0.1:{controller.port}?from={SENDER}&timeout=5")

    @pytest.fixture
    def delivered(
        self, smtp_server: tuple[Controller, Inbox]
    ) -> Callable[[], list[tuple[str, str, str]]]:
        return smtp_server[1].delivered

    @pytest.fixture
    def broken_email(self) -> Iterator[SmtpEmail]:
        yield SmtpEmail("127.0.0.1", _free_port(), sender=SENDER, timeout=2)


def test_message_is_utf8_mime_with_an_encoded_subject(
    smtp_server: tuple[Controller, Inbox],
) -> None:
    controller, inbox = smtp_server
    sender = smtp_from_url(f"smtp://127.0.0.1:{controller.port}?from={SENDER}")
    sender.send(Email.parse("doctor@clinic.ru"), "Статус заявления", "Одобрено ✓")
    [message] = inbox.messages
    assert inbox.envelopes == [(str(SENDER), ["doctor@clinic.ru"])]
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert str(message["From"]) == str(SENDER)
    assert message["Date"]
    assert message["Message-ID"]
    raw_subject = message.get("Subject")
    assert raw_subject == "Статус заявления"


def test_server_refusing_the_recipient_is_port_unavailable(
    smtp_server: tuple[Controller, Inbox],
) -> None:
    controller, inbox = smtp_server

    async def refuse(server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return "550 no such user"

    inbox.handle_RCPT = refuse  # type: ignore[attr-defined]
    sender = SmtpEmail("127.0.0.1", controller.port, sender=SENDER)
    with pytest.raises(PortUnavailable) as caught:
        sender.send(Email.parse("ghost@clinic.ru"), "s", "b")
    assert caught.value.code == "email.refused"


def test_smtp_is_registered_by_url_scheme(smtp_server: tuple[Controller, Inbox]) -> None:
    controller, inbox = smtp_server
    config = Config(settings={"smtp_from": "robot@cabinet.example.ru"})
    adapters = collect_adapters(get_plugin_manager())
    sender = adapters.create("email", f"smtp://127.0.0.1:{controller.port}", config)
    sender.send(Email.parse("doctor@clinic.ru"), "Тема", "Текст")
    assert inbox.delivered() == [("doctor@clinic.ru", "Тема", "Текст")]
    assert str(inbox.messages[0]["From"]) == "robot@cabinet.example.ru"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("smtp://localhost:2525", "from="),
        ("smtp://localhost:2525?from=a@b.ru&password=x", "never put the password"),
        ("smtp://localhost:2525?from=a@b.ru&user=u&password_env=ACCREDKIT_NO_SUCH", "password"),
        ("smtp://:25?from=a@b.ru", "host"),
        ("smtp://localhost:99999?from=a@b.ru", "port"),
    ],
)
def test_bad_smtp_urls_are_configuration_errors(url: str, words: str) -> None:
    with pytest.raises(ConfigurationError, match=words):
        smtp_from_url(url)


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Controller, Inbox, Path]]:
    cert_path, key_path = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    inbox = Inbox()

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"cabinet",
            b"s3cret-pass",
        )
        return AuthResult(success=ok)

    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    yield controller, inbox, cert_path
    controller.stop()


def test_starttls_with_login_against_a_self_signed_server(
    tls_server: tuple[Controller, Inbox, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, inbox, cert = tls_server
    monkeypatch.setenv("ACCREDKIT_TEST_SMTP_PASSWORD", "s3cret-pass")
    sender = smtp_from_url(
        f"smtp://127.0.0.1:{controller.port}?starttls=1&cafile={cert}&user=cabinet"
        f"&password_env=ACCREDKIT_TEST_SMTP_PASSWORD&from={SENDER}"
    )
    sender.send(Email.parse("doctor@clinic.ru"), "Код", "Код подтверждения: 123456")
    assert inbox.delivered() == [("doctor@clinic.ru", "Код", "Код подтверждения: 123456")]


def test_starttls_with_an_untrusted_certificate_is_port_unavailable(
    tls_server: tuple[Controller, Inbox, Path],
) -> None:
    controller, inbox, _ = tls_server
    sender = smtp_from_url(f"smtp://127.0.0.1:{controller.port}?starttls=1&from={SENDER}")
    with pytest.raises(PortUnavailable):
        sender.send(Email.parse("doctor@clinic.ru"), "s", "b")
    assert inbox.messages == []


def test_wrong_password_is_port_unavailable(
    tls_server: tuple[Controller, Inbox, Path],
) -> None:
    controller, inbox, cert = tls_server
    sender = smtp_from_url(
        f"smtp://127.0.0.1:{controller.port}?starttls=1&cafile={cert}&user=cabinet&from={SENDER}"
        "&timeout=2",
        {"smtp_password": "wrong"},
    )
    with pytest.raises(PortUnavailable, match="refused"):
        sender.send(Email.parse("doctor@clinic.ru"), "s", "b")
    assert inbox.messages == []


def test_server_without_starttls_refuses_plain_mail(
    tls_server: tuple[Controller, Inbox, Path],
) -> None:
    controller, inbox, _ = tls_server
    sender = smtp_from_url(f"smtp://127.0.0.1:{controller.port}?from={SENDER}")
    with pytest.raises(PortUnavailable):
        sender.send(Email.parse("doctor@clinic.ru"), "s", "b")
    assert inbox.messages == []
