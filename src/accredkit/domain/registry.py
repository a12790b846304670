"""Records of the professional register (ФРМР-like): who a worker is, what an organisation holds."""

from __future__ import annotations

from datetime import date

import attrs

from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.masks import mask_date, mask_name

__all__ = ["LicenceRecord", "OrganisationRecord", "WorkerRecord"]


@attrs.frozen
class WorkerRecord:
    """A medical worker as the register knows them."""

    snils: Snils
    full_name: str = attrs.field(repr=mask_name)
    birth_date: date = attrs.field(repr=mask_date)
    specialties: tuple[str, ...] = ()
    employer_ogrn: Ogrn | None = None
    licences: tuple[str, ...] = ()  # licence numbers the worker practises under


@attrs.frozen
class OrganisationRecord:
    """A medical organisation as the register knows it."""

    ogrn: Ogrn
    name: str
    licences: tuple[str, ...] = ()


@attrs.frozen
class LicenceRecord:
    """A medical licence and its validity."""

    number: str
    holder_ogrn: Ogrn
    valid_from: date
    valid_until: date | None = None
    activities: tuple[str, ...] = ()
