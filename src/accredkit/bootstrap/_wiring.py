"""Wiring of the cabinet's use cases: which services, on which adapters, with which consequences.

Kept apart from ``bootstrap`` so the composition root stays short; each ``Cabinet``
property calls one builder here on first use (so a host or a test may swap an
adapter on the cabinet before the services are built). Each builder imports its own
service, so a one-shot command loads only the use cases it runs (``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from accredkit.adapters.official_documents.pdf_documents import PadesDocuments
    from accredkit.bootstrap._cabinet_parts import CabinetParts
    from accredkit.domain.accounts.account import Account
    from accredkit.domain.applications.catalogue import CatalogueRegistry
    from accredkit.ports.storage import UnitOfWork
    from accredkit.services.accounts.organisations import OrganisationService
    from accredkit.services.accounts.staff import StaffService
    from accredkit.services.applications.applications import ApplicationService, RequirementsCheck
    from accredkit.services.applications.consequences import Consequences
    from accredkit.services.applications.decisions import Holder
    from accredkit.services.applications.history import HistoryService
    from accredkit.services.applications.reviews import ReviewService
    from accredkit.services.certificates.acts import ActService
    from accredkit.services.certificates.certificates import CertificateService
    from accredkit.services.correspondence.messages import MessageService
    from accredkit.services.correspondence.notifications import NotificationService
    from accredkit.services.correspondence.reminders import Contact
    from accredkit.services.correspondence.support import SupportService
    from accredkit.services.reports.reports import ReportService

__all__ = [
    "build_acts",
    "build_applications",
    "build_catalogues",
    "build_certificates",
    "build_consequences",
    "build_history",
    "build_messages",
    "build_notifications",
    "build_organisations",
    "build_reports",
    "build_reviews",
    "build_staff",
    "build_support",
    "holder_of",
]


def holder_of(uow: UnitOfWork, account_id: str) -> Holder | None:
    """The applicant's name, СНИЛС and confirmed contacts, read in ``uow``."""
    from accredkit.services.schema import ACCOUNTS

    account = uow.repository(ACCOUNTS).find(account_id)
    return None if account is None else _holder(account)


def _holder(account: Account) -> Holder:
    from accredkit.services.applications.decisions import Holder
    from accredkit.services.correspondence.reminders import Contact

    contact = Contact(
        account.phone if account.phone_confirmed else None,
        account.email if account.email_confirmed else None,
        account.language.value,
    )
    return Holder(str(account.full_name), account.snils, contact)


def contact_of(uow: UnitOfWork, account_id: str) -> Contact | None:
    """The account's confirmed contact, read once in ``uow`` (for event notifications).

    ``None`` once the holder withdrew consent: no notices then (``docs/personal-data.md``).
    """
    from accredkit.services.schema import ACCOUNTS

    account = uow.repository(ACCOUNTS).find(account_id)
    if account is None or account.consent is None:
        return None
    return _holder(account).contact


def build_catalogues(cabinet: CabinetParts) -> CatalogueRegistry:
    """The shipped catalogues plus every catalogue a plugin registered."""
    from accredkit.domain.applications.catalogues_data import default_registry

    registry = default_registry()
    for catalogue, _plugin in cabinet.adapters.catalogues:
        registry.register(catalogue)  # type: ignore[arg-type]
    return registry


def build_consequences(cabinet: CabinetParts) -> Consequences:
    """What each move causes: the shipped handler table, then the rows plugins added."""
    from accredkit.errors import PluginError
    from accredkit.services.accounts.organisation_licences import LicenceGate
    from accredkit.services.applications.decisions import (
        DecisionRecorder,
        HolderOnce,
        StatusNotifier,
        builtin_consequences,
    )

    holders = HolderOnce(holder_of)  # the certificate and the notice share one read
    table = builtin_consequences(
        LicenceGate(cabinet.registry),
        DecisionRecorder(
            cabinet.signer,
            cabinet.random,
            cabinet.catalogues,
            holders,
            issuer_name=_issuer_name(cabinet),
            registry=cabinet.registry,
        ),
        StatusNotifier(holders),
    )
    for event_type, effect, handler, plugin in cabinet.adapters.consequences:
        try:
            table = table.adding(event_type, effect, handler, plugin)  # type: ignore[arg-type]
        except ValueError as error:
            raise PluginError(
                f"plugin {plugin!r}: {error}",
                message_ru=f"Модуль расширения {plugin!r}: последствие {effect!r} уже выполняется.",
                code="plugin.consequence",
                value=plugin,
            ) from error
    return table


def _consequences_on_first_move(cabinet: CabinetParts) -> Consequences:
    """The cabinet's own table, built when a move first reads its rows.

    The applicant's use cases hold it from the start, but a command that only reads
    applications never builds the decisions' handlers (``docs/benchmarks.md``).
    """
    from accredkit.services.applications.consequences import Consequence, Consequences

    class ConsequencesOnFirstMove(Consequences):
        __slots__ = ("_cabinet",)
        _cabinet: CabinetParts

        def __init__(self, cabinet: CabinetParts) -> None:  # not the table's own fields
            object.__setattr__(self, "_cabinet", cabinet)

        @property
        def rows(self) -> tuple[Consequence, ...]:
            return self._cabinet.consequences.rows  # built once, under the cabinet's lock

    return ConsequencesOnFirstMove(cabinet)


def _unmet_requirements(cabinet: CabinetParts) -> RequirementsCheck:
    """The accounts' check of access requirements, the accounts built at its first call.

    A command that only reads applications never loads the accounts' use cases.
    """

    def unmet(uow: UnitOfWork, account_id: str) -> frozenset[str]:
        return cabinet.accounts.unmet_requirements(uow, account_id)

    return unmet


def build_applications(cabinet: CabinetParts) -> ApplicationService:
    """The applicant's use cases, checking access requirements against the accounts."""
    from accredkit.services.applications.applications import ApplicationService

    return ApplicationService(
        storage=cabinet.storage,
        catalogues=cabinet.catalogues,
        inspector=cabinet.inspector,
        blobs=cabinet.blobs,
        clock=cabinet.clock,
        random=cabinet.random,
        requirements=_unmet_requirements(cabinet),
        authority=cabinet.authority,
        consequences=_consequences_on_first_move(cabinet),
    )


def build_reviews(cabinet: CabinetParts) -> ReviewService:
    """The accrediting body's use cases; deadlines count working days on the calendar."""
    from accredkit.domain.correspondence.support import answer_due
    from accredkit.services.applications.reviews import ReviewService

    def deadline_after(start: datetime, days: int) -> datetime:
        return answer_due(start, days, cabinet.calendar.is_working_day)

    return ReviewService(
        storage=cabinet.storage,
        clock=cabinet.clock,
        deadline_after=deadline_after,
        authority=cabinet.authority,
        consequences=cabinet.consequences,
        reminded=cabinet.notifications.deadline_reminded,
    )


def build_notifications(cabinet: CabinetParts) -> NotificationService:
    """The outbox dispatcher and reminders, on the cabinet's SMS and e-mail senders."""
    from accredkit.services.correspondence.notifications import NotificationService

    return NotificationService(
        cabinet.storage,
        cabinet.sms,
        cabinet.email,
        cabinet.clock,
        authority=cabinet.authority,
        contacts=cabinet.accounts.contact,
        calendar=cabinet.calendar,
    )


def _issuer_name(cabinet: CabinetParts) -> str:
    return str(cabinet.config.settings.get("issuer_name", "Аккредитационная комиссия"))


def _documents(cabinet: CabinetParts) -> PadesDocuments:
    """Signed PDFs; ``timestamp_url`` (an RFC 3161 authority) makes them PAdES B-T."""
    from accredkit.adapters.official_documents.pdf_documents import PadesDocuments

    url = cabinet.config.settings.get("timestamp_url")
    return PadesDocuments(cabinet.signer, timestamp_url=str(url) if url else None)


def build_certificates(cabinet: CabinetParts) -> CertificateService:
    """Certificates: show, revoke, export (signed JSON and PDF), the public check."""
    from accredkit.domain.certificates.sheets import DEVELOPMENT_CHECK_URL
    from accredkit.services.certificates.certificates import CertificateService

    return CertificateService(
        cabinet.storage,
        cabinet.signer,
        cabinet.clock,
        cabinet.authority,
        documents=_documents(cabinet),
        catalogues=cabinet.catalogues,
        public_check_url=str(
            cabinet.config.settings.get("public_check_url", DEVELOPMENT_CHECK_URL)
        ),
        contacts=contact_of,
    )


def _holder_name(uow: UnitOfWork, account_id: str) -> str | None:
    holder = holder_of(uow, account_id)
    return None if holder is None else holder.name


def build_acts(cabinet: CabinetParts) -> ActService:
    """Signed acts of decisions, as JSON and as PDF."""
    from accredkit.services.certificates.acts import ActService

    return ActService(
        cabinet.storage,
        cabinet.authority,
        documents=_documents(cabinet),
        catalogues=cabinet.catalogues,
        issuer_name=_issuer_name(cabinet),
        names=_holder_name,
    )


def build_support(cabinet: CabinetParts) -> SupportService:
    """Support tickets with working-day answer deadlines."""
    from accredkit.services.correspondence.support import SupportService

    return SupportService(
        cabinet.storage,
        cabinet.calendar,
        cabinet.clock,
        cabinet.random,
        cabinet.authority,
        contacts=contact_of,
    )


def build_messages(cabinet: CabinetParts) -> MessageService:
    """A thread per application; attachments checked like documents."""
    from accredkit.domain.documents.rules import DocumentPolicy
    from accredkit.services.correspondence.messages import MessageService

    return MessageService(
        cabinet.storage,
        cabinet.blobs,
        cabinet.inspector,
        DocumentPolicy(),
        cabinet.clock,
        cabinet.random,
        cabinet.authority,
        contacts=contact_of,
    )


def build_history(cabinet: CabinetParts) -> HistoryService:
    """Every application of an account with its decisions, acts and certificates."""
    from accredkit.services.applications.history import HistoryService
    from accredkit.services.certificates.certificates import CERTIFICATES
    from accredkit.services.schema import ACTS

    def acts(uow: UnitOfWork, application_id: str) -> Sequence[object]:
        return uow.repository(ACTS).query({"application_id": application_id}, order_by="decided_at")

    def certificates(uow: UnitOfWork, application_id: str) -> Sequence[object]:
        return uow.repository(CERTIFICATES).query({"application_id": application_id})

    return HistoryService(cabinet.storage, cabinet.authority, acts=acts, certificates=certificates)


def build_reports(cabinet: CabinetParts) -> ReportService:
    """Period reports for applicants and the body, on the working calendar."""
    from accredkit.services.reports.reports import ReportService

    return ReportService(
        cabinet.storage, cabinet.clock, cabinet.authority, calendar=cabinet.calendar
    )


def build_staff(cabinet: CabinetParts) -> StaffService:
    """Staff accounts and roles; a staff account registers like an applicant's."""
    from accredkit.services.accounts.staff import StaffService

    return StaffService(
        cabinet.storage, cabinet.clock, cabinet.authority, cabinet.accounts.register
    )


def build_organisations(cabinet: CabinetParts) -> OrganisationService:
    """Organisation accounts on the register; powers of attorney checked like e-signatures."""
    from accredkit.services.accounts.organisations import OrganisationService

    return OrganisationService(
        cabinet.storage,
        cabinet.clock,
        cabinet.authority,
        cabinet.registry,
        cabinet.accounts.deps.signatures,
    )
