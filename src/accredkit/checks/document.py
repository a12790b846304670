"""``check_document``: the document rules on the real inspector, in one call (contract).

This module composes the pure rules with the libmagic/pypdf/Pillow adapter, so it
sits in the layer above the adapters. Its inspector is the process's shared one for the
policy (``adapters/inspection/shared.py``), the same one a cabinet's ``standard:``
inspector is.
"""

from __future__ import annotations

from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.inspection.shared import shared_inspector
from accredkit.domain.documents.formats import DocumentKind, document_kind
from accredkit.domain.documents.rules import (
    DEFAULT_POLICY,
    DocumentPolicy,
    DocumentReport,
    evaluate,
)

__all__ = ["check_document", "inspector_for"]


def inspector_for(policy: DocumentPolicy = DEFAULT_POLICY) -> ContentInspector:
    """The shared inspector whose limits follow ``policy`` (built on first use)."""
    return shared_inspector(policy)


def _kind(kind: DocumentKind | str) -> DocumentKind:
    return document_kind(kind)


def check_document(
    data: bytes,
    filename: str,
    kind: DocumentKind | str = DocumentKind.OTHER,
    policy: DocumentPolicy = DEFAULT_POLICY,
) -> DocumentReport:
    """Check an uploaded file by its content against the document rules (docs/documents.md).

    Args:
        data: The whole file.
        filename: The name the user gave it (checked, never trusted for the type).
        kind: The document kind code (``"passport"``, ``"diploma"``, …; ``"other"``).
        policy: The rules in force.

    Returns:
        A report listing every violation at once; ``report.ok`` when there are none,
        ``report.raise_for_violations()`` to turn them into one ``ValidationError``.

    Raises:
        ValidationError: ``kind`` is not a known document kind (``document.unknown_kind``).
    """
    known = _kind(kind)
    facts = inspector_for(policy).inspect(bytes(data), filename)
    return evaluate(facts, filename, known, policy)
