"""The shipped catalogues and the legal acts they rest on, as data (docs/domain.md).

``portal`` is the cabinet as users know it; ``ru-709n`` is the regime of Приказ
Минздрава России № 709н. Both are built by functions whose arguments are the settings a
host may change (maximum temporary term, renewal window, hours), with the defaults below.
Document kinds are the codes of docs/documents.md.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from accredkit.domain.applications.catalogue import (
    AccreditationType,
    Catalogue,
    CatalogueRegistry,
    LegalAct,
)
from accredkit.domain.applications.eligibility import (
    ApplicantKind,
    HasDocument,
    HasOrganisation,
    HasPreviousCertificate,
    HasSpecialty,
    MinExperience,
    MinTrainingHours,
    NoPreviousCertificate,
    Portfolio,
    RenewalDue,
)

__all__ = [
    "FZ_63_ELECTRONIC_SIGNATURE",
    "FZ_152_PERSONAL_DATA",
    "FZ_210_PUBLIC_SERVICES",
    "FZ_323_ART_69",
    "LEGAL_ACTS",
    "ORDER_709N",
    "PORTAL",
    "RU_709N",
    "default_registry",
    "portal_catalogue",
    "ru_709n_catalogue",
]

_FEDERAL_LAW = "Федеральный закон"

FZ_323_ART_69: Final = LegalAct(
    kind_ru=_FEDERAL_LAW,
    number="323-ФЗ",
    adopted_on=date(2011, 11, 21),
    title_ru="Об основах охраны здоровья граждан в Российской Федерации",
    title_en="On the Fundamentals of Protecting the Health of Citizens in the Russian Federation",
    article="69",
)
"""Art. 69: the right to practise medicine and pharmacy; accreditation of specialists."""

FZ_152_PERSONAL_DATA: Final = LegalAct(
    kind_ru=_FEDERAL_LAW,
    number="152-ФЗ",
    adopted_on=date(2006, 7, 27),
    title_ru="О персональных данных",
    title_en="On Personal Data",
)

FZ_63_ELECTRONIC_SIGNATURE: Final = LegalAct(
    kind_ru=_FEDERAL_LAW,
    number="63-ФЗ",
    adopted_on=date(2011, 4, 6),
    title_ru="Об электронной подписи",
    title_en="On Electronic Signature",
)

FZ_210_PUBLIC_SERVICES: Final = LegalAct(
    kind_ru=_FEDERAL_LAW,
    number="210-ФЗ",
    adopted_on=date(2010, 7, 27),
    title_ru="Об организации предоставления государственных и муниципальных услуг",
    title_en="On the Organisation of the Provision of State and Municipal Services",
)

ORDER_709N: Final = LegalAct(
    kind_ru="Приказ Минздрава России",
    number="709н",
    adopted_on=date(2022, 10, 28),
    title_ru="Об утверждении Положения об аккредитации специалистов",
    title_en="On Approval of the Regulation on the Accreditation of Specialists",
    effective_from=date(2023, 1, 1),
    effective_until=date(2029, 1, 1),
)

LEGAL_ACTS: Final = (
    FZ_323_ART_69,
    FZ_152_PERSONAL_DATA,
    FZ_63_ELECTRONIC_SIGNATURE,
    FZ_210_PUBLIC_SERVICES,
    ORDER_709N,
)
"""Every act the shipped catalogues cite."""

_REFERENCES = (
    FZ_323_ART_69,
    FZ_152_PERSONAL_DATA,
    FZ_63_ELECTRONIC_SIGNATURE,
    FZ_210_PUBLIC_SERVICES,
)
_PERSON = ApplicantKind.PERSON


def portal_catalogue(
    *,
    temporary_max_months: int = 12,
    renewal_window_days: int = 90,
    specialized_min_experience_years: int = 3,
    specialized_min_training_hours: int = 144,
) -> Catalogue:
    """The ``portal`` catalogue: general, specialized, institutional, temporary, repeat.

    Args:
        temporary_max_months: Longest term of a temporary accreditation.
        renewal_window_days: How long before expiry a repeat accreditation may be sought.
        specialized_min_experience_years: Experience a specialized accreditation needs.
        specialized_min_training_hours: Training hours a specialized accreditation needs.

    Returns:
        The catalogue.
    """
    types = (
        AccreditationType(
            code="general",
            title_ru="Общая",
            title_en="General",
            applicant_kind=_PERSON,
            required_documents=("passport", "diploma", "pd_consent"),
            rules=(NoPreviousCertificate(),),
        ),
        AccreditationType(
            code="specialized",
            title_ru="Специализированная",
            title_en="Specialized",
            applicant_kind=_PERSON,
            required_documents=("passport", "diploma", "cpd_certificate", "pd_consent"),
            rules=(
                HasSpecialty(),
                MinExperience(specialized_min_experience_years),
                MinTrainingHours(specialized_min_training_hours),
            ),
        ),
        AccreditationType(
            code="institutional",
            title_ru="Институциональная",
            title_en="Institutional",
            applicant_kind=ApplicantKind.ORGANISATION,
            required_documents=("ogrn_extract", "license"),
            rules=(HasOrganisation(),),
        ),
        AccreditationType(
            code="temporary",
            title_ru="Временная",
            title_en="Temporary",
            applicant_kind=_PERSON,
            required_documents=("passport", "diploma", "employer_request", "pd_consent"),
            rules=(HasDocument("employer_request"),),
            max_term_months=temporary_max_months,
        ),
        AccreditationType(
            code="repeat",
            title_ru="Повторная",
            title_en="Repeat",
            applicant_kind=_PERSON,
            required_documents=("passport", "previous_certificate", "pd_consent"),
            rules=(RenewalDue(renewal_window_days),),
        ),
    )
    return Catalogue(
        name="portal",
        title_ru="Аккредитация в личном кабинете",
        title_en="Cabinet accreditation",
        legal_act=FZ_323_ART_69,
        types=types,
        references=_REFERENCES,
        advice_order=("repeat", "institutional", "temporary", "specialized", "general"),
    )


def ru_709n_catalogue(
    *,
    primary_specialized_min_training_hours: int = 250,
    portfolio: Portfolio = Portfolio(),  # noqa: B008 - a frozen value, safe as a default
) -> Catalogue:
    """The ``ru-709n`` catalogue: primary, primary-specialized and periodic accreditation.

    Args:
        primary_specialized_min_training_hours: Training (residency or professional
            retraining) a primary specialized accreditation needs; retraining programmes
            run at least 250 hours.
        portfolio: The periodic accreditation portfolio thresholds (144 h, or 72 h + 72
            НМО credits, with a five-year activity report).

    Returns:
        The catalogue, in force 2023-01-01 … 2028-12-31.
    """
    types = (
        AccreditationType(
            code="primary",
            title_ru="Первичная аккредитация",
            title_en="Primary accreditation",
            applicant_kind=_PERSON,
            required_documents=("passport", "diploma", "pd_consent"),
            rules=(NoPreviousCertificate(),),
        ),
        AccreditationType(
            code="primary-specialized",
            title_ru="Первичная специализированная аккредитация",
            title_en="Primary specialized accreditation",
            applicant_kind=_PERSON,
            required_documents=("passport", "diploma", "cpd_certificate", "pd_consent"),
            rules=(HasSpecialty(), MinTrainingHours(primary_specialized_min_training_hours)),
        ),
        AccreditationType(
            code="periodic",
            title_ru="Периодическая аккредитация",
            title_en="Periodic accreditation",
            applicant_kind=_PERSON,
            required_documents=(
                "passport",
                "diploma",
                "previous_certificate",
                "activity_report",
                "cpd_certificate",
                "pd_consent",
            ),
            rules=(HasSpecialty(), HasPreviousCertificate(), portfolio),
        ),
    )
    return Catalogue(
        name="ru-709n",
        title_ru="Аккредитация специалистов по Приказу № 709н",
        title_en="Accreditation of specialists under Order No. 709n",
        legal_act=ORDER_709N,
        types=types,
        references=(*_REFERENCES, ORDER_709N),
        advice_order=("periodic", "primary-specialized", "primary"),
    )


PORTAL: Final = portal_catalogue()
"""The default catalogue with default settings."""

RU_709N: Final = ru_709n_catalogue()
"""The 709н catalogue with default settings."""


def default_registry() -> CatalogueRegistry:
    """A fresh registry holding the two shipped catalogues, ``portal`` the default."""
    return CatalogueRegistry((PORTAL, RU_709N), default="portal")
