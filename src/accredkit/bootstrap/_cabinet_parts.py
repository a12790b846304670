"""What the wiring modules read off a cabinet, as a protocol (docs/architecture.md).

``_wiring`` and ``_accounts_wiring`` build use cases from these parts; naming the
protocol instead of ``bootstrap.Cabinet`` keeps the composition root out of an import
circle with the modules it calls. ``Cabinet`` satisfies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # names for the checker: importing the services here would load them all
    from accredkit.config import Config
    from accredkit.domain.applications.catalogue import CatalogueRegistry
    from accredkit.plugins.manager import Adapters
    from accredkit.ports.blobs import BlobStore
    from accredkit.ports.calendar import WorkingCalendar
    from accredkit.ports.clock import Clock
    from accredkit.ports.email import EmailSender
    from accredkit.ports.inspection import DocumentInspector
    from accredkit.ports.randomness import RandomSource
    from accredkit.ports.registry import Registry
    from accredkit.ports.signer import Signer
    from accredkit.ports.sms import SmsSender
    from accredkit.services.accounts.accounts import Accounts
    from accredkit.services.applications.consequences import Consequences
    from accredkit.services.authority import Authority
    from accredkit.services.correspondence.notifications import NotificationService
    from accredkit.services.publishing import PublishingStorage

__all__ = ["CabinetParts"]


class CabinetParts(Protocol):
    """The adapters and shared services a cabinet's use cases are built from."""

    @property
    def config(self) -> Config: ...
    @property
    def adapters(self) -> Adapters: ...
    @property
    def storage(self) -> PublishingStorage: ...
    @property
    def blobs(self) -> BlobStore: ...
    @property
    def sms(self) -> SmsSender: ...
    @property
    def email(self) -> EmailSender: ...
    @property
    def signer(self) -> Signer: ...
    @property
    def registry(self) -> Registry: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def calendar(self) -> WorkingCalendar: ...
    @property
    def random(self) -> RandomSource: ...
    @property
    def inspector(self) -> DocumentInspector: ...
    @property
    def authority(self) -> Authority: ...
    @property
    def catalogues(self) -> CatalogueRegistry: ...
    @property
    def accounts(self) -> Accounts: ...
    @property
    def notifications(self) -> NotificationService: ...
    @property
    def consequences(self) -> Consequences: ...
