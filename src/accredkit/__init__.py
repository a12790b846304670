"""accredkit: the back end of a medical worker's accreditation cabinet, as a library.

Every public name is imported on first use (module ``__getattr__``), so ``import
accredkit`` and a shell command that needs three names do not pay for PDF, image,
cryptography and calendar libraries they never touch (``docs/architecture.md``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: it costs a start-up too

if TYPE_CHECKING:
    from accredkit._accounts_wiring import AccountAdapters as AccountAdapters
    from accredkit._certificates import CertificateVerdict as CertificateVerdict
    from accredkit._certificates import verify_act as verify_act
    from accredkit._certificates import verify_certificate as verify_certificate
    from accredkit._documents import check_document as check_document
    from accredkit._documents import inspector_for as inspector_for
    from accredkit._journal import journal_verify as journal_verify
    from accredkit._staff import setup_first_administrator as setup_first_administrator
    from accredkit.adapters.keys import verify_signature as verify_signature
    from accredkit.adapters.qr_codes import qr_png as qr_png
    from accredkit.adapters.qr_codes import qr_svg as qr_svg
    from accredkit.bootstrap import Cabinet as Cabinet
    from accredkit.bootstrap import bootstrap as bootstrap
    from accredkit.config import Config as Config
    from accredkit.domain.access import Requirement as Requirement
    from accredkit.domain.accounts import Account as Account
    from accredkit.domain.actors import SYSTEM as SYSTEM
    from accredkit.domain.actors import Actor as Actor
    from accredkit.domain.acts import Act as Act
    from accredkit.domain.application import Application as Application
    from accredkit.domain.application import DocumentRef as DocumentRef
    from accredkit.domain.application import TransitionInput as TransitionInput
    from accredkit.domain.application_events import ApplicationApproved as ApplicationApproved
    from accredkit.domain.application_events import ApplicationEvent as ApplicationEvent
    from accredkit.domain.application_events import HistoryEntry as HistoryEntry
    from accredkit.domain.catalogue import AccreditationType as AccreditationType
    from accredkit.domain.certificates import Certificate as Certificate
    from accredkit.domain.certificates import CertificateStatus as CertificateStatus
    from accredkit.domain.documents import DocumentFacts as DocumentFacts
    from accredkit.domain.documents import DocumentKind as DocumentKind
    from accredkit.domain.documents import DocumentPolicy as DocumentPolicy
    from accredkit.domain.documents import DocumentReport as DocumentReport
    from accredkit.domain.eligibility import ApplicantKind as ApplicantKind
    from accredkit.domain.eligibility import ApplicantProfile as ApplicantProfile
    from accredkit.domain.eligibility import PreviousCertificate as PreviousCertificate
    from accredkit.domain.identifiers import Email as Email
    from accredkit.domain.identifiers import Inn as Inn
    from accredkit.domain.identifiers import Ogrn as Ogrn
    from accredkit.domain.identifiers import Phone as Phone
    from accredkit.domain.identifiers import Snils as Snils
    from accredkit.domain.identifiers import parse_login as parse_login
    from accredkit.domain.identity_documents import IdentityDocument as IdentityDocument
    from accredkit.domain.identity_documents import IdentityDocumentKind as IdentityDocumentKind
    from accredkit.domain.identity_documents import StatusLabel as StatusLabel
    from accredkit.domain.journal import JournalDraft as JournalDraft
    from accredkit.domain.lifecycle import ApplicationStatus as ApplicationStatus
    from accredkit.domain.lifecycle import Role as Role
    from accredkit.domain.lifecycle import Trigger as Trigger
    from accredkit.domain.login_records import LoginStage as LoginStage
    from accredkit.domain.messages import Message as Message
    from accredkit.domain.moscow import MOSCOW as MOSCOW
    from accredkit.domain.moscow import moscow_date as moscow_date
    from accredkit.domain.organisations import Organisation as Organisation
    from accredkit.domain.organisations import Representative as Representative
    from accredkit.domain.organisations import RepresentativeBasis as RepresentativeBasis
    from accredkit.domain.organisations import power_of_attorney_text as power_of_attorney_text
    from accredkit.domain.passkeys import Passkey as Passkey
    from accredkit.domain.permissions import PERMISSIONS as PERMISSIONS
    from accredkit.domain.permissions import Permission as Permission
    from accredkit.domain.permissions import Scope as Scope
    from accredkit.domain.registration import RegistrationForm as RegistrationForm
    from accredkit.domain.reports import ApplicantReport as ApplicantReport
    from accredkit.domain.reports import BodyReport as BodyReport
    from accredkit.domain.sessions import Session as Session
    from accredkit.domain.staff import StaffMember as StaffMember
    from accredkit.domain.support import Ticket as Ticket
    from accredkit.domain.support import TicketCategory as TicketCategory
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
    from accredkit.services.account_login import LoginStep as LoginStep
    from accredkit.services.account_passkeys import PasskeyAdded as PasskeyAdded
    from accredkit.services.account_passkeys import (
        PasskeyEnrolmentStarted as PasskeyEnrolmentStarted,
    )
    from accredkit.services.account_registration import Registered as Registered
    from accredkit.services.consequences import Consequences as Consequences
    from accredkit.services.history import ApplicationRecord as ApplicationRecord
    from accredkit.services.notifications import queue_notification as queue_notification
    from accredkit.services.organisations import Coverage as Coverage
    from accredkit.services.reminders import Contact as Contact
    from accredkit.services.report_export import figures_csv as figures_csv
    from accredkit.services.reviews import QueueItem as QueueItem

_WHERE: dict[str, str] = {
    "CertificateVerdict": "accredkit._certificates",
    "verify_act": "accredkit._certificates",
    "verify_certificate": "accredkit._certificates",
    "check_document": "accredkit._documents",
    "journal_verify": "accredkit._journal",
    "setup_first_administrator": "accredkit._staff",
    "qr_png": "accredkit.adapters.qr_codes",
    "qr_svg": "accredkit.adapters.qr_codes",
    "Cabinet": "accredkit.bootstrap",
    "bootstrap": "accredkit.bootstrap",
    "Config": "accredkit.config",
    "Requirement": "accredkit.domain.access",
    "Account": "accredkit.domain.accounts",
    "SYSTEM": "accredkit.domain.actors",
    "Actor": "accredkit.domain.actors",
    "Act": "accredkit.domain.acts",
    "Application": "accredkit.domain.application",
    "ApplicationApproved": "accredkit.domain.application_events",
    "ApplicationEvent": "accredkit.domain.application_events",
    "Consequences": "accredkit.services.consequences",
    "DocumentRef": "accredkit.domain.application",
    "HistoryEntry": "accredkit.domain.application_events",
    "AccreditationType": "accredkit.domain.catalogue",
    "Certificate": "accredkit.domain.certificates",
    "CertificateStatus": "accredkit.domain.certificates",
    "DocumentFacts": "accredkit.domain.documents",
    "DocumentKind": "accredkit.domain.documents",
    "DocumentPolicy": "accredkit.domain.documents",
    "DocumentReport": "accredkit.domain.documents",
    "ApplicantKind": "accredkit.domain.eligibility",
    "ApplicantProfile": "accredkit.domain.eligibility",
    "PreviousCertificate": "accredkit.domain.eligibility",
    "Email": "accredkit.domain.identifiers",
    "Inn": "accredkit.domain.identifiers",
    "Ogrn": "accredkit.domain.identifiers",
    "Phone": "accredkit.domain.identifiers",
    "Snils": "accredkit.domain.identifiers",
    "parse_login": "accredkit.domain.identifiers",
    "ApplicationStatus": "accredkit.domain.lifecycle",
    "Role": "accredkit.domain.lifecycle",
    "Trigger": "accredkit.domain.lifecycle",
    "LoginStage": "accredkit.domain.login_records",
    "Message": "accredkit.domain.messages",
    "PERMISSIONS": "accredkit.domain.permissions",
    "Permission": "accredkit.domain.permissions",
    "Scope": "accredkit.domain.permissions",
    "RegistrationForm": "accredkit.domain.registration",
    "ApplicantReport": "accredkit.domain.reports",
    "BodyReport": "accredkit.domain.reports",
    "Session": "accredkit.domain.sessions",
    "StaffMember": "accredkit.domain.staff",
    "Ticket": "accredkit.domain.support",
    "TicketCategory": "accredkit.domain.support",
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
    "LoginStep": "accredkit.services.account_login",
    "Registered": "accredkit.services.account_registration",
    "ApplicationRecord": "accredkit.services.history",
    "figures_csv": "accredkit.services.report_export",
    "QueueItem": "accredkit.services.reviews",
    "inspector_for": "accredkit._documents",
    "verify_signature": "accredkit.adapters.keys",
    "TransitionInput": "accredkit.domain.application",
    "IdentityDocument": "accredkit.domain.identity_documents",
    "IdentityDocumentKind": "accredkit.domain.identity_documents",
    "StatusLabel": "accredkit.domain.identity_documents",
    "JournalDraft": "accredkit.domain.journal",
    "Organisation": "accredkit.domain.organisations",
    "Representative": "accredkit.domain.organisations",
    "RepresentativeBasis": "accredkit.domain.organisations",
    "power_of_attorney_text": "accredkit.domain.organisations",
    "AdapterRequest": "accredkit.plugins.manager",
    "queue_notification": "accredkit.services.notifications",
    "Coverage": "accredkit.services.organisations",
    "Contact": "accredkit.services.reminders",
    "Passkey": "accredkit.domain.passkeys",
    "PasskeyAdded": "accredkit.services.account_passkeys",
    "PasskeyEnrolmentStarted": "accredkit.services.account_passkeys",
    "AccountAdapters": "accredkit._accounts_wiring",
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
