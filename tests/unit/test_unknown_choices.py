"""Unknown codes are ``ValidationError``s with a code, never a bare ``ValueError``.

Issue 15, item 9: an unknown document kind escaped ``applications.attach`` as the enum's
``ValueError``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.domain.applications.catalogues_data import default_registry
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.documents.rules import DocumentFacts, evaluate
from accredkit.errors import ValidationError
from accredkit.services.applications.applications import ApplicationService
from accredkit.services.authority import Authority
from accredkit.testing import documents as files
from tests.support.seats import seat_all, seated

ALICE = seated("alice")


def _service() -> tuple[ApplicationService, MemoryStorage, MemoryBlobStore]:
    storage, blobs = MemoryStorage(), MemoryBlobStore()
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    seat_all(storage, ALICE, at=clock.now())
    service = ApplicationService(
        storage=storage,
        catalogues=default_registry(),
        inspector=ContentInspector(),
        blobs=blobs,
        clock=clock,
        random=SeededRandom(1),
        requirements=lambda uow, account_id: frozenset(),
        authority=Authority(clock),
    )
    return service, storage, blobs


@pytest.mark.parametrize("kind", ["passport2", "", "PASSPORT", "паспорт"])
def test_attach_with_an_unknown_document_kind_is_refused_with_a_code(kind: str) -> None:
    service, _storage, blobs = _service()
    draft = service.create(ALICE, "general", ApplicantProfile(specialty="Терапия"))
    with pytest.raises(ValidationError) as caught:
        service.attach(ALICE, draft.id, files.text_pdf(seed=1), "scan.pdf", kind)
    assert caught.value.code == "document.unknown_kind"
    assert [v.field for v in caught.value.violations] == ["kind"]
    assert service.get(ALICE, draft.id).documents == ()
    assert not blobs.exists(hashlib.sha256(files.text_pdf(seed=1)).hexdigest())


def test_evaluate_refuses_an_unknown_kind_with_a_code() -> None:
    facts = DocumentFacts(mime="application/pdf", size=10, sha256="0" * 64)
    with pytest.raises(ValidationError) as caught:
        evaluate(facts, "a.pdf", "nope")
    assert caught.value.code == "document.unknown_kind"
