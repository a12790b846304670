"""The accounts use cases (docs/security.md), grouped as ``cabinet.accounts``.

``Accounts`` puts together modules of one topic each — registration and the
operator's part (``account_registration``), identity documents
(``account_identity``), signing in (``account_login``), password recovery
(``account_recovery``), what a signed-in user does (``account_sessions``), and
passkeys (``account_passkeys``) — over one set of dependencies; every password check
takes the one path in ``_password_gate``. Each use case runs in one unit of work: the
account, codes, sessions and events commit together or not at all.
"""

from __future__ import annotations

from accredkit.services.accounts.erasure import DepersonalisationUseCases
from accredkit.services.accounts.identity import IdentityDocumentUseCases
from accredkit.services.accounts.login import LoginStep
from accredkit.services.accounts.passkeys import (
    PasskeyAdded,
    PasskeyEnrolmentStarted,
    PasskeyUseCases,
)
from accredkit.services.accounts.recovery import RecoveryUseCases
from accredkit.services.accounts.registration import Contact, Registered, RegistrationUseCases
from accredkit.services.accounts.sessions import SessionUseCases, TotpEnrolmentStarted
from accredkit.services.accounts.settings import (
    AccountDependencies,
    AccountSettings,
    ConsentDocument,
)
from accredkit.services.accounts.subjects import SubjectRightsUseCases
from accredkit.services.schema import (
    ACCOUNTS,
    CHALLENGES,
    CLAIMS,
    CODES,
    ENROLMENTS,
    PASSKEY_CHALLENGES,
    PASSKEYS,
    PENDING_LOGINS,
    RECOVERIES,
    SESSIONS,
    THROTTLES,
)
from accredkit.services.screening import screened

__all__ = [
    "ACCOUNTS",
    "CHALLENGES",
    "CLAIMS",
    "CODES",
    "ENROLMENTS",
    "PASSKEYS",
    "PASSKEY_CHALLENGES",
    "PENDING_LOGINS",
    "RECOVERIES",
    "SESSIONS",
    "THROTTLES",
    "AccountDependencies",
    "AccountSettings",
    "Accounts",
    "ConsentDocument",
    "Contact",
    "LoginStep",
    "PasskeyAdded",
    "PasskeyEnrolmentStarted",
    "Registered",
    "TotpEnrolmentStarted",
]


@screened
class Accounts(
    RegistrationUseCases,
    IdentityDocumentUseCases,
    RecoveryUseCases,
    SessionUseCases,
    PasskeyUseCases,
    SubjectRightsUseCases,
    DepersonalisationUseCases,
):
    """Every accounts use case over one ``AccountDependencies``.

    The bases (recovery builds on the login steps) share only ``AccountsBase``'s
    dependencies and helpers; they are split by topic so that each module stays one
    idea, not to be used apart.
    """
