"""Every collection the cabinet stores, with its indexes: the one schema (docs/architecture.md).

Indexes are the fields queries filter and order on (the review queue by status and age,
an applicant's history, period reports); ``personal`` fields are encrypted at rest and
``blind`` ones found by a keyed hash (docs/security.md). A storage engine creates its
tables from these declarations. The one table a use case never reads, the deployment's
wrapped data key, belongs to the storage adapter that keeps it (``adapters/storage/keyring.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

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
from accredkit.domain.accounts.otp import OneTimeCode, OtpPurpose
from accredkit.domain.accounts.parts import AccountStatus
from accredkit.domain.accounts.passkeys import Passkey, PasskeyChallenge
from accredkit.domain.accounts.retention import DestructionAct
from accredkit.domain.accounts.sessions import Session
from accredkit.domain.accounts.subject_requests import SubjectRequest
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.authority.staff import StaffMember
from accredkit.domain.certificates.acts import Act, Decision
from accredkit.domain.certificates.certificate import Certificate, CertificateStatus
from accredkit.domain.correspondence.messages import Message, MessageSide
from accredkit.domain.correspondence.outbox import Channel, MessageStatus, OutboxMessage
from accredkit.domain.correspondence.support import Ticket, TicketCategory, TicketStatus
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.journal.heads import JournalTree
from accredkit.domain.numbering import Counter
from accredkit.ports.storage import Collection

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
]

# What each collection's queries may filter on: its indexed fields and their types, so the
# type checker refuses a query on a field that is not indexed or a value of the wrong kind.


class AccountQuery(TypedDict, total=False):
    """What a query of ``accounts`` may filter on."""

    status: AccountStatus


class IdentityClaimQuery(TypedDict, total=False):
    """What a query of ``account_claims`` may filter on."""

    account_id: str | None


class OneTimeCodeQuery(TypedDict, total=False):
    """What a query of ``one_time_codes`` may filter on."""

    target: str
    purpose: OtpPurpose
    request_id: str
    account_id: str | None
    created_at: datetime


class SessionQuery(TypedDict, total=False):
    """What a query of ``sessions`` may filter on."""

    account_id: str
    token_hash: str
    ended: bool


class PendingLoginQuery(TypedDict, total=False):
    """What a query of ``pending_logins`` may filter on."""

    account_id: str


class SignatureChallengeQuery(TypedDict, total=False):
    """What a query of ``signature_challenges`` may filter on."""

    account_id: str


class TotpEnrolmentQuery(TypedDict, total=False):
    """What a query of ``totp_enrolments`` may filter on."""

    account_id: str


class PasskeyQuery(TypedDict, total=False):
    """What a query of ``passkeys`` may filter on."""

    account_id: str
    credential_id: str
    removed: bool
    created_at: datetime


class PasskeyChallengeQuery(TypedDict, total=False):
    """What a query of ``passkey_challenges`` may filter on."""

    account_id: str
    created_at: datetime


class RecoveryRequestQuery(TypedDict, total=False):
    """What a query of ``recovery_requests`` may filter on."""

    ticket_hash: str
    account_id: str | None


class SubjectRequestQuery(TypedDict, total=False):
    """What a query of ``subject_requests`` may filter on."""

    account_id: str
    answered_at: datetime | None
    answer_due: datetime


class DestructionActQuery(TypedDict, total=False):
    """What a query of ``destruction_acts`` may filter on."""

    account_id: str
    at: datetime


class RepresentativeQuery(TypedDict, total=False):
    """What a query of ``representatives`` may filter on."""

    ogrn: str


class ApplicationQuery(TypedDict, total=False):
    """What a query of ``applications`` may filter on."""

    applicant_id: str
    organisation_ogrn: str | None
    status: ApplicationStatus
    type_code: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    info_deadline: datetime | None


class MessageQuery(TypedDict, total=False):
    """What a query of ``messages`` may filter on."""

    application_id: str
    applicant_id: str
    organisation_ogrn: str | None
    side: MessageSide
    read_at: datetime | None
    sent_at: datetime


class TicketQuery(TypedDict, total=False):
    """What a query of ``tickets`` may filter on."""

    number: str
    account_id: str
    status: TicketStatus
    category: TicketCategory
    created_at: datetime
    answer_due: datetime


class OutboxMessageQuery(TypedDict, total=False):
    """What a query of ``outbox`` may filter on."""

    status: MessageStatus
    next_attempt_at: datetime
    dedup_key: str | None
    channel: Channel
    recipient: str
    created_at: datetime


class CertificateQuery(TypedDict, total=False):
    """What a query of ``certificates`` may filter on."""

    number: str
    status: CertificateStatus
    valid_until: date
    issued_on: date
    holder_account_id: str | None
    holder_snils: Snils | None
    holder_ogrn: Ogrn | None
    application_id: str


class ActQuery(TypedDict, total=False):
    """What a query of ``acts`` may filter on."""

    application_id: str
    decision: Decision
    decided_at: datetime
    certificate_id: str | None


# Accounts: people, how they sign in, and what the law says about their data.

ACCOUNTS = Collection(
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
CLAIMS = Collection(
    "account_claims", IdentityClaim, where=IdentityClaimQuery, personal=("id",), blind=("id",)
)
CODES = Collection(
    "one_time_codes",
    OneTimeCode,
    where=OneTimeCodeQuery,
    personal=("target",),
    blind=("target",),
)
SESSIONS = Collection("sessions", Session, where=SessionQuery, keep_decoded=True)
PENDING_LOGINS = Collection("pending_logins", PendingLogin, where=PendingLoginQuery)
CHALLENGES = Collection("signature_challenges", SignatureChallenge, where=SignatureChallengeQuery)
ENROLMENTS = Collection("totp_enrolments", TotpEnrolment, where=TotpEnrolmentQuery)
# The label is what the user typed («Телефон Ивана»): kept as personal data.
PASSKEYS = Collection(
    "passkeys",
    Passkey,
    where=PasskeyQuery,
    personal=("label",),
)
PASSKEY_CHALLENGES = Collection(
    "passkey_challenges",
    PasskeyChallenge,
    where=PasskeyChallengeQuery,
    personal=("label",),
)
THROTTLES = Collection("login_throttles", LoginThrottle)
RECOVERIES = Collection("recovery_requests", RecoveryRequest, where=RecoveryRequestQuery)
SUBJECT_REQUESTS = Collection("subject_requests", SubjectRequest, where=SubjectRequestQuery)
DESTRUCTION_ACTS = Collection("destruction_acts", DestructionAct, where=DestructionActQuery)

# Organisations and the accrediting body's staff.

STAFF = Collection("staff_members", StaffMember, keep_decoded=True)
"""Staff records by account id (``docs/authority.md``)."""

ORGANISATIONS = Collection("organisations", Organisation)
"""Organisation accounts by ОГРН (``docs/organisations.md``)."""

REPRESENTATIVES = Collection("representatives", Representative, where=RepresentativeQuery)
"""Representative links by account id; an organisation's by ``ogrn``."""

# Applications and their correspondence.

APPLICATIONS = Collection(
    "applications",
    Application,
    where=ApplicationQuery,
    # The review queue (status, oldest first) and period reports (by submission time).
    compound=(("status", "submitted_at"), ("submitted_at", "status", "type_code")),
    # File names and the texts of requests and decisions may name the person.
    personal=("documents", "history", "info_request", "decision_reason"),
    keep_decoded=True,  # read by every call about one application (adapters/storage/_decoded.py)
)

MESSAGES = Collection(
    "messages",
    Message,
    where=MessageQuery,
    personal=("text", "attachments"),
)
TICKETS = Collection(
    "tickets",
    Ticket,
    where=TicketQuery,
    personal=("subject", "messages"),
)
OUTBOX = Collection(
    "outbox",
    OutboxMessage,
    where=OutboxMessageQuery,
    personal=("recipient", "params", "subject", "body", "last_error"),
    blind=("recipient",),
)

# Certificates, acts, their numbers, and the journal's compact tree.

CERTIFICATES = Collection(
    "certificates",
    Certificate,
    where=CertificateQuery,
    personal=("holder_name", "holder_snils"),
    blind=("holder_snils",),
)
ACTS = Collection(
    "acts",
    Act,
    where=ActQuery,
    personal=("reasons",),
)
COUNTERS = Collection("counters", Counter)
JOURNAL_TREE = Collection("journal_tree", JournalTree)
