"""accredkit: the back end of a medical worker's accreditation cabinet, as a library."""

from accredkit._accounts_wiring import AccountAdapters as AccountAdapters
from accredkit._certificates import CertificateVerdict as CertificateVerdict
from accredkit._certificates import verify_act as verify_act
from accredkit._certificates import verify_certificate as verify_certificate
from accredkit._documents import check_document as check_document
from accredkit._journal import journal_verify as journal_verify
from accredkit._staff import setup_first_administrator as setup_first_administrator
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
from accredkit.domain.lifecycle import ApplicationStatus as ApplicationStatus
from accredkit.domain.lifecycle import Role as Role
from accredkit.domain.lifecycle import Trigger as Trigger
from accredkit.domain.login_records import LoginStage as LoginStage
from accredkit.domain.messages import Message as Message
from accredkit.domain.moscow import MOSCOW as MOSCOW
from accredkit.domain.moscow import moscow_date as moscow_date
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
from accredkit.plugins.hookspecs import hookimpl as hookimpl
from accredkit.services.account_login import LoginStep as LoginStep
from accredkit.services.account_registration import Registered as Registered
from accredkit.services.history import ApplicationRecord as ApplicationRecord
from accredkit.services.report_export import figures_csv as figures_csv
from accredkit.services.reviews import QueueItem as QueueItem

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
    "ApplicantKind",
    "ApplicantProfile",
    "ApplicantReport",
    "Application",
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
    "DocumentFacts",
    "DocumentKind",
    "DocumentPolicy",
    "DocumentRef",
    "DocumentReport",
    "Email",
    "HistoryEntry",
    "Inn",
    "InvalidIdentifier",
    "JournalDamaged",
    "LoginStage",
    "LoginStep",
    "Message",
    "NotFound",
    "Ogrn",
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
    "Requirement",
    "Role",
    "Scope",
    "Session",
    "Snils",
    "StaffMember",
    "Ticket",
    "TicketCategory",
    "TransitionNotAllowed",
    "Trigger",
    "ValidationError",
    "Violation",
    "bootstrap",
    "check_document",
    "figures_csv",
    "hookimpl",
    "journal_verify",
    "moscow_date",
    "parse_login",
    "qr_png",
    "qr_svg",
    "setup_first_administrator",
    "verify_act",
    "verify_certificate",
]
