"""Plugins: registration through hooks, validation, loud failures that name the plugin."""

from __future__ import annotations

from typing import Any

import pytest

import accredkit
from accredkit.adapters.messaging.dev_senders import MemorySms
from accredkit.domain.contacts import Phone
from accredkit.errors import ConfigurationError, PluginError
from accredkit.plugins.manager import collect_adapters, get_plugin_manager


class PagerSms:
    """A throwaway SMS sender that records what it sends."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.sent: list[tuple[str, str]] = []

    def send(self, to: Phone, text: str) -> None:
        self.sent.append((str(to), f"{self.prefix}{text}"))


class PagerPlugin:
    __name__ = "pager-plugin"

    @accredkit.hookimpl
    def accredkit_register_sms_senders(self, register: Any) -> None:
        register("pager", lambda request: PagerSms(request.path()), "test pager")


def test_a_plugin_adds_an_sms_sender_that_bootstrap_finds_by_name() -> None:
    cabinet = accredkit.bootstrap({"sms": "pager:[ak] "}, plugins=[PagerPlugin()])
    assert isinstance(cabinet.sms, PagerSms)
    cabinet.sms.send(Phone.parse("89123456789"), "hello")
    assert cabinet.sms.sent == [("+79123456789", "[ak] hello")]
    info = cabinet.adapters.by_port["sms"]["pager"]
    assert info.plugin == "pager-plugin"


def test_a_misspelt_hook_fails_loudly() -> None:
    class Misspelt:
        __name__ = "misspelt-plugin"

        @accredkit.hookimpl
        def accredkit_register_sms_sender(self, register: Any) -> None:  # no "s"
            register("x", MemorySms)

    with pytest.raises(PluginError) as info:
        get_plugin_manager([Misspelt()])
    assert "misspelt-plugin" in str(info.value)
    assert "accredkit_register_sms_sender" in str(info.value)


def test_a_taken_name_is_refused_naming_both_plugins() -> None:
    class Squatter:
        __name__ = "squatter-plugin"

        @accredkit.hookimpl
        def accredkit_register_storage(self, register: Any) -> None:
            register("sqlite", lambda request: None)

    with pytest.raises(PluginError) as info:
        collect_adapters(get_plugin_manager([Squatter()]))
    message = str(info.value)
    assert "squatter-plugin" in message
    assert "accredkit.builtin" in message


@pytest.mark.parametrize("scheme", ["Bad", "1x", "with space", ""])
def test_a_scheme_that_is_not_a_url_scheme_is_refused(scheme: str) -> None:
    class Odd:
        __name__ = "odd-plugin"

        @accredkit.hookimpl
        def accredkit_register_sms_senders(self, register: Any) -> None:
            register(scheme, MemorySms)

    with pytest.raises(PluginError, match="odd-plugin"):
        collect_adapters(get_plugin_manager([Odd()]))


def test_an_adapter_class_missing_port_methods_is_refused() -> None:
    class NoSend:
        pass

    class Broken:
        __name__ = "broken-plugin"

        @accredkit.hookimpl
        def accredkit_register_sms_senders(self, register: Any) -> None:
            register("nosend", NoSend)

    with pytest.raises(PluginError, match=r"broken-plugin.*lacks send"):
        collect_adapters(get_plugin_manager([Broken()]))


def test_a_factory_returning_a_non_adapter_is_caught_at_bootstrap() -> None:
    class Liar:
        __name__ = "liar-plugin"

        @accredkit.hookimpl
        def accredkit_register_sms_senders(self, register: Any) -> None:
            register("liar", lambda request: object())

    with pytest.raises(PluginError, match=r"liar-plugin.*lacks send"):
        accredkit.bootstrap({"sms": "liar:"}, plugins=[Liar()])


def test_unknown_scheme_names_the_key_and_the_installed_choices() -> None:
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"storage": "mongodb://localhost"})
    message = str(info.value)
    assert "'storage'" in message
    assert "memory" in message
    assert "sqlite" in message
    assert info.value.code == "config.unknown_scheme"


def test_events_reach_the_on_event_hook_only_after_commit() -> None:
    seen: list[object] = []

    class Observer:
        __name__ = "observer-plugin"

        @accredkit.hookimpl
        def accredkit_on_event(self, event: object) -> None:
            seen.append(event)

    cabinet = accredkit.bootstrap(plugins=[Observer()])
    with cabinet.storage.unit_of_work() as uow:
        uow.record("rolled back")
    with cabinet.storage.unit_of_work() as uow:
        uow.record("committed")
        assert seen == []
        uow.commit()
    assert seen == ["committed"]


def test_load_plugins_env_restricts_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCREDKIT_LOAD_PLUGINS", "")
    pm = get_plugin_manager()
    names = {name for name, _ in pm.list_name_plugin()}
    assert names == {"accredkit.builtin"}
