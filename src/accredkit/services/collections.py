"""Where the cabinet's aggregates are stored: one ``Collection`` per aggregate type.

Indexes are the fields queries filter and order on (the review queue by status and
age, an applicant's history, period reports).
"""

from __future__ import annotations

from accredkit.domain.application import Application
from accredkit.ports.storage import Collection

__all__ = ["APPLICATIONS"]

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
    ),
)
