"""The plugin manager, and the table of adapters every plugin registered."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pluggy

from accredkit.config import Config
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.errors import ConfigurationError, PluginError
from accredkit.plugins import hookspecs
from accredkit.plugins.discovery import entry_points
from accredkit.plugins.requests import AdapterRequest
from accredkit.ports.blobs import BlobStore
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.email import EmailSender
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.passwords import PasswordHasher
from accredkit.ports.registry import Registry
from accredkit.ports.sealing import SecretSealer
from accredkit.ports.signer import Signer
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Storage
from accredkit.ports.totp import TotpVerifier

__all__ = [
    "PORTS",
    "AdapterInfo",
    "AdapterRequest",
    "Adapters",
    "PluginManager",
    "VerifierInfo",
    "collect_adapters",
    "get_plugin_manager",
    "port_members",
]

ENTRY_POINT_GROUP = "accredkit"
LOAD_PLUGINS_ENV = "ACCREDKIT_LOAD_PLUGINS"
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*\Z")

# port name → (registration hook, protocol the adapter must satisfy)
PORTS: dict[str, tuple[str, type[Any]]] = {
    "storage": ("accredkit_register_storage", Storage),
    "blobs": ("accredkit_register_blob_stores", BlobStore),
    "sms": ("accredkit_register_sms_senders", SmsSender),
    "email": ("accredkit_register_email_senders", EmailSender),
    "signer": ("accredkit_register_signers", Signer),
    "registry": ("accredkit_register_registries", Registry),
    "checkpoint": ("accredkit_register_checkpoint_sinks", CheckpointSink),
    "calendar": ("accredkit_register_calendars", WorkingCalendar),
    "inspector": ("accredkit_register_document_inspectors", DocumentInspector),
    "passwords": ("accredkit_register_password_hashers", PasswordHasher),
    "totp": ("accredkit_register_totp_verifiers", TotpVerifier),
    "sealer": ("accredkit_register_secret_sealers", SecretSealer),
}


def port_members(protocol: type[Any]) -> frozenset[str]:
    """The public names a protocol requires (methods and attributes)."""
    names = {n for n in vars(protocol) if not n.startswith("_")}
    names |= {n for n in getattr(protocol, "__annotations__", {}) if not n.startswith("_")}
    return frozenset(names)


def _missing(obj: object, protocol: type[Any]) -> list[str]:
    return sorted(n for n in port_members(protocol) if not hasattr(obj, n))


@attrs.frozen
class AdapterInfo:
    """One registered adapter: which port, which scheme, who provided it."""

    port: str
    scheme: str
    factory: Callable[[AdapterRequest], object]
    plugin: str
    distribution: str | None
    description: str = ""


@attrs.frozen
class VerifierInfo:
    """One registered e-signature verifier: its name, factory(trust) and who provided it."""

    name: str
    factory: Callable[[Any], object]
    plugin: str
    distribution: str | None
    description: str = ""
    fallback: bool = False


@attrs.define
class Adapters:
    """Every adapter the plugins registered, by port and scheme."""

    by_port: dict[str, dict[str, AdapterInfo]] = attrs.field(factory=dict)
    catalogues: list[tuple[object, str]] = attrs.field(factory=list)
    esignature_verifiers: list[VerifierInfo] = attrs.field(factory=list)
    consequences: list[tuple[type[Any], str, Callable[..., object], str]] = attrs.field(
        factory=list
    )
    """Rows plugins add to the consequence table: (event type, handler, plugin)."""

    def choices(self, port: str) -> list[str]:
        """The schemes registered for ``port``."""
        return sorted(self.by_port.get(port, {}))

    def all(self) -> list[AdapterInfo]:
        """Every adapter, sorted by port and scheme."""
        return [
            info for port in sorted(self.by_port) for _, info in sorted(self.by_port[port].items())
        ]

    def info(self, port: str, url: str) -> AdapterInfo:
        """The adapter registered for ``url``'s scheme on ``port``.

        Raises:
            ConfigurationError: no plugin registered that scheme (``config.unknown_scheme``).
        """
        scheme = url.split(":", 1)[0]
        info = self.by_port.get(port, {}).get(scheme)
        if info is None:
            raise ConfigurationError(
                f"config key {port!r}: no adapter for scheme {scheme!r} (url {url!r}); "
                f"installed: {', '.join(self.choices(port)) or 'none'}",
                message_ru=f"Ключ {port!r}: неизвестная схема {scheme!r}.",
                code="config.unknown_scheme",
                value=url,
            )
        return info

    def create(
        self,
        port: str,
        url: str,
        config: Config,
        *,
        random_bytes: Callable[[int], bytes] | None = None,
        key: bytes | None = None,
    ) -> Any:
        """Build the adapter for ``url`` and check it satisfies the port.

        ``random_bytes`` and ``key`` reach the factory in its ``AdapterRequest``: the
        cabinet's random source, and key material bootstrap derived for the port.

        Raises:
            ConfigurationError: the scheme is unknown or the adapter cannot be built.
            PluginError: the plugin's adapter does not satisfy the port.
        """
        info = self.info(port, url)
        scheme = info.scheme
        try:
            extra: dict[str, Any] = {} if random_bytes is None else {"random_bytes": random_bytes}
            request = AdapterRequest(port=port, url=url, config=config, key=key, **extra)
            adapter = info.factory(request)
        except ConfigurationError as error:
            raise ConfigurationError(
                f"config key {port!r} ({url!r}): {error.message}",
                message_ru=f"Ключ {port!r} ({url!r}): {error.message_ru}",
                code=error.code,
                value=url,
            ) from error
        except OSError as error:
            raise ConfigurationError(
                f"config key {port!r} ({url!r}): {error}",
                code="config.unusable",
                value=url,
            ) from error
        missing = _missing(adapter, PORTS[port][1])
        if missing:
            raise PluginError(
                f"plugin {info.plugin!r}: {port} adapter {scheme!r} lacks {', '.join(missing)}",
                value=info.plugin,
            )
        return adapter


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering which distribution each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.distributions: dict[str, str | None] = {}


def _load_entry_points(pm: PluginManager) -> None:
    allowed_env = os.environ.get(LOAD_PLUGINS_ENV)
    allowed = None
    if allowed_env is not None:
        allowed = {name.strip() for name in allowed_env.split(",") if name.strip()}
    for entry_point in entry_points(ENTRY_POINT_GROUP):
        dist_name = entry_point.dist_name
        if allowed is not None and dist_name not in allowed:
            continue
        if pm.get_plugin(entry_point.name) is not None or pm.is_blocked(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:
            raise PluginError(
                f"plugin {entry_point.name!r} from {dist_name!r} failed to load: {error}",
                value=entry_point.name,
            ) from error
        pm.register(plugin, name=entry_point.name)
        pm.distributions[entry_point.name] = dist_name


def get_plugin_manager(extra: Iterable[object] = ()) -> PluginManager:
    """Built-in adapters, then ``extra`` plugins, then the ``accredkit`` entry points.

    Raises:
        PluginError: a plugin implements a hook that does not exist (misspelt).
    """
    from accredkit.plugins import builtin

    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="accredkit.builtin")
    pm.distributions["accredkit.builtin"] = "accredkit"
    for index, plugin in enumerate(extra):
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}-{index}"
        pm.register(plugin, name=name)
        pm.distributions[name] = None
    _load_entry_points(pm)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        name = pm.get_name(error.plugin) or repr(error.plugin)
        hooks = ", ".join(
            sorted(
                attr
                for attr in dir(error.plugin)
                if attr.startswith("accredkit_") and not hasattr(hookspecs, attr)
            )
        )
        raise PluginError(
            f"plugin {name!r} implements unknown hook(s) {hooks or '?'} (misspelt?)",
            message_ru=f"Модуль расширения {name!r} объявляет неизвестные обработчики: {hooks}.",
            code="plugin.unknown_hook",
            value=name,
        ) from error
    return pm


def collect_adapters(pm: PluginManager) -> Adapters:
    """Ask every plugin to register its adapters; validate each one.

    Raises:
        PluginError: a bad scheme, a factory that is not callable, an adapter class
            missing port members, or a scheme already taken (both plugins named).
    """
    adapters = Adapters()
    for port, (hook_name, protocol) in PORTS.items():
        table = adapters.by_port.setdefault(port, {})
        for impl in getattr(pm.hook, hook_name).get_hookimpls():
            plugin_name = impl.plugin_name
            dist = pm.distributions.get(plugin_name)

            def register(
                scheme: str,
                factory: Callable[[AdapterRequest], object],
                description: str = "",
                *,
                _port: str = port,
                _plugin: str = plugin_name,
                _dist: str | None = dist,
                _protocol: type[Any] = protocol,
                _table: dict[str, AdapterInfo] = table,
            ) -> None:
                if not isinstance(scheme, str) or not _SCHEME.match(scheme):
                    raise PluginError(
                        f"plugin {_plugin!r}: {_port} adapter name {scheme!r} is not a URL scheme",
                        value=_plugin,
                    )
                if not callable(factory):
                    raise PluginError(
                        f"plugin {_plugin!r}: {_port} adapter {scheme!r} factory is not callable",
                        value=_plugin,
                    )
                if isinstance(factory, type):
                    missing = _missing(factory, _protocol)
                    if missing:
                        raise PluginError(
                            f"plugin {_plugin!r}: {_port} adapter {scheme!r} lacks "
                            f"{', '.join(missing)}",
                            value=_plugin,
                        )
                taken = _table.get(scheme)
                if taken is not None:
                    raise PluginError(
                        f"plugin {_plugin!r}: {_port} adapter {scheme!r} is already registered "
                        f"by plugin {taken.plugin!r}",
                        value=(_plugin, taken.plugin),
                    )
                _table[scheme] = AdapterInfo(_port, scheme, factory, _plugin, _dist, description)

            impl.function(register=register)
    _collect_verifiers(pm, adapters)
    for impl in pm.hook.accredkit_register_accreditation_catalogues.get_hookimpls():

        def register_catalogue(catalogue: object, *, _plugin: str = impl.plugin_name) -> None:
            adapters.catalogues.append((catalogue, _plugin))

        impl.function(register=register_catalogue)
    _collect_consequences(pm, adapters)
    return adapters


def _collect_consequences(pm: PluginManager, adapters: Adapters) -> None:
    """Effects plugins add to the lifecycle rows, with their handlers, in registration order."""
    for impl in pm.hook.accredkit_register_consequences.get_hookimpls():

        def register(
            event_type: type[Any],
            effect: str,
            handler: Callable[..., object] | None = None,
            *,
            _plugin: str = impl.plugin_name,
        ) -> None:
            if not (isinstance(event_type, type) and issubclass(event_type, ApplicationEvent)):
                raise PluginError(
                    f"plugin {_plugin!r}: a consequence answers an ApplicationEvent class, "
                    f"not {event_type!r}",
                    message_ru=f"Модуль расширения {_plugin!r}: последствие назначается классу "
                    "события заявления (ApplicationEvent).",
                    code="plugin.consequence",
                    value=_plugin,
                )
            if not (isinstance(effect, str) and effect.isidentifier()):
                raise PluginError(
                    f"plugin {_plugin!r}: name the effect the handler carries out "
                    f"(register(event_type, effect, handler)), not {effect!r}",
                    message_ru=f"Модуль расширения {_plugin!r}: укажите имя последствия "
                    "(register(event_type, effect, handler)).",
                    code="plugin.consequence",
                    value=_plugin,
                )
            if not callable(handler):
                raise PluginError(
                    f"plugin {_plugin!r}: the handler for {event_type.__name__} is not callable",
                    message_ru=f"Модуль расширения {_plugin!r}: обработчик события "
                    f"{event_type.__name__} нельзя вызвать.",
                    code="plugin.consequence",
                    value=_plugin,
                )
            adapters.consequences.append((event_type, effect, handler, _plugin))

        impl.function(register=register)


def _collect_verifiers(pm: PluginManager, adapters: Adapters) -> None:
    """E-signature verifiers in the order they are asked: registration order (built-ins
    first), fallbacks — verifiers that judge whatever they are given — last; names unique."""
    found = adapters.esignature_verifiers
    for impl in pm.hook.accredkit_register_esignature_verifiers.get_hookimpls():

        def register(
            name: str,
            factory: Callable[[Any], object],
            description: str = "",
            *,
            fallback: bool = False,
            _plugin: str = impl.plugin_name,
        ) -> None:
            if not isinstance(name, str) or not _SCHEME.match(name) or not callable(factory):
                raise PluginError(
                    f"plugin {_plugin!r}: e-signature verifier {name!r} needs a name "
                    "(lower-case letters, digits) and a callable factory",
                    value=_plugin,
                )
            for taken in found:
                if taken.name == name:
                    raise PluginError(
                        f"plugin {_plugin!r}: e-signature verifier {name!r} is already "
                        f"registered by plugin {taken.plugin!r}",
                        value=(_plugin, taken.plugin),
                    )
            found.append(
                VerifierInfo(
                    name, factory, _plugin, pm.distributions.get(_plugin), description, fallback
                )
            )

        impl.function(register=register)
    found.sort(key=lambda info: info.fallback)
