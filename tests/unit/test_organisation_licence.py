"""The licence rule: an organisation is admitted on a day some licence of it is in force."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.organisations import licence_in_force, power_of_attorney_text
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.registry import LicenceRecord, OrganisationRecord
from accredkit.errors import ValidationError
from accredkit.testing.strategies import ogrns, snils_values

OGRN = Ogrn.parse("1027700132195")
CLINIC = OrganisationRecord(OGRN, "ГБУЗ «Поликлиника № 1»", ())
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def licences(draw: st.DrawFn) -> LicenceRecord:
    start = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=3_000))
    until = None if length is None else start + timedelta(days=length)
    return LicenceRecord(f"Л041-{draw(st.integers(0, 9999)):04d}", OGRN, start, until)


def _covers(licence: LicenceRecord, day: date) -> bool:
    return licence.valid_from <= day and (licence.valid_until is None or day <= licence.valid_until)


@given(st.lists(licences(), max_size=4), DAYS)
def test_admitted_exactly_when_a_licence_covers_the_day(
    found: list[LicenceRecord], today: date
) -> None:
    if any(_covers(licence, today) for licence in found):
        chosen = licence_in_force(str(OGRN), CLINIC, found, today)
        assert _covers(chosen, today)
        assert chosen in found
        return
    with pytest.raises(ValidationError) as refused:
        licence_in_force(str(OGRN), CLINIC, found, today)
    expected = "organisation.licence_expired" if found else "organisation.licence_absent"
    assert refused.value.code == expected
    assert refused.value.hint_ru
    assert refused.value.hint_en
    assert [v.code for v in refused.value.violations] == [expected]


def test_an_unknown_organisation_and_a_missing_licence_record_are_refused() -> None:
    with pytest.raises(ValidationError) as unknown:
        licence_in_force(str(OGRN), None, [], date(2026, 3, 2))
    assert unknown.value.code == "organisation.unknown"
    with pytest.raises(ValidationError) as absent:
        licence_in_force(str(OGRN), CLINIC, [None], date(2026, 3, 2))
    assert absent.value.code == "organisation.licence_absent"


@given(ogrns(kind="ogrn"), st.text(min_size=1, max_size=20), snils_values(), snils_values())
def test_a_power_of_attorney_names_one_organisation_and_one_person(
    ogrn: Ogrn, account: str, snils: Snils, other: Snils
) -> None:
    text = power_of_attorney_text(str(ogrn), account, snils)
    assert str(ogrn).encode() in text
    assert snils.digits.encode() in text
    if other != snils:
        assert power_of_attorney_text(str(ogrn), account, other) != text
