"""The ``csv:`` register: ФРМР-like files, every row validated, problems named by line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accredkit.adapters.registry.csv_registry import CsvRegistry
from accredkit.config import Config
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.errors import ConfigurationError
from accredkit.plugins.manager import collect_adapters, get_plugin_manager

WORKERS = """\
snils,full_name,birth_date,specialties,employer_ogrn,licences
112-233-445 95,Иванова Анна Сергеевна,1985-03-14,Терапия; Кардиология,1027700132195,Л041-0001
,,,,,
11223344595x,Broken,1990-01-01,,,
"""
ORGANISATIONS = """\
ogrn,name,licence_number,licence_valid_from,licence_valid_until,activities
1027700132195,ГБУЗ «Поликлиника № 1»,Л041-0001,2020-01-15,,Терапия;Кардиология
1027700132195,ГБУЗ «Поликлиника № 1»,Л041-0002,15.01.2021,14.01.2031,Хирургия
5077746887312,ООО «Клиника»,,,,
"""
ANNA = Snils.parse("112-233-445 95")
CLINIC = Ogrn.parse("1027700132195")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _good_workers(tmp_path: Path) -> Path:
    return _write(tmp_path, "workers.csv", "\n".join(WORKERS.splitlines()[:3]) + "\n")


def test_workers_are_read_with_their_specialties_and_licences(tmp_path: Path) -> None:
    registry = CsvRegistry(_good_workers(tmp_path))
    anna = registry.worker(ANNA)
    assert anna is not None
    assert anna.full_name == "Иванова Анна Сергеевна"
    assert anna.birth_date == date(1985, 3, 14)
    assert anna.specialties == ("Терапия", "Кардиология")
    assert (anna.employer_ogrn, anna.licences) == (CLINIC, ("Л041-0001",))
    assert registry.worker(Snils.parse("123-456-789 64")) is None
    assert len(registry) == 1


def test_organisations_file_gives_organisations_and_licences(tmp_path: Path) -> None:
    registry = CsvRegistry(_good_workers(tmp_path), _write(tmp_path, "orgs.csv", ORGANISATIONS))
    clinic = registry.organisation(CLINIC)
    assert clinic is not None
    assert clinic.licences == ("Л041-0001", "Л041-0002")
    licence = registry.licence("Л041-0002")
    assert licence is not None
    assert (licence.valid_from, licence.valid_until) == (date(2021, 1, 15), date(2031, 1, 14))
    assert licence.activities == ("Хирургия",)
    other = registry.organisation(Ogrn.parse("5077746887312"))
    assert other is not None
    assert other.licences == ()


def test_bad_rows_are_refused_naming_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "workers.csv",
        WORKERS
        + "112-233-445 95,Дубль,1985-03-14,,,\n"
        + "123-456-789 64,Без даты,14/03/1985,,,\n"
        + "123-456-789 64,,1985-03-14,,,\n"
        + "123-456-789 64,Лишние,1985-03-14,,,,x\n",
    )
    with pytest.raises(ConfigurationError) as caught:
        CsvRegistry(path)
    message = caught.value.message
    assert caught.value.code == "registry.csv_row"
    assert f"{path}: line 4: snils" in message
    assert "line 5: snils 112-233-445 95 is listed twice" in message
    assert "line 6: birth_date '14/03/1985' is not a date" in message
    assert "line 7: full_name is empty" in message
    assert "line 8: wrong number of cells" in message
    assert "line 3" not in message  # a blank row is skipped, not an error


def test_links_are_checked_against_the_organisations_file(tmp_path: Path) -> None:
    workers = _write(
        tmp_path,
        "workers.csv",
        WORKERS.splitlines()[0]
        + "\n123-456-789 64,Петров Пётр,1980-02-02,,1027700132195,Л999\n"
        + "112-233-445 95,Иванова Анна,1985-03-14,,5077746887312,Л041-0001\n"
        + "987-654-321 83,Сидоров,1975-05-05,,1027739460737,\n",
    )
    with pytest.raises(ConfigurationError) as caught:
        CsvRegistry(workers, _write(tmp_path, "orgs.csv", ORGANISATIONS))
    message = caught.value.message
    assert "line 2: licence 'Л999' is not in the organisations file" in message
    assert "line 3: licence 'Л041-0001' belongs to 1027700132195, not the employer" in message
    assert "line 4: employer_ogrn 1027739460737 is not in the organisations file" in message


def test_bad_organisation_rows_are_named(tmp_path: Path) -> None:
    orgs = _write(
        tmp_path,
        "orgs.csv",
        ORGANISATIONS
        + "1027700132195,Другое имя,,,,\n"
        + "1027700132195,ГБУЗ «Поликлиника № 1»,Л041-0001,2020-01-15,,\n"
        + "5077746887312,ООО «Клиника»,Л3,2020-01-15,2019-01-01,\n",
    )
    with pytest.raises(ConfigurationError) as caught:
        CsvRegistry(_good_workers(tmp_path), orgs)
    message = caught.value.message
    assert "line 5: ogrn 1027700132195 has two names" in message
    assert "line 6: licence 'Л041-0001' is listed twice" in message
    assert "line 7: licence_valid_until is before licence_valid_from" in message


def test_missing_columns_and_files_are_configuration_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="missing columns licences"):
        CsvRegistry(_write(tmp_path, "w.csv", "snils,full_name,birth_date,specialties,"
                                               "employer_ogrn\n"))  # fmt: skip
    with pytest.raises(ConfigurationError, match="cannot be read"):
        CsvRegistry(tmp_path / "absent.csv")


def test_byte_order_mark_from_spreadsheets_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(WORKERS.splitlines()[:2]).encode() + b"\n")
    assert CsvRegistry(path).worker(ANNA) is not None


def test_csv_scheme_is_registered_with_an_organisations_parameter(tmp_path: Path) -> None:
    _good_workers(tmp_path)
    _write(tmp_path, "orgs.csv", ORGANISATIONS)
    adapters = collect_adapters(get_plugin_manager())
    registry = adapters.create(
        "registry", "csv:workers.csv?organisations=orgs.csv", Config(base_dir=str(tmp_path))
    )
    assert registry.worker(ANNA) is not None
    assert registry.licence("Л041-0002") is not None
