"""One certificate as a signed PDF (layout + PAdES) against its signed JSON export.

Both come from the same stored, sealed certificate through ``CertificateService``:
``pdf`` builds the sheet, lays out the page with its QR code, and signs it with
pyHanko through the same ECDSA P-256 issuer key that seals the JSON; ``export`` only
serialises the already-signed record, so the ratio is the price of a document a
person can open. Reported, not gated.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.crypto.x509_issuer import make_development_issuer
from accredkit.adapters.official_documents.pdf_documents import PadesDocuments
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.catalogues_data import default_registry
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.identifiers import Snils
from accredkit.services.authority import Authority
from accredkit.services.certificates.certificates import CertificateService, issue
from accredkit.services.certificates.sealing import seal
from benchmarks._runner import Benchmark, Work
from tests.support.seats import seat

_facts: dict[str, Any] = {}
NOW = datetime(2026, 5, 8, 9, 0, tzinfo=UTC)


def _setup(quick: bool) -> tuple[Work, Work, int]:
    keys = Path(tempfile.mkdtemp(prefix="accredkit-bench-pdf-")) / "issuer"
    make_development_issuer(keys, algorithm="ecdsa-p256", now=NOW)
    signer = KeySigner.from_directory(keys)
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        certificate = issue(
            uow,
            signer,
            SeededRandom(1),
            holder_name="Иванова Анна Сергеевна",
            holder_snils=Snils.parse("112-233-445 95"),
            accreditation_type="specialized",
            accreditation_title="Специализированная",
            specialty="Терапия",
            issued_on=date(2026, 5, 8),
            valid_until=date(2031, 5, 7),  # the five-year term
            issuer_name="Аккредитационная комиссия",
            application_id="bench-app",
        )
        uow.commit()
    officer = seat(storage, "bench-officer", Role.OPERATOR, at=NOW)
    service = CertificateService(
        storage,
        signer,
        FrozenClock(NOW),
        Authority(FrozenClock(NOW)),
        documents=PadesDocuments(signer),
        catalogues=default_registry(),
    )
    batch = 2 if quick else 5

    def ours() -> None:
        for _ in range(batch):
            assert service.pdf(officer, certificate.id).startswith(b"%PDF-")

    def baseline() -> None:
        for _ in range(batch):
            seal(signer, "certificate", certificate.payload())  # sign the JSON form again
            assert service.export(officer, certificate.id).startswith(b"{")

    start = time.perf_counter()
    size = len(service.pdf(officer, certificate.id))
    _facts["first PDF (imports pyHanko and fpdf2), s"] = round(time.perf_counter() - start, 3)
    _facts["PDF bytes"] = size
    _facts["JSON bytes"] = len(service.export(officer, certificate.id))
    return ours, baseline, batch


def _describe() -> dict[str, Any]:
    return dict(_facts)


BENCHMARKS = [
    Benchmark(
        name="certificates: render + sign one PDF",
        baseline_name="sign + export the JSON form",
        setup=_setup,
        target=None,
        unit="s/certificate",
        describe=_describe,
    ),
]
