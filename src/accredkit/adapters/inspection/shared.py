"""One inspector per document policy in a process, shared by every cabinet and thread.

Inspectors are built lazily, one per pixel budget, size limit and inspection budget;
each guards its libmagic handle with its own lock, so threads may share it
(docs/documents.md).
"""

from __future__ import annotations

import threading

from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.domain.documents.rules import DEFAULT_POLICY, DocumentPolicy

__all__ = ["shared_inspector"]

_inspectors: dict[tuple[float, ...], ContentInspector] = {}
_inspectors_lock = threading.Lock()


def shared_inspector(policy: DocumentPolicy = DEFAULT_POLICY) -> ContentInspector:
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
