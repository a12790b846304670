"""What each collection's queries may filter on (``services/schema.py``).

Each is a ``TypedDict`` of a collection's indexed fields and their types: a repository
takes it as its filter, so mypy refuses a query on a field that is not indexed or with a
value of the wrong kind (docs/architecture.md, "One schema"). Only the type checker reads
the field types, so the aggregates' modules are not imported here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from accredkit.domain.accounts.otp import OtpPurpose
    from accredkit.domain.accounts.parts import AccountStatus
    from accredkit.domain.applications.lifecycle import ApplicationStatus
    from accredkit.domain.certificates.acts import Decision
    from accredkit.domain.certificates.certificate import CertificateStatus
    from accredkit.domain.correspondence.messages import MessageSide
    from accredkit.domain.correspondence.outbox import Channel, MessageStatus
    from accredkit.domain.correspondence.support import TicketCategory, TicketStatus
    from accredkit.domain.identifiers import Ogrn, Snils

__all__ = [
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
