"""``bootstrap()``: the one place where adapters are chosen and wired to the services."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from accredkit.adapters.clock import SystemClock
from accredkit.adapters.crypto.randomness import SystemRandom
from accredkit.bootstrap import _wiring
from accredkit.bootstrap._accounts_wiring import (
    AccountAdapters,
    build_accounts,
    check_policies,
    configured_otp_key,
    configured_relying_party,
    configured_sessions,
)
from accredkit.bootstrap._data_keys import protect_storage
from accredkit.bootstrap._locations import (
    DEFAULT_CHECKPOINT_FILE,
    configured_checkpoint_url,
    configured_signer_url,
)
from accredkit.bootstrap._witness import join_journal, witnessed
from accredkit.config import Config
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.domain.authority.actors import Actor
from accredkit.errors import AuthenticationFailed
from accredkit.plugins.manager import Adapters, PluginManager, collect_adapters, get_plugin_manager
from accredkit.ports.blobs import BlobStore
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.checkpoint import CheckpointSink
from accredkit.ports.clock import Clock
from accredkit.ports.email import EmailSender
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.signer import Signer
from accredkit.ports.sms import SmsSender
from accredkit.services.accounts.session_check import SessionCheck
from accredkit.services.authority import Authority
from accredkit.services.journal.auto_checkpoint import AutoCheckpoint
from accredkit.services.publishing import PublishingStorage

if TYPE_CHECKING:
    from collections.abc import Callable

    from accredkit.domain.applications.catalogue import CatalogueRegistry
    from accredkit.services.accounts.accounts import Accounts
    from accredkit.services.accounts.organisations import OrganisationService
    from accredkit.services.accounts.staff import StaffService
    from accredkit.services.applications.applications import ApplicationService
    from accredkit.services.applications.consequences import Consequences
    from accredkit.services.applications.history import HistoryService
    from accredkit.services.applications.reviews import ReviewService
    from accredkit.services.certificates.acts import ActService
    from accredkit.services.certificates.certificates import CertificateService
    from accredkit.services.correspondence.messages import MessageService
    from accredkit.services.correspondence.notifications import NotificationService
    from accredkit.services.correspondence.support import SupportService
    from accredkit.services.journal.journal import JournalService
    from accredkit.services.reports.reports import ReportService

__all__ = ["DEFAULT_CHECKPOINT_FILE", "Cabinet", "bootstrap"]

_T = TypeVar("_T")
_BUILDING = threading.RLock()
_SERVICES: list[str] = []
"""The cabinet's services, in declaration order: what an eager ``bootstrap()`` builds."""


def _built_once(build: Callable[[Cabinet], _T]) -> cached_property[_T]:
    """A cabinet property built on first use, once even when threads race for it.

    ``functools.cached_property`` takes no lock from Python 3.12 on; a web host's
    threads could each build a service. The lock is re-entrant because one builder
    asks for another (applications need the accounts).
    """
    name = build.__name__
    _SERVICES.append(name)

    def once(self: Cabinet) -> _T:
        with _BUILDING:
            try:  # built by the thread that held the lock before (not __getattr__)
                return cast("_T", object.__getattribute__(self, name))
            except AttributeError:
                return build(self)

    # Name and docstring, but neither the return annotation nor ``__wrapped__``: attrs
    # copies a cached property's return type into the class annotations, and hosts that
    # resolve them (the web framework does) would need every service imported here.
    once.__name__, once.__qualname__, once.__doc__ = name, build.__qualname__, build.__doc__
    del once.__annotations__["return"]
    return cached_property(once)


@attrs.define(eq=False, frozen=True)
class Cabinet:
    """A wired cabinet: the chosen adapters and the use cases built on them.

    Frozen: an adapter is chosen by passing it to ``bootstrap()``, never by setting it on
    a built cabinet, where the services built before would keep the old one
    (docs/architecture.md, "Composition").
    """

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
    checkpoint: CheckpointSink
    account_adapters: AccountAdapters = attrs.field(factory=AccountAdapters, kw_only=True)
    """What ``bootstrap`` was given for the accounts (hasher, verifier, settings)."""

    @_built_once
    def journal(self) -> JournalService:
        """The audit journal's use cases (docs/journal.md), built on first use.

        A command that journals nothing (a listing) does not load the journal's tree,
        proofs and signature checks (docs/benchmarks.md, "Start-up").
        """
        from accredkit.adapters.crypto.keys import verify_signature
        from accredkit.services.journal.journal import JournalService

        return JournalService(
            self.storage,
            self.signer,
            self.clock,
            self.checkpoint,
            verify_signature,
            authority=self.authority,
        )

    @_built_once
    def accounts(self) -> Accounts:
        """Registration, login, sessions and recovery (docs/security.md), built on first use."""
        given = self.account_adapters
        return build_accounts(
            self, signatures=given.signatures, hasher=given.hasher, settings=given.settings
        )

    @_built_once
    def inspector(self) -> DocumentInspector:
        """The document inspector of ``config.inspector``, shared by every use case."""
        inspector: DocumentInspector = self.adapters.create(
            "inspector", self.config.inspector, self.config
        )
        return inspector

    @_built_once
    def authority(self) -> Authority:
        """The one gate of every use case: account, session and roles read from storage.

        Session limits are the accounts' (``[settings.sessions]``, or the settings handed
        to ``bootstrap``); built without the accounts, so a cabinet whose journal is all a
        tool needs opens without their keys.
        """
        given = self.account_adapters.settings
        sessions = given.sessions if given is not None else configured_sessions(self.config)
        return Authority(self.clock, sessions)

    @_built_once
    def staff(self) -> StaffService:
        """Staff accounts and their roles, kept by an administrator (``docs/authority.md``)."""
        return _wiring.build_staff(self)

    @_built_once
    def catalogues(self) -> CatalogueRegistry:
        """Accreditation catalogues: the shipped ones and the plugins'."""
        return _wiring.build_catalogues(self)

    @_built_once
    def consequences(self) -> Consequences:
        """What each move causes: the handler table, shipped rows then plugins' (built once)."""
        return _wiring.build_consequences(self)

    @_built_once
    def applications(self) -> ApplicationService:
        """The applicant's use cases (docs/lifecycle.md, docs/documents.md)."""
        return _wiring.build_applications(self)

    @_built_once
    def reviews(self) -> ReviewService:
        """The accrediting body's use cases: queue, processing, decisions."""
        return _wiring.build_reviews(self)

    @_built_once
    def certificates(self) -> CertificateService:
        """Signed electronic certificates."""
        return _wiring.build_certificates(self)

    @_built_once
    def acts(self) -> ActService:
        """Signed acts of decisions."""
        return _wiring.build_acts(self)

    @_built_once
    def notifications(self) -> NotificationService:
        """The outbox: ``dispatch(now)`` and ``remind(now)`` are what a host schedules."""
        return _wiring.build_notifications(self)

    @_built_once
    def messages(self) -> MessageService:
        """A thread per application between the applicant and the body."""
        return _wiring.build_messages(self)

    @_built_once
    def history(self) -> HistoryService:
        """Every application of an account with its decisions and signed acts."""
        return _wiring.build_history(self)

    @_built_once
    def organisations(self) -> OrganisationService:
        """Organisation accounts by ОГРН and their representatives (docs/organisations.md)."""
        return _wiring.build_organisations(self)

    @_built_once
    def reports(self) -> ReportService:
        """Period reports (CSV, JSON)."""
        return _wiring.build_reports(self)

    @_built_once
    def support(self) -> SupportService:
        """Support tickets."""
        return _wiring.build_support(self)

    def actor(self, token: str) -> Actor:
        """Who is calling: the account behind a session token, with the roles storage holds.

        The link between login and the use cases: a host passes the session token it
        got from ``accounts.login`` and hands the result to every use case. The session's
        idle timer restarts. Every account acts as an applicant; staff roles come from
        the staff record an administrator keeps, and only in a session opened with a
        second factor (``staff.second_factor_required`` otherwise); the organisation
        comes from the account's representative link (``docs/organisations.md``).
        There is no way to ask for a role or an organisation: the use cases read both
        again on every call.

        Args:
            token: the session token from the last login step.

        Returns:
            ``Actor(account_id, roles, session_id, organisation_ogrn)``.

        Raises:
            AuthenticationFailed: ``session.invalid``, ``session.expired`` or
                ``staff.second_factor_required``.
            AccountLocked: ``auth.blocked``.
        """
        check = SessionCheck(self.storage, self.clock, self.authority.sessions)
        session = check.authenticate(token)  # the sessions alone, not the accounts' use cases
        with self.storage.unit_of_work() as uow:
            actor, member = self.authority.seated(uow, session)
        if member is not None and member.roles and session.factor is FactorUsed.NONE:
            raise AuthenticationFailed(
                "A staff account signs in with a second factor.",
                message_ru="Сотрудник входит со вторым фактором: подключите приложение-"
                "аутентификатор и войдите снова.",
                code="staff.second_factor_required",
            )
        return actor

    @property
    def local_reads(self) -> bool:
        """Whether a read waits on nothing: the storage declares ``local_reads``.

        Memory and SQLite (WAL: readers never wait on writers) do, PostgreSQL (a
        network round trip) does not. The web host answers its read routes in the event
        loop when this holds and in a worker thread otherwise (docs/web.md).
        """
        return "local_reads" in self.storage.capabilities

    def reading_only(self) -> AbstractContextManager[None]:
        """A block in which use cases may read but a commit raises ``WriteDeferred``.

        For this thread or task only. Nothing is written by the refused call; run it
        again outside the block, where a write may wait (docs/web.md, "Where a route
        runs").
        """
        return self.storage.reading_only()

    def close(self) -> None:
        """Release the storage's connections."""
        self.storage.close()

    def __enter__(self) -> Cabinet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bootstrap(
    config: Config | Mapping[str, Any] | None = None,
    *,
    plugins: Iterable[object] = (),
    clock: Clock | None = None,
    random: RandomSource | None = None,
    sms: SmsSender | None = None,
    email: EmailSender | None = None,
    registry: Registry | None = None,
    accounts: AccountAdapters | None = None,
    eager: bool = True,
) -> Cabinet:
    """Build a cabinet from ``config`` (``None``: everything in memory).

    Args:
        config: a ``Config``, or a mapping of its keys.
        plugins: extra plugin objects to register (besides entry points).
        clock: a clock to use instead of the system's (tests, simulations).
        random: a random source instead of the system CSPRNG (tests only).
        sms: an SMS sender instead of the one ``config.sms`` names (a recording one
            in tests).
        email: an e-mail sender instead of the one ``config.email`` names.
        registry: a register of medical workers instead of ``config.registry``'s.
        accounts: the password hasher, e-signature verifier and policies of the
            accounts, where they differ from the configured ones.
        eager: build every service before returning (a host's first request pays for
            nothing, and what cannot be built fails here); ``False`` builds each on its
            first use, so a one-shot command builds only what it needs (docs/cli.md).

    Raises:
        ConfigurationError: an unknown key or scheme, a missing file or key, or a
            ``data_key`` that does not open the database (``config.data_key_wrong``).
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
        durable = "durable" in storage.capabilities
        configured_otp_key(config, durable=durable)
        check_policies(config)
        configured_relying_party(config)
        for port in ("inspector", "passwords", "totp", "sealer"):  # built at first use
            adapters.info(port, getattr(config, port))
        protect_storage(storage, config)
        signer_url = configured_signer_url(config, durable)
        if sms is None:
            sms = adapters.create("sms", config.sms, config)
        if email is None:
            email = adapters.create("email", config.email, config)
        if registry is None:
            registry = adapters.create("registry", config.registry, config)
        published = PublishingStorage(storage)
        published.subscribers.append(lambda event: pm.hook.accredkit_on_event(event=event))
        blobs = adapters.create("blobs", config.blobs, config)
        signer = adapters.create("signer", signer_url, config)
        calendar = adapters.create("calendar", config.calendar, config)
        primary = adapters.create("checkpoint", configured_checkpoint_url(config, storage), config)
        cabinet = Cabinet(
            config=config,
            plugins=pm,
            adapters=adapters,
            storage=published,
            blobs=blobs,
            sms=sms,
            email=email,
            signer=signer,
            registry=registry,
            clock=clock or SystemClock(),
            calendar=calendar,
            random=random or SystemRandom(),
            checkpoint=witnessed(primary, config, adapters, signer, durable=durable),
            account_adapters=accounts or AccountAdapters(),
        )
        if cabinet.checkpoint is not primary:
            join_journal(cabinet.checkpoint, lambda: cabinet.journal)
        if durable:
            every = config.settings.get("checkpoint_every", 1)
            seconds = config.settings.get("checkpoint_seconds", 300)
            published.after_commit.append(
                AutoCheckpoint(
                    published,
                    cabinet.clock,
                    lambda: cabinet.journal,
                    every=int(every),
                    seconds=float(seconds),
                )
            )
        if eager:
            for service in _SERVICES:
                getattr(cabinet, service)
    except BaseException:
        storage.close()
        raise
    return cabinet
