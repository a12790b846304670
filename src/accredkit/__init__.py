"""accredkit: the back end of a medical worker's accreditation cabinet, as a library.

Every public name is imported on first use (module ``__getattr__``), so ``import
accredkit`` and a shell command that needs three names do not pay for PDF, image,
cryptography and calendar libraries they never touch (``docs/architecture.md``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: it costs a start-up too

if TYPE_CHECKING:
    from accredkit.adapters.crypto.keys import verify_signature as verify_signature
    from accredkit.adapters.official_documents.qr_codes import qr_png as qr_png
    from accredkit.adapters.official_documents.qr_codes import qr_svg as qr_svg
    from accredkit.bootstrap._accounts_wiring import AccountAdapters as AccountAdapters
    from accredkit.bootstrap._first_staff import (
        setup_first_administrator as setup_first_administrator,
    )
    from accredkit.bootstrap.cabinet import Cabinet as Cabinet
    from accredkit.bootstrap.cabinet import bootstrap as bootstrap
    from accredkit.checks.certificates import CertificateVerdict as CertificateVerdict
    from accredkit.checks.certificates import verify_act as verify_act
    from accredkit.checks.certificates import verify_certificate as verify_certificate
    from accredkit.checks.document import check_document as check_document
    from accredkit.checks.document import inspector_for as inspector_for
    from accredkit.checks.journal import journal_verify as journal_verify
    from accredkit.config import Config as Config
    from accredkit.domain.accounts.access import Requirement as Requirement
    from accredkit.domain.accounts.account import Account as Account
    from accredkit.domain.accounts.identity_documents import IdentityDocument as IdentityDocument
    from accredkit.domain.accounts.identity_documents import (
        IdentityDocumentKind as IdentityDocumentKind,
    )
    from accredkit.domain.accounts.identity_documents import StatusLabel as StatusLabel
    from accredkit.domain.accounts.login_records import LoginStage as LoginStage
    from accredkit.domain.accounts.organisations import Organisation as Organisation
    from accredkit.domain.accounts.organisations import Representative as Representative
    from accredkit.domain.accounts.organisations import RepresentativeBasis as RepresentativeBasis
    from accredkit.domain.accounts.organisations import (
        power_of_attorney_text as power_of_attorney_text,
    )
    from accredkit.domain.accounts.passkeys import Passkey as Passkey
    from accredkit.domain.accounts.registration import RegistrationForm as RegistrationForm
    from accredkit.domain.accounts.sessions import Session as Session
    from accredkit.domain.applications.application import EDITABLE_STATES as EDITABLE_STATES
    from accredkit.domain.applications.application import Application as Application
    from accredkit.domain.applications.application import DocumentRef as DocumentRef
    from accredkit.domain.applications.application import TransitionInput as TransitionInput
    from accredkit.domain.applications.catalogue import AccreditationType as AccreditationType
    from accredkit.domain.applications.eligibility import ApplicantKind as ApplicantKind
    from accredkit.domain.applications.eligibility import ApplicantProfile as ApplicantProfile
    from accredkit.domain.applications.eligibility import PreviousCertificate as PreviousCertificate
    from accredkit.domain.applications.events import ApplicationApproved as ApplicationApproved
    from accredkit.domain.applications.events import ApplicationEvent as ApplicationEvent
    from accredkit.domain.applications.events import HistoryEntry as HistoryEntry
    from accredkit.domain.applications.lifecycle import ApplicationStatus as ApplicationStatus
    from accredkit.domain.applications.lifecycle import Role as Role
    from accredkit.domain.applications.lifecycle import Trigger as Trigger
    from accredkit.domain.authority.actors import SYSTEM as SYSTEM
    from accredkit.domain.authority.actors import Actor as Actor
    from accredkit.domain.authority.permissions import PERMISSIONS as PERMISSIONS
    from accredkit.domain.authority.permissions import Permission as Permission
    from accredkit.domain.authority.permissions import Scope as Scope
    from accredkit.domain.authority.staff import StaffMember as StaffMember
    from accredkit.domain.certificates.acts import Act as Act
    from accredkit.domain.certificates.certificate import Certificate as Certificate
    from accredkit.domain.certificates.certificate import CertificateStatus as CertificateStatus
    from accredkit.domain.contacts import Email as Email
    from accredkit.domain.contacts import Phone as Phone
    from accredkit.domain.contacts import parse_login as parse_login
    from accredkit.domain.correspondence.messages import Message as Message
    from accredkit.domain.correspondence.support import Ticket as Ticket
    from accredkit.domain.correspondence.support import TicketCategory as TicketCategory
    from accredkit.domain.documents.formats import DocumentKind as DocumentKind
    from accredkit.domain.documents.rules import DocumentFacts as DocumentFacts
    from accredkit.domain.documents.rules import DocumentPolicy as DocumentPolicy
    from accredkit.domain.documents.rules import DocumentReport as DocumentReport
    from accredkit.domain.identifiers import Inn as Inn
    from accredkit.domain.identifiers import Ogrn as Ogrn
    from accredkit.domain.identifiers import Snils as Snils
    from accredkit.domain.journal.entries import JournalDraft as JournalDraft
    from accredkit.domain.moscow import MOSCOW as MOSCOW
    from accredkit.domain.moscow import moscow_date as moscow_date
    from accredkit.domain.reports import ApplicantReport as ApplicantReport
    from accredkit.domain.reports import BodyReport as BodyReport
    from accredkit.errors import AccountLocked as AccountLocked
    from accredkit.errors import AccredkitError as AccredkitError
    from accredkit.errors import AuthenticationFailed as AuthenticationFailed
    from accredkit.errors import ConfigurationError as ConfigurationError
    from accredkit.errors import Conflict as Conflict
    from accredkit.errors import InvalidIdentifier as InvalidIdentifier
    from accredkit.errors import JournalDamaged as JournalDamaged
    from accredkit.errors import NotFound as NotFound
    from accredkit.errors import PermissionDenied as PermissionDenied
    from accredkit.errors import PluginError as PluginError
    from accredkit.errors import PortUnavailable as PortUnavailable
    from accredkit.errors import RateLimited as RateLimited
    from accredkit.errors import TransitionNotAllowed as TransitionNotAllowed
    from accredkit.errors import ValidationError as ValidationError
    from accredkit.errors import Violation as Violation
    from accredkit.errors import WriteDeferred as WriteDeferred
    from accredkit.plugins.hookspecs import hookimpl as hookimpl
    from accredkit.plugins.manager import AdapterRequest as AdapterRequest
    from accredkit.services.accounts.login import LoginStep as LoginStep
    from accredkit.services.accounts.organisations import Coverage as Coverage
    from accredkit.services.accounts.passkeys import PasskeyAdded as PasskeyAdded
    from accredkit.services.accounts.passkeys import (
        PasskeyEnrolmentStarted as PasskeyEnrolmentStarted,
    )
    from accredkit.services.accounts.registration import Registered as Registered
    from accredkit.services.applications.consequences import Consequences as Consequences
    from accredkit.services.applications.history import ApplicationRecord as ApplicationRecord
    from accredkit.services.applications.reviews import QueueItem as QueueItem
    from accredkit.services.correspondence.queueing import queue_notification as queue_notification
    from accredkit.services.correspondence.reminders import Contact as Contact
    from accredkit.services.reports.export import figures_csv as figures_csv

_WHERE: dict[str, str] = {
    "CertificateVerdict": "accredkit.checks.certificates",
    "verify_act": "accredkit.checks.certificates",
    "verify_certificate": "accredkit.checks.certificates",
    "check_document": "accredkit.checks.document",
    "journal_verify": "accredkit.checks.journal",
    "setup_first_administrator": "accredkit.bootstrap._first_staff",
    "qr_png": "accredkit.adapters.official_documents.qr_codes",
    "qr_svg": "accredkit.adapters.official_documents.qr_codes",
    "Cabinet": "accredkit.bootstrap.cabinet",
    "bootstrap": "accredkit.bootstrap.cabinet",
    "Config": "accredkit.config",
    "Requirement": "accredkit.domain.accounts.access",
    "Account": "accredkit.domain.accounts.account",
    "SYSTEM": "accredkit.domain.authority.actors",
    "Actor": "accredkit.domain.authority.actors",
    "Act": "accredkit.domain.certificates.acts",
    "Application": "accredkit.domain.applications.application",
    "ApplicationApproved": "accredkit.domain.applications.events",
    "ApplicationEvent": "accredkit.domain.applications.events",
    "Consequences": "accredkit.services.applications.consequences",
    "DocumentRef": "accredkit.domain.applications.application",
    "EDITABLE_STATES": "accredkit.domain.applications.application",
    "HistoryEntry": "accredkit.domain.applications.events",
    "AccreditationType": "accredkit.domain.applications.catalogue",
    "Certificate": "accredkit.domain.certificates.certificate",
    "CertificateStatus": "accredkit.domain.certificates.certificate",
    "DocumentFacts": "accredkit.domain.documents.rules",
    "DocumentKind": "accredkit.domain.documents.formats",
    "DocumentPolicy": "accredkit.domain.documents.rules",
    "DocumentReport": "accredkit.domain.documents.rules",
    "ApplicantKind": "accredkit.domain.applications.eligibility",
    "ApplicantProfile": "accredkit.domain.applications.eligibility",
    "PreviousCertificate": "accredkit.domain.applications.eligibility",
    "Email": "accredkit.domain.contacts",
    "Inn": "accredkit.domain.identifiers",
    "Ogrn": "accredkit.domain.identifiers",
    "Phone": "accredkit.domain.contacts",
    "Snils": "accredkit.domain.identifiers",
    "parse_login": "accredkit.domain.contacts",
    "ApplicationStatus": "accredkit.domain.applications.lifecycle",
    "Role": "accredkit.domain.applications.lifecycle",
    "Trigger": "accredkit.domain.applications.lifecycle",
    "LoginStage": "accredkit.domain.accounts.login_records",
    "Message": "accredkit.domain.correspondence.messages",
    "PERMISSIONS": "accredkit.domain.authority.permissions",
    "Permission": "accredkit.domain.authority.permissions",
    "Scope": "accredkit.domain.authority.permissions",
    "RegistrationForm": "accredkit.domain.accounts.registration",
    "ApplicantReport": "accredkit.domain.reports",
    "BodyReport": "accredkit.domain.reports",
    "Session": "accredkit.domain.accounts.sessions",
    "StaffMember": "accredkit.domain.authority.staff",
    "Ticket": "accredkit.domain.correspondence.support",
    "TicketCategory": "accredkit.domain.correspondence.support",
    "AccountLocked": "accredkit.errors",
    "AccredkitError": "accredkit.errors",
    "AuthenticationFailed": "accredkit.errors",
    "ConfigurationError": "accredkit.errors",
    "Conflict": "accredkit.errors",
    "InvalidIdentifier": "accredkit.errors",
    "JournalDamaged": "accredkit.errors",
    "NotFound": "accredkit.errors",
    "PermissionDenied": "accredkit.errors",
    "PluginError": "accredkit.errors",
    "PortUnavailable": "accredkit.errors",
    "RateLimited": "accredkit.errors",
    "TransitionNotAllowed": "accredkit.errors",
    "ValidationError": "accredkit.errors",
    "Violation": "accredkit.errors",
    "WriteDeferred": "accredkit.errors",
    "hookimpl": "accredkit.plugins.hookspecs",
    "LoginStep": "accredkit.services.accounts.login",
    "Registered": "accredkit.services.accounts.registration",
    "ApplicationRecord": "accredkit.services.applications.history",
    "figures_csv": "accredkit.services.reports.export",
    "QueueItem": "accredkit.services.applications.reviews",
    "inspector_for": "accredkit.checks.document",
    "verify_signature": "accredkit.adapters.crypto.keys",
    "TransitionInput": "accredkit.domain.applications.application",
    "IdentityDocument": "accredkit.domain.accounts.identity_documents",
    "IdentityDocumentKind": "accredkit.domain.accounts.identity_documents",
    "StatusLabel": "accredkit.domain.accounts.identity_documents",
    "JournalDraft": "accredkit.domain.journal.entries",
    "Organisation": "accredkit.domain.accounts.organisations",
    "Representative": "accredkit.domain.accounts.organisations",
    "RepresentativeBasis": "accredkit.domain.accounts.organisations",
    "power_of_attorney_text": "accredkit.domain.accounts.organisations",
    "AdapterRequest": "accredkit.plugins.manager",
    "queue_notification": "accredkit.services.correspondence.queueing",
    "Coverage": "accredkit.services.accounts.organisations",
    "Contact": "accredkit.services.correspondence.reminders",
    "Passkey": "accredkit.domain.accounts.passkeys",
    "PasskeyAdded": "accredkit.services.accounts.passkeys",
    "PasskeyEnrolmentStarted": "accredkit.services.accounts.passkeys",
    "AccountAdapters": "accredkit.bootstrap._accounts_wiring",
    "MOSCOW": "accredkit.domain.moscow",
    "moscow_date": "accredkit.domain.moscow",
}


if not TYPE_CHECKING:  # for the type checker every name is imported above

    def __getattr__(name: str) -> object:
        """Import a public name from the module that defines it, once."""
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module 'accredkit' has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

    import sys as _sys
    import types as _types

    class _Package(_types.ModuleType):
        """Keeps a public name from being hidden by the submodule of the same name:
        importing ``accredkit.bootstrap`` (the module) leaves ``accredkit.bootstrap``
        the function, as it was when every name was imported up front."""

        def __setattr__(self, name: str, value: object) -> None:
            if name in _WHERE and isinstance(value, _types.ModuleType):
                return
            super().__setattr__(name, value)

    _sys.modules[__name__].__class__ = _Package


__all__ = [
    "EDITABLE_STATES",
    "MOSCOW",
    "PERMISSIONS",
    "SYSTEM",
    "Account",
    "AccountAdapters",
    "AccountLocked",
    "AccreditationType",
    "AccredkitError",
    "Act",
    "Actor",
    "AdapterRequest",
    "ApplicantKind",
    "ApplicantProfile",
    "ApplicantReport",
    "Application",
    "ApplicationApproved",
    "ApplicationEvent",
    "ApplicationRecord",
    "ApplicationStatus",
    "AuthenticationFailed",
    "BodyReport",
    "Cabinet",
    "Certificate",
    "CertificateStatus",
    "CertificateVerdict",
    "Config",
    "ConfigurationError",
    "Conflict",
    "Consequences",
    "Contact",
    "Coverage",
    "DocumentFacts",
    "DocumentKind",
    "DocumentPolicy",
    "DocumentRef",
    "DocumentReport",
    "Email",
    "HistoryEntry",
    "IdentityDocument",
    "IdentityDocumentKind",
    "Inn",
    "InvalidIdentifier",
    "JournalDamaged",
    "JournalDraft",
    "LoginStage",
    "LoginStep",
    "Message",
    "NotFound",
    "Ogrn",
    "Organisation",
    "Passkey",
    "PasskeyAdded",
    "PasskeyEnrolmentStarted",
    "Permission",
    "PermissionDenied",
    "Phone",
    "PluginError",
    "PortUnavailable",
    "PreviousCertificate",
    "QueueItem",
    "RateLimited",
    "Registered",
    "RegistrationForm",
    "Representative",
    "RepresentativeBasis",
    "Requirement",
    "Role",
    "Scope",
    "Session",
    "Snils",
    "StaffMember",
    "StatusLabel",
    "Ticket",
    "TicketCategory",
    "TransitionInput",
    "TransitionNotAllowed",
    "Trigger",
    "ValidationError",
    "Violation",
    "WriteDeferred",
    "bootstrap",
    "check_document",
    "figures_csv",
    "hookimpl",
    "inspector_for",
    "journal_verify",
    "moscow_date",
    "parse_login",
    "power_of_attorney_text",
    "qr_png",
    "qr_svg",
    "queue_notification",
    "setup_first_administrator",
    "verify_act",
    "verify_certificate",
    "verify_signature",
]
