"""``bootstrap()``: the one place where adapters are chosen and wired to the services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from accredkit.adapters.clock import SystemClock
from accredkit.adapters.holidays_calendar import HolidaysCalendar
from accredkit.adapters.keys import verify_signature
from accredkit.adapters.randomness import SystemRandom
from accredkit.config import Config
from accredkit.errors import ConfigurationError
from accredkit.plugins.manager import Adapters, PluginManager, collect_adapters, get_plugin_manager
from accredkit.ports.blobs import BlobStore
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.signer import Signer
from accredkit.ports.sms import SmsSender
from accredkit.ports.storage import Storage
from accredkit.services.journal import JournalService
from accredkit.services.publishing import PublishingStorage

__all__ = ["DEFAULT_CHECKPOINT_FILE", "Cabinet", "bootstrap"]


@attrs.define(eq=False)
class Cabinet:
    """A wired cabinet: the chosen adapters and the use cases built on them."""

    config: Config
    plugins: PluginManager
    adapters: Adapters
    storage: PublishingStorage
    blobs: BlobStore
    sms: SmsSender
    email: EmailSender
    signer: Signer
    registry: Registry
    clock: Clock
    calendar: WorkingCalendar
    random: RandomSource
    checkpoint: CheckpointSink = attrs.field(init=False)
    journal: JournalService = attrs.field(init=False)

    def close(self) -> None:
        """Release the storage's connections."""
        self.storage.close()

    def __enter__(self) -> Cabinet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _calendar(config: Config) -> HolidaysCalendar:
    overrides: dict[date, bool] = {}
    for day, working in config.calendar_overrides.items():
        try:
            overrides[date.fromisoformat(str(day))] = bool(working)
        except ValueError as error:
            raise ConfigurationError(
                f"config key 'calendar_overrides': {day!r} is not a date (YYYY-MM-DD)",
                code="config.calendar",
                value=day,
            ) from error
    return HolidaysCalendar(config.calendar_country, overrides)


DEFAULT_CHECKPOINT_FILE = "journal-checkpoint.json"


def _checkpoint_url(config: Config, storage: Storage) -> str:
    """Where the latest signed head is kept outside the database.

    ``checkpoint`` in the configuration (an adapter URL, or a bare file path); else a
    file in ``base_dir`` for a durable database, and memory for an in-memory one.
    """
    if config.checkpoint:
        return config.checkpoint if ":" in config.checkpoint else f"file:{config.checkpoint}"
    if "durable" in storage.capabilities:
        return f"file:{DEFAULT_CHECKPOINT_FILE}"
    return "memory:"


def bootstrap(
    config: Config | Mapping[str, Any] | None = None,
    *,
    plugins: Iterable[object] = (),
    clock: Clock | None = None,
    random: RandomSource | None = None,
) -> Cabinet:
    """Build a cabinet from ``config`` (``None``: everything in memory).

    Args:
        config: a ``Config``, or a mapping of its keys.
        plugins: extra plugin objects to register (besides entry points).
        clock: a clock to use instead of the system's (tests, simulations).
        random: a random source instead of the system CSPRNG (tests only).

    Raises:
        ConfigurationError: an unknown key or scheme, a missing file or key.
        PluginError: a plugin registered something invalid.
    """
    if config is None:
        config = Config()
    elif not isinstance(config, Config):
        config = Config.from_dict(config)
    pm = get_plugin_manager(plugins)
    adapters = collect_adapters(pm)
    storage = adapters.create("storage", config.storage, config)
    try:
        published = PublishingStorage(storage)
        published.subscribers.append(lambda event: pm.hook.accredkit_on_event(event=event))
        cabinet = Cabinet(
            config=config,
            plugins=pm,
            adapters=adapters,
            storage=published,
            blobs=adapters.create("blobs", config.blobs, config),
            sms=adapters.create("sms", config.sms, config),
            email=adapters.create("email", config.email, config),
            signer=adapters.create("signer", config.signer, config),
            registry=adapters.create("registry", config.registry, config),
            clock=clock or SystemClock(),
            calendar=_calendar(config),
            random=random or SystemRandom(),
        )
        cabinet.checkpoint = adapters.create("checkpoint", _checkpoint_url(config, storage), config)
        cabinet.journal = JournalService(
            published, cabinet.signer, cabinet.clock, cabinet.checkpoint, verify_signature
        )
    except BaseException:
        storage.close()
        raise
    return cabinet
