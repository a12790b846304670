"""Every swappable dependency is a port with a hook (docs/plugins.md, docs/architecture.md).

The calendar, the document inspector, the password hasher, the TOTP second factor and the
secret sealer are chosen by URL like storage or SMS (``calendar``, ``inspector``,
``passwords``, ``totp``, ``sealer``): a plugin registers a scheme, the configuration
names it, and the cabinet's use cases run on it. The plugins here wrap the built-in
adapters and record what they were asked, so the cabinet's real flows show they are used.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

import pytest

import accredkit
from accredkit.adapters.crypto.aes_gcm import AesGcmSealer
from accredkit.adapters.crypto.password_hasher import Argon2idHasher
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.crypto.totp import TotpAuthenticator
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.domain.documents.rules import DEFAULT_POLICY
from accredkit.errors import ConfigurationError, PluginError
from accredkit.plugins.requests import AdapterRequest
from accredkit.services.schema import ACCOUNTS
from tests.support.accounts_harness import CHEAP_ARGON2, AccountsHarness, default_form
from tests.support.cabinet_people import signed_in

SATURDAY = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)


class EveryDayWorks:
    def is_working_day(self, day: date) -> bool:
        return True


class Recorded:
    """Adapters that pass every call to the built-in one and count it."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.requests: dict[str, AdapterRequest] = {}

    def _wrap(self, port: str, inner: Any, request: AdapterRequest) -> Any:
        self.requests[port] = request
        calls = self.calls

        class Wrapped:
            def __getattr__(self, name: str) -> Any:
                found = getattr(inner, name)
                if not callable(found):
                    return found

                def call(*args: Any, **kwargs: Any) -> Any:
                    calls[f"{port}.{name}"] = calls.get(f"{port}.{name}", 0) + 1
                    return found(*args, **kwargs)

                return call

        wrapped = Wrapped()
        for name in dir(inner):  # the port check looks the methods up on the object
            if not name.startswith("_") and callable(getattr(inner, name)):
                setattr(wrapped, name, getattr(wrapped, name))
        return wrapped

    @accredkit.hookimpl
    def accredkit_register_calendars(self, register: Any) -> None:
        register("everyday", lambda request: EveryDayWorks(), "every day is a working day")

    @accredkit.hookimpl
    def accredkit_register_document_inspectors(self, register: Any) -> None:
        register(
            "recorded",
            lambda r: self._wrap("inspector", ContentInspector.for_policy(DEFAULT_POLICY), r),
        )

    @accredkit.hookimpl
    def accredkit_register_password_hashers(self, register: Any) -> None:
        register(
            "recorded",
            lambda r: self._wrap(
                "passwords", Argon2idHasher(CHEAP_ARGON2, salt_source=r.random_bytes), r
            ),
        )

    @accredkit.hookimpl
    def accredkit_register_totp_verifiers(self, register: Any) -> None:
        register(
            "recorded",
            lambda r: self._wrap("totp", TotpAuthenticator(random_bytes=r.random_bytes), r),
        )

    @accredkit.hookimpl
    def accredkit_register_secret_sealers(self, register: Any) -> None:
        def sealer(r: AdapterRequest) -> Any:
            assert r.key is not None
            return self._wrap("sealer", AesGcmSealer({1: r.key}, 1, random_bytes=r.random_bytes), r)

        register("recorded", sealer)


RECORDED = {
    "calendar": "everyday:",
    "inspector": "recorded:",
    "totp": "recorded:",
    "sealer": "recorded:",
}


def test_the_configured_adapters_carry_the_cabinets_flows() -> None:
    plugin = Recorded()
    h = AccountsHarness(RECORDED, plugins=[plugin], at=SATURDAY)
    person = signed_in(h)
    assert plugin.calls.get("inspector.inspect", 0) >= 3  # the three identity documents
    assert plugin.calls.get("inspector.disarm", 0) >= 3
    assert plugin.calls.get("totp.new_secret") == 1
    assert plugin.calls.get("totp.verify", 0) >= 1
    assert plugin.calls.get("sealer.seal", 0) >= 1  # the TOTP seed, sealed at rest
    assert plugin.calls.get("sealer.open", 0) >= 1
    # Opened on a Saturday: two working days later is Monday when every day works,
    # Tuesday on the Russian production calendar.
    ticket = h.cabinet.support.open(person.actor, "login", "Вход", "Не приходит код")
    assert ticket.answer_due.date() == date(2026, 3, 9)


def test_the_factories_get_the_cabinets_random_source_and_the_derived_key() -> None:
    plugin = Recorded()
    otp_key = bytes(range(100, 132))
    config = {**RECORDED, "otp_key": base64.b64encode(otp_key).decode()}
    h = AccountsHarness(config, plugins=[plugin], seed=7)
    signed_in(h)
    sealer, totp = plugin.requests["sealer"], plugin.requests["totp"]
    assert sealer.key is not None
    assert len(sealer.key) == 32
    assert sealer.key != otp_key  # derived from it, never the key itself
    assert totp.key is None
    assert totp.random_bytes == h.cabinet.random.token_bytes


def test_a_configured_password_hasher_hashes_what_registration_stores() -> None:
    plugin = Recorded()
    key = base64.b64encode(bytes(range(32))).decode()
    cabinet = accredkit.bootstrap(
        {"passwords": "recorded:", "otp_key": key}, plugins=[plugin], random=SeededRandom(3)
    )
    registered = cabinet.accounts.register(default_form())
    with cabinet.storage.unit_of_work() as uow:
        stored = uow.repository(ACCOUNTS).get(registered.account_id)
    assert plugin.calls["passwords.hash"] == 1
    assert stored.password_hash.startswith("$argon2id$")
    assert Argon2idHasher(CHEAP_ARGON2).verify(stored.password_hash, default_form().password)


@pytest.mark.parametrize("port", ["calendar", "inspector", "passwords", "totp", "sealer"])
def test_an_unknown_scheme_fails_at_bootstrap_naming_the_key(port: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        accredkit.bootstrap({port: "nosuch:"})
    assert caught.value.code == "config.unknown_scheme"
    assert repr(port) in caught.value.message


class Hollow:
    @accredkit.hookimpl
    def accredkit_register_calendars(self, register: Any) -> None:
        register("hollow", lambda request: object())


def test_an_adapter_that_is_not_the_port_is_refused() -> None:
    with pytest.raises(PluginError, match="calendar adapter 'hollow' lacks is_working_day"):
        accredkit.bootstrap({"calendar": "hollow:"}, plugins=[Hollow()])


def test_a_bad_calendar_override_names_the_day() -> None:
    with pytest.raises(ConfigurationError) as caught:
        accredkit.bootstrap({"calendar_overrides": {"2026-02-30": True}})
    assert caught.value.code == "config.calendar"
    assert "2026-02-30" in caught.value.message


def test_the_standard_inspector_is_the_one_the_process_shares() -> None:
    with accredkit.bootstrap() as one, accredkit.bootstrap() as other:
        assert one.inspector is other.inspector
        assert one.inspector is accredkit.inspector_for()
