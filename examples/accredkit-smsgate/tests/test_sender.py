"""What goes over the wire, and how each kind of failure reaches the caller."""

from __future__ import annotations

import socket

import pytest
from accredkit import Phone, PortUnavailable, ValidationError
from accredkit.errors import ConfigurationError
from hypothesis import given
from hypothesis import strategies as st

from accredkit_smsgate import TOKEN_ENV, SmsGateSender
from accredkit_smsgate.testing import FakeGateway

PHONE = Phone.parse("8 (912) 345-67-89")


def test_request_is_a_json_post_with_the_bearer_token(gateway: FakeGateway) -> None:
    SmsGateSender.from_url(gateway.url(token="s3cret", path="/api/v1/send")).send(PHONE, "Код: 1")
    [request] = gateway.requests
    assert request.method == "POST"
    assert request.path == "/api/v1/send"
    assert request.headers["Authorization"] == "Bearer s3cret"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json() == {"to": "+79123456789", "text": "Код: 1"}


def test_token_comes_from_the_environment_when_the_url_has_none(gateway: FakeGateway) -> None:
    url = f"smsgate://127.0.0.1:{gateway.port}/send"
    SmsGateSender.from_url(url, environ={TOKEN_ENV: "from-env"}).send(PHONE, "x")
    assert gateway.requests[0].headers["Authorization"] == "Bearer from-env"


def test_no_token_anywhere_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        SmsGateSender.from_url("smsgate://sms.example.ru/send", environ={})
    assert info.value.code == "smsgate.token"
    assert TOKEN_ENV in str(info.value)


@pytest.mark.parametrize("status", [400, 422])
def test_a_refused_number_is_a_validation_error_with_the_gateways_reason(status: int) -> None:
    with FakeGateway(status=status, reply={"error": "unknown subscriber"}) as gateway:
        sender = SmsGateSender.from_url(gateway.url())
        with pytest.raises(ValidationError) as info:
            sender.send(PHONE, "x")
    assert info.value.code == "sms.rejected"
    [violation] = info.value.violations
    assert violation.field == "to"
    assert "unknown subscriber" in violation.message_en
    assert "+79123456789" in violation.message_ru


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_is_unavailable_with_a_hint_and_never_shows_the_token(
    status: int,
) -> None:
    with FakeGateway(status=status) as gateway:
        sender = SmsGateSender.from_url(gateway.url(token="top-secret-token"))
        with pytest.raises(PortUnavailable) as info:
            sender.send(PHONE, "x")
    assert info.value.code == "smsgate.unauthorized"
    assert TOKEN_ENV in info.value.hint_en
    shown = f"{info.value} {info.value.message_ru} {info.value.hint_ru} {sender!r}"
    assert "top-secret-token" not in shown


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_other_error_statuses_are_port_unavailable_and_retryable(status: int) -> None:
    with FakeGateway(status=status) as gateway, pytest.raises(PortUnavailable) as info:
        SmsGateSender.from_url(gateway.url()).send(PHONE, "x")
    assert info.value.code == "smsgate.http_error"
    assert info.value.retryable
    assert str(status) in str(info.value)


def test_a_slow_gateway_times_out_as_port_unavailable() -> None:
    with FakeGateway(delay=1.0) as gateway:
        sender = SmsGateSender.from_url(gateway.url() + "&timeout=0.2")
        with pytest.raises(PortUnavailable) as info:
            sender.send(PHONE, "x")
    assert info.value.code == "smsgate.unreachable"


def test_a_closed_port_is_port_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = SmsGateSender.from_url(f"smsgate://127.0.0.1:{port}/send?token=t&timeout=2")
    with pytest.raises(PortUnavailable) as info:
        sender.send(PHONE, "x")
    assert info.value.code == "smsgate.unreachable"


def test_redirects_are_not_followed_so_the_token_stays_home() -> None:
    with FakeGateway() as elsewhere:
        target = f"http://127.0.0.1:{elsewhere.port}/steal"
        with (
            FakeGateway(status=307, redirect_to=target) as gateway,
            pytest.raises(PortUnavailable) as info,
        ):
            SmsGateSender.from_url(gateway.url()).send(PHONE, "x")
        assert elsewhere.requests == []
    assert info.value.code == "smsgate.http_error"


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("smsgate://127.0.0.1:8080/send?token=t", "http://127.0.0.1:8080/send"),
        ("smsgate://localhost/send?token=t&tls=1", "https://localhost/send"),
        ("smsgate://[::1]:9000/?token=t", "http://[::1]:9000/"),
        ("smsgate://sms.example.ru/api/send?token=t", "https://sms.example.ru/api/send"),
        ("smsgate://sms.example.ru:8443?token=t&tls=0", "http://sms.example.ru:8443/"),
    ],
)
def test_tls_is_on_except_for_loopback_unless_the_url_says(url: str, endpoint: str) -> None:
    assert SmsGateSender.from_url(url, environ={}).endpoint == endpoint


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1/send?token=t", "smsgate.url"),
        ("smsgate:///send?token=t", "smsgate.url"),
        ("smsgate://host:notaport/?token=t", "smsgate.url"),
        ("smsgate://host/?token=t&tls=maybe", "smsgate.url"),
        ("smsgate://host/?token=t&tokne=x", "smsgate.url"),
        ("smsgate://host/?token=t&timeout=0", "smsgate.timeout"),
        ("smsgate://host/?token=t&timeout=soon", "smsgate.timeout"),
    ],
)
def test_bad_urls_fail_at_construction_with_a_code(url: str, code: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        SmsGateSender.from_url(url, environ={})
    assert info.value.code == code


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1))
def test_any_token_survives_url_encoding(token: str) -> None:
    from urllib.parse import quote

    sender = SmsGateSender.from_url(
        f"smsgate://sms.example.ru/send?token={quote(token, safe='')}", environ={}
    )
    assert sender._token == token
