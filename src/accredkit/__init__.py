"""accredkit: the back end of a medical worker's accreditation cabinet, as a library."""

from accredkit._certificates import CertificateVerdict as CertificateVerdict
from accredkit._certificates import verify_act as verify_act
from accredkit._certificates import verify_certificate as verify_certificate
from accredkit._documents import check_document as check_document
from accredkit._journal import journal_verify as journal_verify
from accredkit.adapters.qr_codes import qr_png as qr_png
from accredkit.adapters.qr_codes import qr_svg as qr_svg
from accredkit.bootstrap import Cabinet as Cabinet
from accredkit.bootstrap import bootstrap as bootstrap
from accredkit.config import Config as Config
from accredkit.domain.documents import DocumentFacts as DocumentFacts
from accredkit.domain.documents import DocumentKind as DocumentKind
from accredkit.domain.documents import DocumentPolicy as DocumentPolicy
from accredkit.domain.documents import DocumentReport as DocumentReport
from accredkit.domain.identifiers import Email as Email
from accredkit.domain.identifiers import Inn as Inn
from accredkit.domain.identifiers import Ogrn as Ogrn
from accredkit.domain.identifiers import Phone as Phone
from accredkit.domain.identifiers import Snils as Snils
from accredkit.domain.identifiers import parse_login as parse_login
from accredkit.errors import AccountLocked as AccountLocked
from accredkit.errors import AccredkitError as AccredkitError
from accredkit.errors import AuthenticationFailed as AuthenticationFailed
from accredkit.errors import Conflict as Conflict
from accredkit.errors import InvalidIdentifier as InvalidIdentifier
from accredkit.errors import JournalDamaged as JournalDamaged
from accredkit.errors import NotFound as NotFound
from accredkit.errors import PermissionDenied as PermissionDenied
from accredkit.errors import PortUnavailable as PortUnavailable
from accredkit.errors import TransitionNotAllowed as TransitionNotAllowed
from accredkit.errors import ValidationError as ValidationError
from accredkit.errors import Violation as Violation
from accredkit.plugins.hookspecs import hookimpl as hookimpl

__all__ = [
    "AccountLocked",
    "AccredkitError",
    "AuthenticationFailed",
    "Cabinet",
    "CertificateVerdict",
    "Config",
    "Conflict",
    "DocumentFacts",
    "DocumentKind",
    "DocumentPolicy",
    "DocumentReport",
    "Email",
    "Inn",
    "InvalidIdentifier",
    "JournalDamaged",
    "NotFound",
    "Ogrn",
    "PermissionDenied",
    "Phone",
    "PortUnavailable",
    "Snils",
    "TransitionNotAllowed",
    "ValidationError",
    "Violation",
    "bootstrap",
    "check_document",
    "hookimpl",
    "journal_verify",
    "parse_login",
    "qr_png",
    "qr_svg",
    "verify_act",
    "verify_certificate",
]
