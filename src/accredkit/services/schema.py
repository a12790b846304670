"""Every collection the cabinet stores, with its indexes: the one schema (docs/architecture.md).

Indexes are the fields queries filter and order on (the review queue by status and age,
an applicant's history, period reports); ``personal`` fields are encrypted at rest and
``blind`` ones found by a keyed hash (docs/security.md). A storage engine creates its
tables from these declarations. The one table a use case never reads, the deployment's
wrapped data key, belongs to the storage adapter that keeps it (``adapters/storage/keyring.py``).

Each collection is built, importing its aggregate's module, the first time a module asks
for it by name: a command that reads sessions and applications does not load the outbox,
the journal's tree or the certificates (``docs/benchmarks.md``, "Start-up").
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from accredkit.ports.storage import Collection
from accredkit.services.schema_queries import (
    AccountQuery,
    ActQuery,
    ApplicationQuery,
    CertificateQuery,
    DestructionActQuery,
    IdentityClaimQuery,
    MessageQuery,
    OneTimeCodeQuery,
    OutboxMessageQuery,
    PasskeyChallengeQuery,
    PasskeyQuery,
    PendingLoginQuery,
    RecoveryRequestQuery,
    RepresentativeQuery,
    SessionQuery,
    SignatureChallengeQuery,
    SubjectRequestQuery,
    TicketQuery,
    TotpEnrolmentQuery,
)

if TYPE_CHECKING:  # each collection imports its aggregate when first asked for
    from accredkit.domain.accounts.account import Account
    from accredkit.domain.accounts.esignature import SignatureChallenge
    from accredkit.domain.accounts.login_records import (
        IdentityClaim,
        LoginThrottle,
        PendingLogin,
        RecoveryRequest,
        TotpEnrolment,
    )
    from accredkit.domain.accounts.organisations import Organisation, Representative
    from accredkit.domain.accounts.otp import OneTimeCode
    from accredkit.domain.accounts.passkeys import Passkey, PasskeyChallenge
    from accredkit.domain.accounts.retention import DestructionAct
    from accredkit.domain.accounts.sessions import Session
    from accredkit.domain.accounts.subject_requests import SubjectRequest
    from accredkit.domain.applications.application import Application
    from accredkit.domain.authority.staff import StaffMember
    from accredkit.domain.certificates.acts import Act
    from accredkit.domain.certificates.certificate import Certificate
    from accredkit.domain.correspondence.messages import Message
    from accredkit.domain.correspondence.outbox import OutboxMessage
    from accredkit.domain.correspondence.support import Ticket
    from accredkit.domain.journal.heads import JournalTree
    from accredkit.domain.numbering import Counter

__all__ = [
    "ACCOUNTS",
    "ACTS",
    "APPLICATIONS",
    "CERTIFICATES",
    "CHALLENGES",
    "CLAIMS",
    "CODES",
    "COUNTERS",
    "DESTRUCTION_ACTS",
    "ENROLMENTS",
    "JOURNAL_TREE",
    "MESSAGES",
    "ORGANISATIONS",
    "OUTBOX",
    "PASSKEYS",
    "PASSKEY_CHALLENGES",
    "PENDING_LOGINS",
    "RECOVERIES",
    "REPRESENTATIVES",
    "SESSIONS",
    "STAFF",
    "SUBJECT_REQUESTS",
    "THROTTLES",
    "TICKETS",
    "AccountQuery",
    "ActQuery",
    "ApplicationQuery",
    "CertificateQuery",
    "DestructionActQuery",
    "IdentityClaimQuery",
    "MessageQuery",
    "OneTimeCodeQuery",
    "OutboxMessageQuery",
    "PasskeyChallengeQuery",
    "PasskeyQuery",
    "PendingLoginQuery",
    "RecoveryRequestQuery",
    "RepresentativeQuery",
    "SessionQuery",
    "SignatureChallengeQuery",
    "SubjectRequestQuery",
    "TicketQuery",
    "TotpEnrolmentQuery",
    "collections",
]

# Accounts: people, how they sign in, and what the law says about their data.


def _accounts() -> Collection[Account, AccountQuery]:
    from accredkit.domain.accounts.account import Account

    return Collection(
        "accounts",
        Account,
        where=AccountQuery,
        personal=(
            "full_name",
            "birth_date",
            "snils",
            "phone",
            "email",
            "inn",
            "registry_link",
            "block_reason",
            "identity_documents",
            "identity_documents_returned",
        ),
        keep_decoded=True,  # the gate reads it on every use case (adapters/storage/_decoded.py)
    )


# A claim's id is the identifier itself (``snils:…``): stored as a keyed hash.
def _claims() -> Collection[IdentityClaim, IdentityClaimQuery]:
    from accredkit.domain.accounts.login_records import IdentityClaim

    return Collection(
        "account_claims", IdentityClaim, where=IdentityClaimQuery, personal=("id",), blind=("id",)
    )


def _codes() -> Collection[OneTimeCode, OneTimeCodeQuery]:
    from accredkit.domain.accounts.otp import OneTimeCode

    return Collection(
        "one_time_codes",
        OneTimeCode,
        where=OneTimeCodeQuery,
        personal=("target",),
        blind=("target",),
    )


def _sessions() -> Collection[Session, SessionQuery]:
    from accredkit.domain.accounts.sessions import Session

    return Collection("sessions", Session, where=SessionQuery, keep_decoded=True)


def _pending_logins() -> Collection[PendingLogin, PendingLoginQuery]:
    from accredkit.domain.accounts.login_records import PendingLogin

    return Collection("pending_logins", PendingLogin, where=PendingLoginQuery)


def _challenges() -> Collection[SignatureChallenge, SignatureChallengeQuery]:
    from accredkit.domain.accounts.esignature import SignatureChallenge

    return Collection("signature_challenges", SignatureChallenge, where=SignatureChallengeQuery)


def _enrolments() -> Collection[TotpEnrolment, TotpEnrolmentQuery]:
    from accredkit.domain.accounts.login_records import TotpEnrolment

    return Collection("totp_enrolments", TotpEnrolment, where=TotpEnrolmentQuery)


# The label is what the user typed («Телефон Ивана»): kept as personal data.
def _passkeys() -> Collection[Passkey, PasskeyQuery]:
    from accredkit.domain.accounts.passkeys import Passkey

    return Collection(
        "passkeys",
        Passkey,
        where=PasskeyQuery,
        personal=("label",),
    )


def _passkey_challenges() -> Collection[PasskeyChallenge, PasskeyChallengeQuery]:
    from accredkit.domain.accounts.passkeys import PasskeyChallenge

    return Collection(
        "passkey_challenges",
        PasskeyChallenge,
        where=PasskeyChallengeQuery,
        personal=("label",),
    )


def _throttles() -> Collection[LoginThrottle]:
    from accredkit.domain.accounts.login_records import LoginThrottle

    return Collection("login_throttles", LoginThrottle)


def _recoveries() -> Collection[RecoveryRequest, RecoveryRequestQuery]:
    from accredkit.domain.accounts.login_records import RecoveryRequest

    return Collection("recovery_requests", RecoveryRequest, where=RecoveryRequestQuery)


def _subject_requests() -> Collection[SubjectRequest, SubjectRequestQuery]:
    from accredkit.domain.accounts.subject_requests import SubjectRequest

    return Collection("subject_requests", SubjectRequest, where=SubjectRequestQuery)


def _destruction_acts() -> Collection[DestructionAct, DestructionActQuery]:
    from accredkit.domain.accounts.retention import DestructionAct

    return Collection("destruction_acts", DestructionAct, where=DestructionActQuery)


# Organisations and the accrediting body's staff.


def _staff() -> Collection[StaffMember]:
    """Staff records by account id (``docs/authority.md``)."""
    from accredkit.domain.authority.staff import StaffMember

    return Collection("staff_members", StaffMember, keep_decoded=True)


def _organisations() -> Collection[Organisation]:
    """Organisation accounts by ОГРН (``docs/organisations.md``)."""
    from accredkit.domain.accounts.organisations import Organisation

    return Collection("organisations", Organisation)


def _representatives() -> Collection[Representative, RepresentativeQuery]:
    """Representative links by account id; an organisation's by ``ogrn``."""
    from accredkit.domain.accounts.organisations import Representative

    return Collection("representatives", Representative, where=RepresentativeQuery)


# Applications and their correspondence.


def _applications() -> Collection[Application, ApplicationQuery]:
    from accredkit.domain.applications.application import Application

    return Collection(
        "applications",
        Application,
        where=ApplicationQuery,
        # The review queue (status, oldest first) and period reports (by submission time).
        compound=(("status", "submitted_at"), ("submitted_at", "status", "type_code")),
        # File names and the texts of requests and decisions may name the person.
        personal=("documents", "history", "info_request", "decision_reason"),
        # Read by every call about one application (adapters/storage/_decoded.py).
        keep_decoded=True,
    )


def _messages() -> Collection[Message, MessageQuery]:
    from accredkit.domain.correspondence.messages import Message

    return Collection(
        "messages",
        Message,
        where=MessageQuery,
        personal=("text", "attachments"),
    )


def _tickets() -> Collection[Ticket, TicketQuery]:
    from accredkit.domain.correspondence.support import Ticket

    return Collection(
        "tickets",
        Ticket,
        where=TicketQuery,
        personal=("subject", "messages"),
    )


def _outbox() -> Collection[OutboxMessage, OutboxMessageQuery]:
    from accredkit.domain.correspondence.outbox import OutboxMessage

    return Collection(
        "outbox",
        OutboxMessage,
        where=OutboxMessageQuery,
        personal=("recipient", "params", "subject", "body", "last_error"),
        blind=("recipient",),
    )


# Certificates, acts, their numbers, and the journal's compact tree.


def _certificates() -> Collection[Certificate, CertificateQuery]:
    from accredkit.domain.certificates.certificate import Certificate

    return Collection(
        "certificates",
        Certificate,
        where=CertificateQuery,
        personal=("holder_name", "holder_snils"),
        blind=("holder_snils",),
    )


def _acts() -> Collection[Act, ActQuery]:
    from accredkit.domain.certificates.acts import Act

    return Collection(
        "acts",
        Act,
        where=ActQuery,
        personal=("reasons",),
    )


def _counters() -> Collection[Counter]:
    from accredkit.domain.numbering import Counter

    return Collection("counters", Counter)


def _journal_tree() -> Collection[JournalTree]:
    from accredkit.domain.journal.heads import JournalTree

    return Collection("journal_tree", JournalTree)


# What each name builds, in declaration order.
_BUILDERS: dict[str, Callable[[], Collection[Any, Any]]] = {
    "ACCOUNTS": _accounts,
    "CLAIMS": _claims,
    "CODES": _codes,
    "SESSIONS": _sessions,
    "PENDING_LOGINS": _pending_logins,
    "CHALLENGES": _challenges,
    "ENROLMENTS": _enrolments,
    "PASSKEYS": _passkeys,
    "PASSKEY_CHALLENGES": _passkey_challenges,
    "THROTTLES": _throttles,
    "RECOVERIES": _recoveries,
    "SUBJECT_REQUESTS": _subject_requests,
    "DESTRUCTION_ACTS": _destruction_acts,
    "STAFF": _staff,
    "ORGANISATIONS": _organisations,
    "REPRESENTATIVES": _representatives,
    "APPLICATIONS": _applications,
    "MESSAGES": _messages,
    "TICKETS": _tickets,
    "OUTBOX": _outbox,
    "CERTIFICATES": _certificates,
    "ACTS": _acts,
    "COUNTERS": _counters,
    "JOURNAL_TREE": _journal_tree,
}

if TYPE_CHECKING:  # the type checker sees each name as what its builder returns
    ACCOUNTS = _accounts()
    CLAIMS = _claims()
    CODES = _codes()
    SESSIONS = _sessions()
    PENDING_LOGINS = _pending_logins()
    CHALLENGES = _challenges()
    ENROLMENTS = _enrolments()
    PASSKEYS = _passkeys()
    PASSKEY_CHALLENGES = _passkey_challenges()
    THROTTLES = _throttles()
    RECOVERIES = _recoveries()
    SUBJECT_REQUESTS = _subject_requests()
    DESTRUCTION_ACTS = _destruction_acts()
    STAFF = _staff()
    ORGANISATIONS = _organisations()
    REPRESENTATIVES = _representatives()
    APPLICATIONS = _applications()
    MESSAGES = _messages()
    TICKETS = _tickets()
    OUTBOX = _outbox()
    CERTIFICATES = _certificates()
    ACTS = _acts()
    COUNTERS = _counters()
    JOURNAL_TREE = _journal_tree()
else:

    def __getattr__(name: str) -> Collection[Any, Any]:
        """The collection ``name``, built on first use and then kept as a module global."""
        build = _BUILDERS.get(name)
        if build is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # Built outside any lock (it imports an aggregate's module, which takes the import
        # lock); threads that race here may each build one, and all get the first kept.
        collection: Collection[Any, Any] = globals().setdefault(name, build())
        return collection

    def __dir__() -> list[str]:
        return sorted({*globals(), *_BUILDERS})


def collections() -> tuple[Collection[Any, Any], ...]:
    """Every collection of the schema, in declaration order (each built if not yet)."""
    module = sys.modules[__name__]
    return tuple(getattr(module, name) for name in _BUILDERS)
