"""Accreditation types, the catalogues that group them, and the registry plugins feed.

A catalogue is a rule set resting on a legal act with effective dates; each type in it
says who may apply, which documents are required, which eligibility rules hold and how
long the accreditation is valid. Checking a type against a profile refuses a wrong
choice with every broken rule *and* the advice which type fits instead.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import attrs

from accredkit.domain.applications.eligibility import (
    ApplicantKind,
    ApplicantProfile,
    EligibilityRule,
    TermWithin,
)
from accredkit.errors import NotFound, PluginError, ValidationError, Violation

__all__ = [
    "DEFAULT_VALIDITY_YEARS",
    "AccreditationType",
    "Catalogue",
    "CatalogueRegistry",
    "LegalAct",
    "add_months",
    "suggest_type",
]

DEFAULT_VALIDITY_YEARS = 5
_ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@attrs.frozen
class LegalAct:
    """A normative act a rule set rests on, cited by its exact title.

    ``effective_until`` is exclusive: the act applies on days before it.
    """

    kind_ru: str
    number: str
    adopted_on: date
    title_ru: str
    title_en: str
    article: str | None = None
    effective_from: date | None = None
    effective_until: date | None = None

    @property
    def citation_ru(self) -> str:
        """The act as cited in Russian: kind, date, number, «title», article."""
        text = f"{self.kind_ru} от {self.adopted_on:%d.%m.%Y} № {self.number} «{self.title_ru}»"
        return f"{text}, ст. {self.article}" if self.article else text

    def in_force(self, today: date) -> bool:
        """Whether the act applies on ``today``."""
        if self.effective_from is not None and today < self.effective_from:
            return False
        return self.effective_until is None or today < self.effective_until


@attrs.frozen
class AccreditationType:
    """One kind of accreditation (вид аккредитации) a catalogue offers."""

    code: str
    title_ru: str
    title_en: str
    applicant_kind: ApplicantKind
    required_documents: tuple[str, ...]
    rules: tuple[EligibilityRule, ...] = ()
    validity_years: int = DEFAULT_VALIDITY_YEARS
    max_term_months: int | None = None

    def violations(self, profile: ApplicantProfile, *, today: date) -> tuple[Violation, ...]:
        """Every rule ``profile`` breaks for this type on ``today`` (empty: eligible).

        A type with ``max_term_months`` also requires a requested term within it.
        """
        if profile.applicant_kind != self.applicant_kind:
            kind_ru = (
                "организация"
                if self.applicant_kind is ApplicantKind.ORGANISATION
                else ("медицинский работник")
            )
            return (
                Violation(
                    "eligibility.applicant_kind",
                    "applicant_kind",
                    f"Этот вид аккредитации оформляет {kind_ru}.",
                    f"This accreditation is applied for by a {self.applicant_kind}.",
                ),
            )
        rules: Iterable[EligibilityRule] = self.rules
        if self.max_term_months is not None:
            rules = (TermWithin(self.max_term_months), *self.rules)
        return tuple(v for rule in rules for v in rule.check(profile, today))

    def is_eligible(self, profile: ApplicantProfile, *, today: date) -> bool:
        """Whether ``profile`` may apply for this type on ``today``."""
        return not self.violations(profile, today=today)

    def term_months(self, requested: int | None = None) -> int:
        """How many months an accreditation of this type runs.

        A limited-term type runs for the ``requested`` term (capped at its maximum, the
        maximum when none is asked); any other for ``validity_years`` years.
        """
        if self.max_term_months is not None:
            return min(requested or self.max_term_months, self.max_term_months)
        return 12 * self.validity_years

    def valid_until(self, issued_on: date, *, term_months: int | None = None) -> date:
        """The last day of an accreditation of this type issued on ``issued_on``."""
        return add_months(issued_on, self.term_months(term_months)) - _ONE_DAY


def _check_unique(codes: Iterable[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise PluginError(
                f"Duplicate {what} {code!r} in {where}.",
                message_ru=f"Повторяющийся код {code!r} в {where}.",
                code=f"catalogue.duplicate_{what}",
                value=code,
            )
        seen.add(code)


@attrs.frozen
class Catalogue:
    """A named set of accreditation types under one legal act.

    ``advice_order`` lists type codes from the most specific to the most general; the
    advice on a wrong choice names the first type in it that fits. By default it is the
    types in reverse order.
    """

    name: str
    title_ru: str
    title_en: str
    legal_act: LegalAct
    types: tuple[AccreditationType, ...]
    references: tuple[LegalAct, ...] = ()
    advice_order: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        _check_unique((t.code for t in self.types), "type", f"catalogue {self.name!r}")
        unknown = set(self.advice_order) - {t.code for t in self.types}
        if unknown:
            raise PluginError(
                f"Catalogue {self.name!r} advises unknown types {sorted(unknown)}.",
                code="catalogue.unknown_type_in_advice",
                value=sorted(unknown),
            )

    def in_force(self, today: date) -> bool:
        """Whether the catalogue's legal act applies on ``today``."""
        return self.legal_act.in_force(today)

    def type(self, code: str) -> AccreditationType:
        """The type with ``code``.

        Raises:
            NotFound: The catalogue has no such type (``catalogue.type_not_found``).
        """
        for item in self.types:
            if item.code == code:
                return item
        raise NotFound(
            f"Catalogue {self.name!r} has no accreditation type {code!r}.",
            message_ru=f"В каталоге «{self.title_ru}» нет вида аккредитации {code!r}.",
            code="catalogue.type_not_found",
            value=code,
        )

    def with_types(self, *types: AccreditationType) -> Catalogue:
        """This catalogue with ``types`` added (for plugins); duplicate codes are refused."""
        return attrs.evolve(self, types=(*self.types, *types))

    def advised(self) -> tuple[AccreditationType, ...]:
        """The types in the order advice considers them."""
        if not self.advice_order:
            return tuple(reversed(self.types))
        listed = [self.type(code) for code in self.advice_order]
        return (*listed, *(t for t in reversed(self.types) if t not in listed))

    def eligible_types(
        self, profile: ApplicantProfile, *, today: date
    ) -> tuple[AccreditationType, ...]:
        """Every type ``profile`` may apply for on ``today``, most specific first."""
        return tuple(t for t in self.advised() if t.is_eligible(profile, today=today))

    def check(self, code: str, profile: ApplicantProfile, *, today: date) -> AccreditationType:
        """The type ``code`` if ``profile`` may apply for it on ``today``.

        Args:
            code: The chosen type.
            profile: What the applicant told the cabinet.
            today: The current date (passed in; the domain reads no clock).

        Returns:
            The accreditation type.

        Raises:
            NotFound: No such type.
            ValidationError: ``catalogue.not_in_force``, or ``catalogue.not_eligible`` with
                every broken rule plus a ``catalogue.type_suggested`` violation naming the
                type that fits (``value`` is its code), or ``catalogue.no_type_fits``.
        """
        chosen = self.type(code)
        if not self.in_force(today):
            raise ValidationError.of(
                (
                    Violation(
                        "catalogue.not_in_force",
                        "catalogue",
                        f"{self.legal_act.citation_ru} не действует на {today:%d.%m.%Y}.",
                        f"The act of catalogue {self.name!r} is not in force on {today}.",
                    ),
                ),
                value=self.name,
            )
        broken = chosen.violations(profile, today=today)
        if not broken:
            return chosen
        advice = suggest_type(profile, self, today=today)
        if advice is not None:
            tip = Violation(
                "catalogue.type_suggested",
                "type_code",
                f"Вам подходит вид аккредитации «{advice.title_ru}» ({advice.code}).",
                f"The accreditation that fits is '{advice.title_en}' ({advice.code}).",
            )
            hint_ru, hint_en = tip.message_ru, tip.message_en
        else:
            tip = Violation(
                "catalogue.no_type_fits",
                "type_code",
                "По указанным сведениям не подходит ни один вид аккредитации.",
                "No accreditation type fits the details given.",
            )
            hint_ru = "Проверьте сведения о специальности, стаже, обучении и документах."
            hint_en = "Check the specialty, experience, training and documents you gave."
        found = (*broken, tip)
        raise ValidationError(
            f"'{chosen.title_en}' does not fit: " + "; ".join(v.message_en for v in found),
            message_ru=f"Вид «{chosen.title_ru}» не подходит: "
            + "; ".join(v.message_ru for v in found),
            code="catalogue.not_eligible",
            violations=found,
            hint_ru=hint_ru,
            hint_en=hint_en,
            value=advice.code if advice is not None else None,
        )


def suggest_type(
    profile: ApplicantProfile, catalogue: Catalogue, *, today: date
) -> AccreditationType | None:
    """The type the cabinet advises for ``profile``: the most specific one that fits.

    Args:
        profile: What the applicant told the cabinet.
        catalogue: The catalogue to choose from.
        today: The current date.

    Returns:
        The first eligible type in the catalogue's advice order, or ``None``.
    """
    for candidate in catalogue.advised():
        if candidate.is_eligible(profile, today=today):
            return candidate
    return None


class CatalogueRegistry:
    """The catalogues a cabinet offers, by name; plugins register theirs at start-up."""

    def __init__(self, catalogues: Iterable[Catalogue] = (), *, default: str = "portal") -> None:
        self._by_name: dict[str, Catalogue] = {}
        self.default_name = default
        for catalogue in catalogues:
            self.register(catalogue)

    def register(self, catalogue: Catalogue) -> None:
        """Add ``catalogue`` (the ``register`` callback of the plugin hook).

        Raises:
            PluginError: A catalogue of that name is already registered
                (``catalogue.duplicate_name``).
        """
        if catalogue.name in self._by_name:
            raise PluginError(
                f"A catalogue named {catalogue.name!r} is already registered.",
                message_ru=f"Каталог «{catalogue.name}» уже зарегистрирован.",
                code="catalogue.duplicate_name",
                value=catalogue.name,
            )
        self._by_name[catalogue.name] = catalogue

    def get(self, name: str | None = None) -> Catalogue:
        """The catalogue ``name`` (the default one if ``None``).

        Raises:
            NotFound: No such catalogue (``catalogue.not_found``).
        """
        key = self.default_name if name is None else name
        try:
            return self._by_name[key]
        except KeyError:
            raise NotFound(
                f"No catalogue named {key!r}.",
                message_ru=f"Каталог {key!r} не найден.",
                code="catalogue.not_found",
                value=key,
            ) from None

    def type(self, catalogue: str | None, code: str) -> AccreditationType:
        """The type ``code`` of catalogue ``catalogue`` (``NotFound`` if either is missing)."""
        return self.get(catalogue).type(code)

    def names(self) -> tuple[str, ...]:
        """Registered catalogue names, in registration order."""
        return tuple(self._by_name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Catalogue]:
        return iter(tuple(self._by_name.values()))

    def __len__(self) -> int:
        return len(self._by_name)
