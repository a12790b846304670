"""The shipped register contract, run on the in-memory and the CSV registers."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from accredkit.adapters.registry.csv_registry import LICENCE_COLUMNS, WORKER_COLUMNS, CsvRegistry
from accredkit.adapters.registry.memory_registry import MemoryRegistry
from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord
from accredkit.testing.contracts import CONTRACT_RECORDS, RegistryContract


class TestMemoryRegistry(RegistryContract[MemoryRegistry]):
    @pytest.fixture
    def registry(self) -> Iterator[MemoryRegistry]:
        registry = MemoryRegistry()
        for record in CONTRACT_RECORDS:
            registry.add(record)
        yield registry


def _write(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


class TestCsvRegistry(RegistryContract[CsvRegistry]):
    @pytest.fixture
    def registry(self, tmp_path: Path) -> Iterator[CsvRegistry]:
        licences = {r.number: r for r in CONTRACT_RECORDS if isinstance(r, LicenceRecord)}
        organisations: list[list[str]] = []
        for org in (r for r in CONTRACT_RECORDS if isinstance(r, OrganisationRecord)):
            if not org.licences:
                organisations.append([str(org.ogrn), org.name, "", "", "", ""])
            for number in org.licences:
                lic = licences[number]
                until = "" if lic.valid_until is None else lic.valid_until.isoformat()
                row = [str(org.ogrn), org.name, number, lic.valid_from.isoformat(), until]
                organisations.append([*row, ";".join(lic.activities)])
        workers = [
            [
                str(w.snils),
                w.full_name,
                w.birth_date.isoformat(),
                ";".join(w.specialties),
                "" if w.employer_ogrn is None else str(w.employer_ogrn),
                ";".join(w.licences),
            ]
            for w in CONTRACT_RECORDS
            if isinstance(w, WorkerRecord)
        ]
        yield CsvRegistry(
            _write(tmp_path / "workers.csv", WORKER_COLUMNS, workers),
            _write(tmp_path / "organisations.csv", LICENCE_COLUMNS, organisations),
        )
