"""Who may ask for which accreditation: the applicant's profile and the rules over it.

Rules are small frozen values with a ``check(profile, today)`` that returns every
violation it finds (empty when the profile passes). Accreditation types list their rules
as data (``catalogues_data.py``); plugins may add rules of their own that follow the same
``EligibilityRule`` protocol.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final, Protocol

import attrs

from accredkit.domain.identifiers import Ogrn
from accredkit.errors import InvalidIdentifier, Violation

__all__ = [
    "ApplicantKind",
    "ApplicantProfile",
    "EligibilityRule",
    "HasDocument",
    "HasOrganisation",
    "HasPreviousCertificate",
    "HasSpecialty",
    "MinExperience",
    "MinTrainingHours",
    "NoPreviousCertificate",
    "Portfolio",
    "PreviousCertificate",
    "RenewalDue",
    "TermWithin",
]

_OK: Final[tuple[Violation, ...]] = ()


class ApplicantKind(StrEnum):
    """Who applies: a person (медицинский работник) or an organisation (организация)."""

    PERSON = "person"
    ORGANISATION = "organisation"


@attrs.frozen
class PreviousCertificate:
    """An accreditation the applicant already holds (or held): its number and last day."""

    number: str
    valid_until: date


@attrs.frozen
class ApplicantProfile:
    """What the applicant tells the cabinet when choosing a type of accreditation.

    Hours and credits count the reporting period (five years for periodic accreditation);
    ``documents`` are the kinds (docs/documents.md codes) the applicant has or has attached.
    """

    applicant_kind: ApplicantKind = ApplicantKind.PERSON
    specialty: str | None = None
    experience_years: int = 0
    training_hours: int = 0
    cpd_hours: int = 0
    nmo_credits: int = 0
    organisation_ogrn: str | None = None
    licence_number: str | None = None
    requested_term_months: int | None = None
    previous_certificate: PreviousCertificate | None = None
    changed_requirements_reason: str | None = None
    documents: frozenset[str] = frozenset()


class EligibilityRule(Protocol):
    """One condition of an accreditation type."""

    @property
    def code(self) -> str:
        """A stable name for the rule (for docs and plugin authors)."""
        ...

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        """Every violation of the rule by ``profile`` on ``today``; empty if it holds."""
        ...


def _v(code: str, field: str, ru: str, en: str) -> tuple[Violation, ...]:
    return (Violation(code=f"eligibility.{code}", field=field, message_ru=ru, message_en=en),)


@attrs.frozen
class HasSpecialty:
    """The applicant names the specialty (специальность) to be accredited in."""

    code: str = "has_specialty"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.specialty and profile.specialty.strip():
            return _OK
        return _v(
            "specialty_required",
            "specialty",
            "Укажите специальность.",
            "Name the specialty.",
        )


@attrs.frozen
class MinExperience:
    """At least ``years`` of work experience (стаж) in the specialty."""

    years: int
    code: str = "min_experience"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.experience_years >= self.years:
            return _OK
        return _v(
            "experience_insufficient",
            "experience_years",
            f"Нужен стаж не менее {self.years} лет (указано {profile.experience_years}).",
            f"At least {self.years} years of experience are needed "
            f"({profile.experience_years} given).",
        )


@attrs.frozen
class MinTrainingHours:
    """At least ``hours`` of training (обучение) for the specialty."""

    hours: int
    code: str = "min_training_hours"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.training_hours >= self.hours:
            return _OK
        return _v(
            "training_insufficient",
            "training_hours",
            f"Нужно не менее {self.hours} ч обучения (указано {profile.training_hours}).",
            f"At least {self.hours} hours of training are needed ({profile.training_hours} given).",
        )


@attrs.frozen
class HasOrganisation:
    """An organisation applies with a valid ОГРН and its licence number (лицензия)."""

    code: str = "has_organisation"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        found: list[Violation] = []
        if not profile.organisation_ogrn:
            found += _v(
                "ogrn_required",
                "organisation_ogrn",
                "Укажите ОГРН организации.",
                "Give the organisation's OGRN.",
            )
        else:
            try:
                Ogrn.parse(profile.organisation_ogrn)
            except InvalidIdentifier:
                found += _v(
                    "ogrn_invalid",
                    "organisation_ogrn",
                    "ОГРН организации указан с ошибкой.",
                    "The organisation's OGRN is not valid.",
                )
        if not (profile.licence_number and profile.licence_number.strip()):
            found += _v(
                "licence_required",
                "licence_number",
                "Укажите номер лицензии на медицинскую деятельность.",
                "Give the number of the medical activity licence.",
            )
        return tuple(found)


@attrs.frozen
class TermWithin:
    """A limited term is requested, of 1 … ``max_months`` months (срок)."""

    max_months: int
    code: str = "term_within"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        term = profile.requested_term_months
        if term is None or term < 1:
            return _v(
                "term_required",
                "requested_term_months",
                "Укажите срок, на который нужна аккредитация (в месяцах).",
                "Give the term the accreditation is needed for (in months).",
            )
        if term > self.max_months:
            return _v(
                "term_too_long",
                "requested_term_months",
                f"Срок не может превышать {self.max_months} мес. (указано {term}).",
                f"The term may not exceed {self.max_months} months ({term} given).",
            )
        return _OK


@attrs.frozen
class HasDocument:
    """The applicant holds a document of ``kind`` (e.g. ``employer_request``)."""

    kind: str
    code: str = "has_document"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if self.kind in profile.documents:
            return _OK
        return _v(
            f"{self.kind}_required",
            "documents",
            f"Нужен документ вида «{self.kind}».",
            f"A document of kind '{self.kind}' is needed.",
        )


@attrs.frozen
class NoPreviousCertificate:
    """A first accreditation: the applicant holds no certificate yet."""

    code: str = "no_previous_certificate"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.previous_certificate is None:
            return _OK
        return _v(
            "previous_certificate_held",
            "previous_certificate",
            "У вас уже есть свидетельство об аккредитации; выберите повторную аккредитацию.",
            "You already hold an accreditation; choose a repeat accreditation.",
        )


@attrs.frozen
class HasPreviousCertificate:
    """The applicant has been accredited before (for periodic accreditation)."""

    code: str = "has_previous_certificate"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.previous_certificate is not None:
            return _OK
        return _v(
            "previous_certificate_required",
            "previous_certificate",
            "Укажите номер и срок действия прежнего свидетельства об аккредитации.",
            "Give the number and expiry of the previous accreditation certificate.",
        )


@attrs.frozen
class RenewalDue:
    """Re-issue is due: the previous certificate has expired or expires within
    ``window_days``, or the requirements changed (a reason is given)."""

    window_days: int
    code: str = "renewal_due"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        if profile.changed_requirements_reason and profile.changed_requirements_reason.strip():
            return _OK
        previous = profile.previous_certificate
        if previous is None:
            return _v(
                "previous_certificate_required",
                "previous_certificate",
                "Повторная аккредитация нужна после истечения прежнего свидетельства "
                "или изменения требований: укажите свидетельство или причину.",
                "A repeat accreditation follows an expired certificate or changed "
                "requirements: give the certificate or the reason.",
            )
        days_left = (previous.valid_until - today).days
        if days_left <= self.window_days:
            return _OK
        return _v(
            "renewal_not_due",
            "previous_certificate",
            f"Свидетельство действует до {previous.valid_until:%d.%m.%Y}; заявление "
            f"можно подать не ранее чем за {self.window_days} дн. до окончания срока.",
            f"The certificate is valid until {previous.valid_until:%Y-%m-%d}; apply no "
            f"earlier than {self.window_days} days before it ends.",
        )


@attrs.frozen
class Portfolio:
    """Periodic accreditation portfolio (портфолио): a five-year activity report and
    either ``min_hours`` of CPD, or ``mixed_hours`` of CPD plus ``mixed_credits`` НМО
    credits (зачетные единицы)."""

    min_hours: int = 144
    mixed_hours: int = 72
    mixed_credits: int = 72
    code: str = "portfolio"

    def check(self, profile: ApplicantProfile, today: date) -> tuple[Violation, ...]:
        found: list[Violation] = []
        if "activity_report" not in profile.documents:
            found += _v(
                "activity_report_required",
                "documents",
                "Нужен отчет о профессиональной деятельности за пять лет.",
                "A report on the last five years of professional activity is needed.",
            )
        hours, credits = profile.cpd_hours, profile.nmo_credits
        if not (
            hours >= self.min_hours or (hours >= self.mixed_hours and credits >= self.mixed_credits)
        ):
            found += _v(
                "cpd_insufficient",
                "cpd_hours",
                f"Нужно не менее {self.min_hours} ч повышения квалификации либо "
                f"{self.mixed_hours} ч и {self.mixed_credits} зачетных единиц НМО "
                f"(указано {hours} ч и {credits} ЗЕТ).",
                f"At least {self.min_hours} CPD hours are needed, or {self.mixed_hours} "
                f"hours plus {self.mixed_credits} CME credits ({hours} h and {credits} "
                "credits given).",
            )
        return tuple(found)
