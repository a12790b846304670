"""The contract suite for ``Registry`` adapters (the professional register).

Load ``CONTRACT_RECORDS`` into your register and hand it to the mixin::

    class TestMyRegistry(RegistryContract[MyRegistry]):
        @pytest.fixture
        def registry(self, tmp_path): yield MyRegistry.loaded_with(CONTRACT_RECORDS)

The suite checks the look-ups a cabinet relies on: workers by СНИЛС, organisations by
ОГРН with their licences, and the employer link (``employees``) that lists who an
organisation's institutional accreditation covers (``docs/organisations.md``).
"""

from __future__ import annotations

from datetime import date
from typing import Final, Generic, TypeVar

from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.registry import LicenceRecord, OrganisationRecord, WorkerRecord
from accredkit.ports.registry import Registry

__all__ = ["CONTRACT_RECORDS", "RegistryContract"]

R = TypeVar("R", bound=Registry)

_CLINIC = Ogrn.parse("1027700132195")
_HOSPITAL = Ogrn.parse("1037739010891")
_EMPTY = Ogrn.parse("5077746887312")
_ANNA = Snils.parse("112-233-445 95")
_BORIS = Snils.parse("087-654-303 00")
_VERA = Snils.parse("123-456-789 64")

CONTRACT_RECORDS: Final[tuple[WorkerRecord | OrganisationRecord | LicenceRecord, ...]] = (
    OrganisationRecord(_CLINIC, "ГБУЗ «Поликлиника № 1»", ("Л041-0001", "Л041-0002")),
    OrganisationRecord(_HOSPITAL, "ГБУЗ «Больница № 2»", ("Л041-0003",)),
    OrganisationRecord(_EMPTY, "ООО «Клиника»", ()),
    LicenceRecord("Л041-0001", _CLINIC, date(2020, 1, 15), None, ("Терапия",)),
    LicenceRecord("Л041-0002", _CLINIC, date(2021, 1, 15), date(2031, 1, 14), ("Хирургия",)),
    LicenceRecord("Л041-0003", _HOSPITAL, date(2019, 5, 1), date(2024, 4, 30), ()),
    WorkerRecord(_VERA, "Васильева Вера", date(1990, 7, 1), ("Терапия",), _CLINIC, ("Л041-0001",)),
    WorkerRecord(_ANNA, "Иванова Анна", date(1985, 3, 14), ("Терапия",), _CLINIC, ("Л041-0001",)),
    WorkerRecord(_BORIS, "Борисов Борис", date(1979, 2, 2), ("Хирургия",), _HOSPITAL, ()),
)
"""The records every register under test holds (load them however your adapter does)."""


class RegistryContract(Generic[R]):
    """Mixin: provide a ``registry`` fixture holding exactly ``CONTRACT_RECORDS``."""

    def test_a_worker_is_found_by_snils_and_an_unknown_one_is_none(self, registry: R) -> None:
        anna = registry.worker(_ANNA)
        assert anna is not None
        assert (anna.full_name, anna.birth_date) == ("Иванова Анна", date(1985, 3, 14))
        assert (anna.employer_ogrn, anna.licences) == (_CLINIC, ("Л041-0001",))
        assert registry.worker(Snils.parse("200-000-000 18")) is None

    def test_an_organisation_names_its_licences(self, registry: R) -> None:
        clinic = registry.organisation(_CLINIC)
        assert clinic is not None
        assert clinic.name == "ГБУЗ «Поликлиника № 1»"
        assert sorted(clinic.licences) == ["Л041-0001", "Л041-0002"]
        empty = registry.organisation(_EMPTY)
        assert empty is not None
        assert empty.licences == ()
        assert registry.organisation(Ogrn.parse("1027700000008")) is None

    def test_a_licence_carries_its_holder_and_validity(self, registry: R) -> None:
        lapsed = registry.licence("Л041-0003")
        assert lapsed is not None
        assert (lapsed.holder_ogrn, lapsed.valid_from) == (_HOSPITAL, date(2019, 5, 1))
        assert lapsed.valid_until == date(2024, 4, 30)
        open_ended = registry.licence("Л041-0001")
        assert open_ended is not None
        assert open_ended.valid_until is None
        assert registry.licence("Л041-9999") is None

    def test_employees_are_the_employers_workers_by_snils(self, registry: R) -> None:
        clinic = registry.employees(_CLINIC)
        assert [w.snils for w in clinic] == sorted([_ANNA, _VERA], key=lambda s: s.digits)
        assert [w.snils for w in registry.employees(_HOSPITAL)] == [_BORIS]
        assert registry.employees(_EMPTY) == ()
        assert registry.employees(Ogrn.parse("1027700000008")) == ()
