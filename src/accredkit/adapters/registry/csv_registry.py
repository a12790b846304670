"""A professional register read from CSV files (ФРМР-like exports): ``csv:workers.csv``.

Workers file (UTF-8, comma-separated, a header row; lists inside a cell use ``;``)::

    snils,full_name,birth_date,specialties,employer_ogrn,licences
    112-233-445 95,Иванова Анна,1985-03-14,Терапия;Кардиология,1027700132195,Л041-0001

Optional organisations file (``csv:workers.csv?organisations=orgs.csv``), one row per
licence (an organisation without licences leaves the licence cells empty)::

    ogrn,name,licence_number,licence_valid_from,licence_valid_until,activities
    1027700132195,ГБУЗ «Поликлиника № 1»,Л041-0001,2020-01-15,,Терапия;Кардиология

Every row is checked when the file is opened; all problems are reported at once,
each with its file and line, as one ``ConfigurationError``. Dates are ``YYYY-MM-DD``
or ``DD.MM.YYYY``. With an organisations file, a worker's employer and licences must
appear in it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord
from accredkit.errors import ConfigurationError, InvalidIdentifier

__all__ = ["LICENCE_COLUMNS", "WORKER_COLUMNS", "CsvRegistry"]

WORKER_COLUMNS = ("snils", "full_name", "birth_date", "specialties", "employer_ogrn", "licences")
LICENCE_COLUMNS = (
    "ogrn",
    "name",
    "licence_number",
    "licence_valid_from",
    "licence_valid_until",
    "activities",
)
MAX_REPORTED = 20
T = TypeVar("T")


class _RowError(ValueError):
    pass


def _date(text: str, column: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise _RowError(f"{column} {text!r} is not a date (YYYY-MM-DD or DD.MM.YYYY)")


def _list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _parse(parser: Callable[[str], T], text: str, column: str) -> T:
    try:
        return parser(text)
    except InvalidIdentifier as error:
        raise _RowError(f"{column} {text!r}: {error.message}") from error


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise ConfigurationError(
            f"registry file {path} cannot be read: {error.strerror}",
            code="config.registry_file",
            value=str(path),
        ) from error
    with handle:
        reader = csv.DictReader(handle)
        header = tuple(name.strip() for name in (reader.fieldnames or ()))
        missing = [c for c in columns if c not in header]
        if missing:
            raise ConfigurationError(
                f"{path}: line 1: missing columns {', '.join(missing)} "
                f"(expected {','.join(columns)})",
                message_ru=f"{path}: строка 1: нет столбцов {', '.join(missing)}.",
                code="registry.csv_header",
                value=str(path),
            )
        try:
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    yield reader.line_num, {"__shape__": "wrong number of cells"}
                    continue
                cleaned = {k.strip(): v.strip() for k, v in row.items() if k is not None}
                if any(cleaned.values()):
                    yield reader.line_num, cleaned
        except (csv.Error, UnicodeDecodeError) as error:
            raise ConfigurationError(
                f"{path}: line {reader.line_num}: {error}",
                code="registry.csv_row",
                value=str(path),
            ) from error


class CsvRegistry:
    """Records loaded once from the CSV files; look-ups never touch the disk."""

    def __init__(self, workers: str | Path, organisations: str | Path | None = None) -> None:
        self.workers_path = Path(workers)
        self.organisations_path = None if organisations is None else Path(organisations)
        self._workers: dict[Snils, WorkerRecord] = {}
        self._organisations: dict[Ogrn, OrganisationRecord] = {}
        self._licences: dict[str, LicenceRecord] = {}
        self._problems: list[str] = []
        if self.organisations_path is not None:
            self._load_organisations(self.organisations_path)
        self._load_workers(self.workers_path)
        by_employer: dict[Ogrn, list[WorkerRecord]] = {}
        for worker in self._workers.values():
            if worker.employer_ogrn is not None:
                by_employer.setdefault(worker.employer_ogrn, []).append(worker)
        self._employees = {
            ogrn: tuple(sorted(found, key=lambda worker: worker.snils.digits))
            for ogrn, found in by_employer.items()
        }
        if self._problems:
            shown = self._problems[:MAX_REPORTED]
            more = len(self._problems) - len(shown)
            raise ConfigurationError(
                "registry CSV has bad rows:\n  "
                + "\n  ".join(shown)
                + (f"\n  … and {more} more" if more else ""),
                message_ru="В файле реестра есть ошибочные строки:\n  " + "\n  ".join(shown),
                code="registry.csv_row",
                value=str(self.workers_path),
            )

    def _problem(self, path: Path, line: int, message: str) -> None:
        self._problems.append(f"{path}: line {line}: {message}")

    def _load_organisations(self, path: Path) -> None:
        names: dict[Ogrn, str] = {}
        numbers: dict[Ogrn, list[str]] = {}
        for line, row in _rows(path, LICENCE_COLUMNS):
            try:
                if "__shape__" in row:
                    raise _RowError(row["__shape__"])
                ogrn = _parse(Ogrn.parse, row["ogrn"], "ogrn")
                if not row["name"]:
                    raise _RowError("name is empty")
                if names.setdefault(ogrn, row["name"]) != row["name"]:
                    raise _RowError(f"ogrn {ogrn} has two names")
                numbers.setdefault(ogrn, [])
                number = row["licence_number"]
                if not number:
                    continue
                if number in self._licences:
                    raise _RowError(f"licence {number!r} is listed twice")
                valid_from = _date(row["licence_valid_from"], "licence_valid_from")
                until_text = row["licence_valid_until"]
                valid_until = _date(until_text, "licence_valid_until") if until_text else None
                if valid_until is not None and valid_until < valid_from:
                    raise _RowError("licence_valid_until is before licence_valid_from")
                self._licences[number] = LicenceRecord(
                    number, ogrn, valid_from, valid_until, _list(row["activities"])
                )
                numbers[ogrn].append(number)
            except _RowError as error:
                self._problem(path, line, str(error))
        for ogrn, name in names.items():
            self._organisations[ogrn] = OrganisationRecord(ogrn, name, tuple(numbers[ogrn]))

    def _load_workers(self, path: Path) -> None:
        for line, row in _rows(path, WORKER_COLUMNS):
            try:
                if "__shape__" in row:
                    raise _RowError(row["__shape__"])
                snils = _parse(Snils.parse, row["snils"], "snils")
                if snils in self._workers:
                    raise _RowError(f"snils {snils} is listed twice")
                if not row["full_name"]:
                    raise _RowError("full_name is empty")
                birth = _date(row["birth_date"], "birth_date")
                employer = (
                    _parse(Ogrn.parse, row["employer_ogrn"], "employer_ogrn")
                    if row["employer_ogrn"]
                    else None
                )
                licences = _list(row["licences"])
                self._check_links(employer, licences)
                self._workers[snils] = WorkerRecord(
                    snils, row["full_name"], birth, _list(row["specialties"]), employer, licences
                )
            except _RowError as error:
                self._problem(path, line, str(error))

    def _check_links(self, employer: Ogrn | None, licences: tuple[str, ...]) -> None:
        if self.organisations_path is None:
            return
        if employer is not None and employer not in self._organisations:
            raise _RowError(f"employer_ogrn {employer} is not in the organisations file")
        for number in licences:
            record = self._licences.get(number)
            if record is None:
                raise _RowError(f"licence {number!r} is not in the organisations file")
            if employer is not None and record.holder_ogrn != employer:
                raise _RowError(
                    f"licence {number!r} belongs to {record.holder_ogrn}, not the employer"
                )

    def worker(self, snils: Snils) -> WorkerRecord | None:
        """The worker registered under ``snils``."""
        return self._workers.get(snils)

    def organisation(self, ogrn: Ogrn) -> OrganisationRecord | None:
        """The organisation under ``ogrn`` (from the organisations file)."""
        return self._organisations.get(ogrn)

    def licence(self, number: str) -> LicenceRecord | None:
        """The licence ``number`` (from the organisations file)."""
        return self._licences.get(number.strip())

    def employees(self, ogrn: Ogrn) -> tuple[WorkerRecord, ...]:
        """The workers whose ``employer_ogrn`` is ``ogrn``, by СНИЛС."""
        return self._employees.get(ogrn, ())

    def __len__(self) -> int:
        return len(self._workers)
