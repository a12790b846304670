"""The accreditation catalogues: eligibility, the 709н portfolio, advice and the registry."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.applications.catalogue import (
    AccreditationType,
    Catalogue,
    CatalogueRegistry,
    add_months,
    suggest_type,
)
from accredkit.domain.applications.catalogues_data import (
    FZ_63_ELECTRONIC_SIGNATURE,
    FZ_152_PERSONAL_DATA,
    FZ_210_PUBLIC_SERVICES,
    FZ_323_ART_69,
    ORDER_709N,
    PORTAL,
    RU_709N,
    default_registry,
    portal_catalogue,
)
from accredkit.domain.applications.eligibility import (
    ApplicantKind,
    ApplicantProfile,
    PreviousCertificate,
)
from accredkit.errors import NotFound, PluginError, ValidationError
from accredkit.testing.lifecycle_strategies import DOCUMENT_KINDS, applicant_profiles

TODAY = date(2025, 6, 1)
ORG = ApplicantKind.ORGANISATION
NURSE = ApplicantProfile(specialty="сестринское дело", experience_years=5, training_hours=144)
CLINIC = ApplicantProfile(
    applicant_kind=ORG, organisation_ogrn="1027700132195", licence_number="Л041-01137"
)


def codes(error: ValidationError) -> list[str]:
    return [v.code for v in error.violations]


def fails(catalogue: Catalogue, code: str, profile: ApplicantProfile) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        catalogue.check(code, profile, today=TODAY)
    assert caught.value.code == "catalogue.not_eligible"
    return caught.value


# --- the shipped data ---------------------------------------------------------------------


def test_portal_is_the_default_and_lists_its_five_types() -> None:
    registry = default_registry()
    assert registry.get() is PORTAL
    assert registry.names() == ("portal", "ru-709n")
    assert [t.code for t in PORTAL.types] == [
        "general",
        "specialized",
        "institutional",
        "temporary",
        "repeat",
    ]
    assert [t.title_ru for t in PORTAL.types] == [
        "Общая",
        "Специализированная",
        "Институциональная",
        "Временная",
        "Повторная",
    ]


def test_709n_catalogue_carries_its_act_and_dates() -> None:
    assert [t.code for t in RU_709N.types] == ["primary", "primary-specialized", "periodic"]
    assert RU_709N.legal_act is ORDER_709N
    assert ORDER_709N.citation_ru == (
        "Приказ Минздрава России от 28.10.2022 № 709н "
        "«Об утверждении Положения об аккредитации специалистов»"
    )
    assert not RU_709N.in_force(date(2022, 12, 31))
    assert RU_709N.in_force(date(2023, 1, 1))
    assert RU_709N.in_force(date(2028, 12, 31))
    assert not RU_709N.in_force(date(2029, 1, 1))


def test_legal_references_have_their_exact_titles() -> None:
    assert FZ_323_ART_69.citation_ru == (
        "Федеральный закон от 21.11.2011 № 323-ФЗ "
        "«Об основах охраны здоровья граждан в Российской Федерации», ст. 69"
    )
    assert FZ_152_PERSONAL_DATA.title_ru == "О персональных данных"
    assert FZ_63_ELECTRONIC_SIGNATURE.title_ru == "Об электронной подписи"
    assert FZ_210_PUBLIC_SERVICES.title_ru == (
        "Об организации предоставления государственных и муниципальных услуг"
    )
    assert set(PORTAL.references) >= {FZ_323_ART_69, FZ_152_PERSONAL_DATA}


def test_required_documents_use_the_contract_kind_codes() -> None:
    for catalogue in (PORTAL, RU_709N):
        for kind in (k for t in catalogue.types for k in t.required_documents):
            assert kind in DOCUMENT_KINDS


def test_checking_a_type_after_the_act_expired_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        RU_709N.check("primary", ApplicantProfile(), today=date(2029, 1, 1))
    assert caught.value.code == "catalogue.not_in_force"


# --- eligibility --------------------------------------------------------------------------


def test_general_fits_a_first_time_person() -> None:
    assert PORTAL.check("general", ApplicantProfile(), today=TODAY).code == "general"


def test_specialized_needs_specialty_experience_and_training() -> None:
    assert PORTAL.check("specialized", NURSE, today=TODAY).code == "specialized"
    error = fails(PORTAL, "specialized", attrs.evolve(NURSE, specialty=None, training_hours=143))
    assert codes(error)[:2] == [
        "eligibility.specialty_required",
        "eligibility.training_insufficient",
    ]
    error = fails(PORTAL, "specialized", attrs.evolve(NURSE, experience_years=2))
    assert "eligibility.experience_insufficient" in codes(error)


def test_institutional_needs_a_valid_ogrn_and_a_licence() -> None:
    assert PORTAL.check("institutional", CLINIC, today=TODAY).code == "institutional"
    error = fails(PORTAL, "institutional", attrs.evolve(CLINIC, organisation_ogrn="1027700132194"))
    assert "eligibility.ogrn_invalid" in codes(error)
    error = fails(PORTAL, "institutional", attrs.evolve(CLINIC, licence_number=" "))
    assert "eligibility.licence_required" in codes(error)


def test_institutional_refused_to_a_person() -> None:
    error = fails(PORTAL, "institutional", NURSE)
    assert codes(error)[0] == "eligibility.applicant_kind"


def test_temporary_needs_a_term_within_twelve_months_and_an_employer_request() -> None:
    ok = ApplicantProfile(requested_term_months=12, documents=frozenset({"employer_request"}))
    assert PORTAL.check("temporary", ok, today=TODAY).code == "temporary"
    assert "eligibility.term_too_long" in codes(
        fails(PORTAL, "temporary", attrs.evolve(ok, requested_term_months=13))
    )
    assert "eligibility.term_required" in codes(
        fails(PORTAL, "temporary", attrs.evolve(ok, requested_term_months=None))
    )
    assert "eligibility.employer_request_required" in codes(
        fails(PORTAL, "temporary", attrs.evolve(ok, documents=frozenset()))
    )


def test_temporary_term_limit_is_configurable() -> None:
    six = portal_catalogue(temporary_max_months=6)
    profile = ApplicantProfile(requested_term_months=7, documents=frozenset({"employer_request"}))
    assert "eligibility.term_too_long" in codes(fails(six, "temporary", profile))
    assert PORTAL.check("temporary", profile, today=TODAY).max_term_months == 12


@pytest.mark.parametrize(
    ("valid_until", "ok"),
    [
        (date(2025, 5, 31), True),  # expired yesterday
        (date(2025, 6, 1), True),  # ends today
        (date(2025, 8, 30), True),  # 90 days left: inside the renewal window
        (date(2025, 8, 31), False),  # 91 days left
    ],
)
def test_repeat_needs_an_expired_or_expiring_certificate(valid_until: date, ok: bool) -> None:
    profile = ApplicantProfile(previous_certificate=PreviousCertificate("0000000001", valid_until))
    if ok:
        assert PORTAL.check("repeat", profile, today=TODAY).code == "repeat"
    else:
        assert "eligibility.renewal_not_due" in codes(fails(PORTAL, "repeat", profile))


def test_repeat_allowed_when_the_requirements_changed() -> None:
    profile = ApplicantProfile(changed_requirements_reason="Новый профессиональный стандарт")
    assert PORTAL.check("repeat", profile, today=TODAY).code == "repeat"
    assert "eligibility.previous_certificate_required" in codes(
        fails(PORTAL, "repeat", ApplicantProfile())
    )


def test_renewal_window_is_configurable() -> None:
    wide = portal_catalogue(renewal_window_days=180)
    profile = ApplicantProfile(
        previous_certificate=PreviousCertificate("0000000001", date(2025, 11, 1))
    )
    assert wide.check("repeat", profile, today=TODAY).code == "repeat"
    fails(PORTAL, "repeat", profile)


# --- the 709н periodic portfolio ----------------------------------------------------------

PERIODIC = ApplicantProfile(
    specialty="терапия",
    previous_certificate=PreviousCertificate("7724031234567", date(2025, 3, 1)),
    documents=frozenset({"activity_report"}),
)


@pytest.mark.parametrize(
    ("hours", "credits", "ok"),
    [(144, 0, True), (143, 0, False), (72, 72, True), (72, 71, False), (71, 72, False)],
)
def test_709n_portfolio_hours_and_credits(hours: int, credits: int, ok: bool) -> None:
    profile = attrs.evolve(PERIODIC, cpd_hours=hours, nmo_credits=credits)
    if ok:
        assert RU_709N.check("periodic", profile, today=TODAY).code == "periodic"
    else:
        assert "eligibility.cpd_insufficient" in codes(fails(RU_709N, "periodic", profile))


def test_709n_portfolio_needs_the_activity_report() -> None:
    profile = attrs.evolve(PERIODIC, cpd_hours=200, documents=frozenset())
    assert codes(fails(RU_709N, "periodic", profile))[0] == "eligibility.activity_report_required"


@given(st.integers(0, 400), st.integers(0, 400))
def test_709n_portfolio_rule_is_exactly_144_or_72_plus_72(hours: int, credits: int) -> None:
    profile = attrs.evolve(PERIODIC, cpd_hours=hours, nmo_credits=credits)
    expected = hours >= 144 or (hours >= 72 and credits >= 72)
    assert RU_709N.type("periodic").is_eligible(profile, today=TODAY) is expected


# --- advice -------------------------------------------------------------------------------


def test_advice_names_repeat_for_an_expired_holder_choosing_general() -> None:
    profile = ApplicantProfile(
        previous_certificate=PreviousCertificate("0000000001", date(2024, 1, 1))
    )
    error = fails(PORTAL, "general", profile)
    assert codes(error) == ["eligibility.previous_certificate_held", "catalogue.type_suggested"]
    assert error.value == "repeat"
    assert "«Повторная»" in error.hint_ru


def test_advice_names_institutional_for_an_organisation_choosing_general() -> None:
    error = fails(PORTAL, "general", CLINIC)
    assert error.value == "institutional"
    assert error.violations[-1].field == "type_code"


def test_advice_names_general_for_a_person_without_a_specialty() -> None:
    assert fails(PORTAL, "specialized", ApplicantProfile()).value == "general"


def test_advice_when_nothing_fits() -> None:
    error = fails(PORTAL, "institutional", ApplicantProfile(applicant_kind=ORG))
    assert error.value is None
    assert codes(error)[-1] == "catalogue.no_type_fits"


def test_709n_advice_points_a_certificate_holder_to_periodic() -> None:
    profile = attrs.evolve(PERIODIC, cpd_hours=150)
    assert fails(RU_709N, "primary", profile).value == "periodic"


@given(applicant_profiles(today=TODAY))
def test_suggestion_is_always_eligible_and_the_most_specific(profile: ApplicantProfile) -> None:
    for catalogue in (PORTAL, RU_709N):
        suggestion = suggest_type(profile, catalogue, today=TODAY)
        eligible = catalogue.eligible_types(profile, today=TODAY)
        if suggestion is None:
            assert eligible == ()
        else:
            assert suggestion == eligible[0]
            assert catalogue.check(suggestion.code, profile, today=TODAY) is suggestion


@given(applicant_profiles(today=TODAY), st.sampled_from([t.code for t in PORTAL.types]))
def test_a_refusal_always_carries_advice(profile: ApplicantProfile, code: str) -> None:
    if PORTAL.type(code).is_eligible(profile, today=TODAY):
        assert PORTAL.check(code, profile, today=TODAY).code == code
        return
    with pytest.raises(ValidationError) as caught:
        PORTAL.check(code, profile, today=TODAY)
    error = caught.value
    assert error.violations[-1].code in {"catalogue.type_suggested", "catalogue.no_type_fits"}
    assert len(error.violations) >= 2
    assert error.value != code


# --- validity -----------------------------------------------------------------------------


def test_validity_is_five_years_unless_limited() -> None:
    assert PORTAL.type("general").valid_until(date(2025, 6, 1)) == date(2030, 5, 31)
    assert PORTAL.type("temporary").valid_until(date(2025, 6, 1), term_months=3) == date(
        2025, 8, 31
    )
    assert PORTAL.type("temporary").valid_until(date(2025, 6, 1), term_months=40) == date(
        2026, 5, 31
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 120))
def test_add_months_clamps_to_the_end_of_the_month(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day


# --- registry -----------------------------------------------------------------------------


def test_registry_refuses_a_duplicate_name() -> None:
    registry = default_registry()
    with pytest.raises(PluginError) as caught:
        registry.register(portal_catalogue())
    assert caught.value.code == "catalogue.duplicate_name"
    assert len(registry) == 2


def test_registry_lookups_raise_not_found() -> None:
    registry = default_registry()
    with pytest.raises(NotFound) as caught:
        registry.get("nope")
    assert caught.value.code == "catalogue.not_found"
    with pytest.raises(NotFound) as caught:
        registry.type("portal", "nope")
    assert caught.value.code == "catalogue.type_not_found"
    assert registry.type("ru-709n", "periodic").code == "periodic"


def test_plugins_may_add_a_catalogue_and_extend_one() -> None:
    extra = AccreditationType(
        code="pharmacy",
        title_ru="Фармацевтическая",
        title_en="Pharmacy",
        applicant_kind=ApplicantKind.PERSON,
        required_documents=("passport", "diploma"),
    )
    registry = CatalogueRegistry(default="regional")
    registry.register(attrs.evolve(PORTAL.with_types(extra), name="regional"))
    assert "regional" in registry
    assert registry.type(None, "pharmacy") == extra
    with pytest.raises(PluginError) as caught:
        PORTAL.with_types(PORTAL.type("general"))
    assert caught.value.code == "catalogue.duplicate_type"
