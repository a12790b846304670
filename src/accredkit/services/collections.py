"""Where the cabinet's aggregates are stored: one ``Collection`` per aggregate type.

Indexes are the fields queries filter and order on (the review queue by status and
age, an applicant's history, period reports).
"""

from __future__ import annotations

from accredkit.domain.accounts import Account
from accredkit.domain.application import Application
from accredkit.domain.certificates import Certificate
from accredkit.domain.messages import Message
from accredkit.domain.organisations import Organisation, Representative
from accredkit.domain.staff import StaffMember
from accredkit.ports.storage import Collection

__all__ = [
    "ACCOUNTS",
    "APPLICATIONS",
    "CERTIFICATES",
    "MESSAGES",
    "ORGANISATIONS",
    "REPRESENTATIVES",
    "STAFF",
]

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
    keep_decoded=True,  # the gate reads it on every use case (adapters/_decoded.py)
)
"""Accounts by id; read by the gate of every use case (``services/authority.py``)."""

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
    keep_decoded=True,  # read by every call about one application (adapters/_decoded.py)
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

STAFF = Collection("staff_members", StaffMember, keep_decoded=True)
"""Staff records by account id (``docs/authority.md``)."""

ORGANISATIONS = Collection("organisations", Organisation)
"""Organisation accounts by ОГРН (``docs/organisations.md``)."""

REPRESENTATIVES = Collection("representatives", Representative, indexes=("ogrn",))
"""Representative links by account id; an organisation's by ``ogrn``."""
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
