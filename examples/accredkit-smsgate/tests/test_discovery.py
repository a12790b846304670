"""accredkit finds the installed package through its entry point, as a host would."""

from __future__ import annotations

import json
import subprocess
import sys

import accredkit
import pytest
from accredkit import Phone
from accredkit.errors import ConfigurationError

from accredkit_smsgate import TOKEN_ENV, SmsGateSender
from accredkit_smsgate.testing import FakeGateway


def test_accredkit_plugins_lists_smsgate_with_its_distribution() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accredkit", "plugins", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(result.stdout)["adapters"]
    [row] = [r for r in rows if r["scheme"] == "smsgate"]
    assert row["port"] == "sms"
    assert row["distribution"] == "accredkit-smsgate"
    assert row["plugin"] == "smsgate"


def test_bootstrap_finds_the_adapter_by_scheme_and_delivers(gateway: FakeGateway) -> None:
    with accredkit.bootstrap({"sms": gateway.url(token="t")}) as cabinet:
        assert isinstance(cabinet.sms, SmsGateSender)
        assert cabinet.adapters.by_port["sms"]["smsgate"].distribution == "accredkit-smsgate"
        cabinet.sms.send(Phone.parse("+79123456789"), "Заявление одобрено")
    assert gateway.messages() == [("+79123456789", "Заявление одобрено")]
    assert gateway.requests[0].headers["Authorization"] == "Bearer t"


def test_a_bad_smsgate_url_fails_at_bootstrap_naming_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"sms": "smsgate://sms.example.ru/send"})
    assert info.value.code == "smsgate.token"
    assert "'sms'" in str(info.value)
