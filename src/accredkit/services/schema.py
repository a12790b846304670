"""Every collection the cabinet stores, with its indexes: the one schema (docs/architecture.md).

Indexes are the fields queries filter and order on (the review queue by status and age,
an applicant's history, period reports); ``personal`` fields are encrypted at rest and
``blind`` ones found by a keyed hash (docs/security.md). A storage engine creates its
tables from these declarations. The one table a use case never reads, the deployment's
wrapped data key, belongs to the storage adapter that keeps it (``adapters/storage/keyring.py``).
"""

from __future__ import annotations

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
]

# Accounts: people, how they sign in, and what the law says about their data.

ACCOUNTS = Collection(
    "accounts",
    Account,
    indexes=("status",),
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
    "account_claims", IdentityClaim, indexes=("account_id",), personal=("id",), blind=("id",)
)
CODES = Collection(
    "one_time_codes",
    OneTimeCode,
    indexes=("target", "purpose", "request_id", "account_id", "created_at"),
    personal=("target",),
    blind=("target",),
)
SESSIONS = Collection(
    "sessions", Session, indexes=("account_id", "token_hash", "ended"), keep_decoded=True
)
PENDING_LOGINS = Collection("pending_logins", PendingLogin, indexes=("account_id",))
CHALLENGES = Collection("signature_challenges", SignatureChallenge, indexes=("account_id",))
ENROLMENTS = Collection("totp_enrolments", TotpEnrolment, indexes=("account_id",))
# The label is what the user typed («Телефон Ивана»): kept as personal data.
PASSKEYS = Collection(
    "passkeys",
    Passkey,
    indexes=("account_id", "credential_id", "removed", "created_at"),
    personal=("label",),
)
PASSKEY_CHALLENGES = Collection(
    "passkey_challenges",
    PasskeyChallenge,
    indexes=("account_id", "created_at"),
    personal=("label",),
)
THROTTLES = Collection("login_throttles", LoginThrottle)
RECOVERIES = Collection("recovery_requests", RecoveryRequest, indexes=("ticket_hash", "account_id"))
SUBJECT_REQUESTS = Collection(
    "subject_requests", SubjectRequest, indexes=("account_id", "answered_at", "answer_due")
)
DESTRUCTION_ACTS = Collection("destruction_acts", DestructionAct, indexes=("account_id", "at"))

# Organisations and the accrediting body's staff.

STAFF = Collection("staff_members", StaffMember, keep_decoded=True)
"""Staff records by account id (``docs/authority.md``)."""

ORGANISATIONS = Collection("organisations", Organisation)
"""Organisation accounts by ОГРН (``docs/organisations.md``)."""

REPRESENTATIVES = Collection("representatives", Representative, indexes=("ogrn",))
"""Representative links by account id; an organisation's by ``ogrn``."""

# Applications and their correspondence.

APPLICATIONS = Collection(
    "applications",
    Application,
    indexes=(
        "applicant_id",
        "organisation_ogrn",
        "status",
        "type_code",
        "created_at",
        "submitted_at",
        "decided_at",
        "info_deadline",
    ),
    # The review queue (status, oldest first) and period reports (by submission time).
    compound=(("status", "submitted_at"), ("submitted_at", "status", "type_code")),
    # File names and the texts of requests and decisions may name the person.
    personal=("documents", "history", "info_request", "decision_reason"),
    keep_decoded=True,  # read by every call about one application (adapters/storage/_decoded.py)
)

MESSAGES = Collection(
    "messages",
    Message,
    indexes=(
        "application_id",
        "applicant_id",
        "organisation_ogrn",
        "side",
        "read_at",
        "sent_at",
    ),
    personal=("text", "attachments"),
)
TICKETS = Collection(
    "tickets",
    Ticket,
    indexes=("number", "account_id", "status", "category", "created_at", "answer_due"),
    personal=("subject", "messages"),
)
OUTBOX = Collection(
    "outbox",
    OutboxMessage,
    indexes=("status", "next_attempt_at", "dedup_key", "channel", "recipient", "created_at"),
    personal=("recipient", "params", "subject", "body", "last_error"),
    blind=("recipient",),
)

# Certificates, acts, their numbers, and the journal's compact tree.

CERTIFICATES = Collection(
    "certificates",
    Certificate,
    indexes=(
        "number",
        "status",
        "valid_until",
        "issued_on",
        "holder_account_id",
        "holder_snils",
        "holder_ogrn",
        "application_id",
    ),
    personal=("holder_name", "holder_snils"),
    blind=("holder_snils",),
)
ACTS = Collection(
    "acts",
    Act,
    indexes=("application_id", "decision", "decided_at", "certificate_id"),
    personal=("reasons",),
)
COUNTERS = Collection("counters", Counter)
JOURNAL_TREE = Collection("journal_tree", JournalTree)
