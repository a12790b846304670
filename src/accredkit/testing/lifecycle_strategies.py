"""Hypothesis strategies for applicant profiles, document references and applications."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from accredkit.domain.applications.application import Application, DocumentRef
from accredkit.domain.applications.catalogue import AccreditationType
from accredkit.domain.applications.eligibility import (
    ApplicantKind,
    ApplicantProfile,
    PreviousCertificate,
)
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.testing.strategies import ogrns

__all__ = [
    "DOCUMENT_KINDS",
    "SPECIALTIES",
    "applicant_profiles",
    "complete_draft",
    "document_refs",
    "roles",
    "statuses",
    "triggers",
    "utc_datetimes",
]

DOCUMENT_KINDS = (
    "passport",
    "diploma",
    "specialist_certificate",
    "cpd_certificate",
    "license",
    "ogrn_extract",
    "employer_request",
    "previous_certificate",
    "pd_consent",
    "activity_report",
    "other",
)
"""The document kind codes of docs/documents.md."""

SPECIALTIES = ("терапия", "хирургия", "педиатрия", "сестринское дело", "стоматология")

statuses = st.sampled_from(ApplicationStatus)
triggers = st.sampled_from(Trigger)
roles = st.sampled_from(Role)


def utc_datetimes(
    start: datetime = datetime(2023, 1, 1, tzinfo=UTC), days: int = 3650
) -> st.SearchStrategy[datetime]:
    """UTC-aware times from ``start`` over ``days`` days, to the minute."""
    return st.integers(0, days * 24 * 60).map(lambda m: start + timedelta(minutes=m))


def _sha(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


@st.composite
def document_refs(
    draw: st.DrawFn, *, kind: str | None = None, valid: bool | None = None
) -> DocumentRef:
    """Document references with a plausible name, size and SHA-256 of random content."""
    chosen = kind if kind is not None else draw(st.sampled_from(DOCUMENT_KINDS))
    seed = draw(st.binary(min_size=1, max_size=16))
    return DocumentRef(
        kind=chosen,
        sha256=hashlib.sha256(chosen.encode() + seed).hexdigest(),
        filename=f"{chosen}.{draw(st.sampled_from(['pdf', 'jpg', 'png']))}",
        size=draw(st.integers(1, 5 * 1024 * 1024)),
        valid=draw(st.booleans()) if valid is None else valid,
    )


@st.composite
def applicant_profiles(draw: st.DrawFn, *, today: date = date(2025, 6, 1)) -> ApplicantProfile:
    """Any applicant profile, persons and organisations, eligible for something or not."""
    kind = draw(st.sampled_from(ApplicantKind))
    previous = draw(
        st.none()
        | st.builds(
            PreviousCertificate,
            number=st.from_regex(r"[0-9]{10}", fullmatch=True),
            valid_until=st.integers(-800, 2000).map(lambda d: today + timedelta(days=d)),
        )
    )
    return ApplicantProfile(
        applicant_kind=kind,
        specialty=draw(st.none() | st.sampled_from(SPECIALTIES)),
        experience_years=draw(st.integers(0, 40)),
        training_hours=draw(st.integers(0, 600)),
        cpd_hours=draw(st.integers(0, 300)),
        nmo_credits=draw(st.integers(0, 200)),
        organisation_ogrn=draw(st.none() | ogrns(kind="ogrn").map(str)),
        licence_number=draw(st.none() | st.from_regex(r"Л041-[0-9]{5}", fullmatch=True)),
        requested_term_months=draw(st.none() | st.integers(-1, 36)),
        previous_certificate=previous,
        changed_requirements_reason=draw(st.none() | st.sampled_from(["", "новый стандарт"])),
        documents=frozenset(draw(st.sets(st.sampled_from(DOCUMENT_KINDS)))),
    )


def complete_draft(
    accreditation_type: AccreditationType,
    *,
    at: datetime,
    id: str = "app-1",
    applicant_id: str = "applicant-1",
) -> Application:
    """A draft of ``accreditation_type`` with every required document attached and valid."""
    app = Application.create(
        id=id,
        applicant_id=applicant_id,
        catalogue="portal",
        accreditation_type=accreditation_type,
        at=at,
    )
    for kind in accreditation_type.required_documents:
        app = app.attach_document(
            DocumentRef(kind=kind, sha256=_sha(kind), filename=f"{kind}.pdf", size=1024, valid=True)
        )
    return app
