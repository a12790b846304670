"""A query on a field that is not indexed, or with a value of the wrong kind, does not
type-check (``services/schema.py``, docs/architecture.md, "One schema").

Each ignore below must be *needed*: ``warn_unused_ignores`` (in ``--strict``) turns an
ignore mypy no longer uses into an error, so if the schema's query types ever became
loose enough to accept one of these, the type check would fail. The calls beside them
are the correct forms and must type-check.
"""

from __future__ import annotations

from datetime import UTC, datetime

from accredkit.domain.applications.lifecycle import ApplicationStatus
from accredkit.domain.certificates.certificate import CertificateStatus
from accredkit.ports.storage import UnitOfWork
from accredkit.services.schema import APPLICATIONS, CERTIFICATES, OUTBOX, ApplicationQuery


def right_and_wrong_queries(uow: UnitOfWork) -> None:
    applications = uow.repository(APPLICATIONS)
    applications.query({"status": ApplicationStatus.SUBMITTED}, order_by="submitted_at")
    applications.count({"applicant_id": "a1", "organisation_ogrn": None})
    applications.values(("id", "status"), {"type_code": "doctor"})

    applications.query({"decision_reason": "late"})  # type: ignore[arg-type]
    applications.count({"applicant_id": 7})  # type: ignore[arg-type]
    applications.values(("id",), {"submitted_at": "2026-01-01"})  # type: ignore[arg-type]

    certificates = uow.repository(CERTIFICATES)
    certificates.query({"status": CertificateStatus.VALID})
    certificates.query({"holder_name": "Иванова"})  # type: ignore[arg-type]

    outbox = uow.repository(OUTBOX)
    outbox.query({"created_at": datetime(2026, 1, 1, tzinfo=UTC)})
    wrong: ApplicationQuery = {"status": ApplicationStatus.DRAFT}
    outbox.query(wrong)  # type: ignore[arg-type]
