"""``check_document``: the document rules on the real inspector, in one call (contract).

This module composes the pure rules with the libmagic/pypdf/Pillow adapter, so it
sits in the top layer beside the command line. Inspectors are built lazily, one per
pixel budget, size limit and inspection budget, and shared between threads (each guards its libmagic
handle with its own lock).
"""

from __future__ import annotations

import threading

from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.domain.documents.formats import DocumentKind, document_kind
from accredkit.domain.documents.rules import (
    DEFAULT_POLICY,
    DocumentPolicy,
    DocumentReport,
    evaluate,
)

__all__ = ["check_document", "inspector_for"]

_inspectors: dict[tuple[float, ...], ContentInspector] = {}
_inspectors_lock = threading.Lock()


def inspector_for(policy: DocumentPolicy = DEFAULT_POLICY) -> ContentInspector:
    """The shared inspector whose limits follow ``policy`` (built on first use)."""
    key = (
        policy.max_pixels,
        policy.max_bytes,
        policy.max_objects,
        policy.max_pages,
        policy.max_decoded_bytes,
        policy.max_memory,
        policy.max_seconds,
    )
    inspector = _inspectors.get(key)
    if inspector is None:
        with _inspectors_lock:
            inspector = _inspectors.get(key)
            if inspector is None:
                inspector = ContentInspector.for_policy(policy)
                _inspectors[key] = inspector
    return inspector


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
