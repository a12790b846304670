"""Organisation accounts (организации) and their representatives (``docs/organisations.md``).

An organisation is known by its ОГРН and is registered only as the professional
register has it: its name and a medical licence in force on the Moscow day. Its
representatives are accounts linked by an administrator or by a power of attorney
(доверенность) signed with the organisation's qualified e-signature; a representative
acts for one organisation. The licence rule here serves registration, submission and
approval alike, so the three refuse an expired licence with the same advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

import attrs

from accredkit.domain.events import DomainEvent
from accredkit.domain.identifiers import Snils
from accredkit.domain.registry import LicenceRecord, OrganisationRecord
from accredkit.errors import ValidationError, Violation

__all__ = [
    "Organisation",
    "OrganisationEvent",
    "OrganisationRegistered",
    "Representative",
    "RepresentativeBasis",
    "RepresentativeLinked",
    "RepresentativeRevoked",
    "licence_in_force",
    "power_of_attorney_text",
]


@attrs.frozen
class Organisation:
    """A registered organisation: ``id`` is its ОГРН; name and licence as the register says."""

    id: str
    version: int
    name: str
    licence_number: str
    licence_valid_until: date | None
    registered_at: datetime
    registered_by: str

    @property
    def ogrn(self) -> str:
        """The ОГРН (the record's id)."""
        return self.id


class RepresentativeBasis(StrEnum):
    """Why an account represents an organisation."""

    ADMINISTRATOR = "administrator"  # связан администратором
    POWER_OF_ATTORNEY = "power_of_attorney"  # доверенность с ЭП организации


@attrs.frozen
class Representative:
    """The link of account ``id`` to the organisation ``ogrn`` (at most one per account)."""

    id: str
    version: int
    ogrn: str
    basis: RepresentativeBasis
    linked_at: datetime
    linked_by: str
    document_sha256: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        """Still in force (not revoked)."""
        return self.revoked_at is None

    def revoke(self, by: str, at: datetime) -> Representative:
        """The link ended by ``by`` at ``at``."""
        return attrs.evolve(self, revoked_at=at, revoked_by=by)


@attrs.frozen
class OrganisationRegistered(DomainEvent):
    """An organisation account was opened from the register's record."""

    ogrn: str
    licence_number: str
    at: datetime


@attrs.frozen
class RepresentativeLinked(DomainEvent):
    """An account became a representative of the organisation."""

    ogrn: str
    account_id: str
    basis: RepresentativeBasis
    at: datetime
    document_sha256: str | None = None


@attrs.frozen
class RepresentativeRevoked(DomainEvent):
    """An account stopped representing the organisation."""

    ogrn: str
    account_id: str
    at: datetime


OrganisationEvent = OrganisationRegistered | RepresentativeLinked | RepresentativeRevoked
"""What happens to an organisation account (journaled, published after commit)."""


def _refusal(
    code: str, field: str, ru: str, en: str, hint_ru: str, hint_en: str
) -> ValidationError:
    return ValidationError(
        en,
        message_ru=ru,
        code=code,
        violations=(Violation(code, field, ru, en),),
        hint_ru=hint_ru,
        hint_en=hint_en,
    )


def licence_in_force(
    ogrn: str,
    record: OrganisationRecord | None,
    licences: Iterable[LicenceRecord | None],
    today: date,
) -> LicenceRecord:
    """The organisation's licence in force on ``today`` (the Moscow day), or the refusal.

    Of several licences in force, the one valid longest is chosen (open-ended first).

    Raises:
        ValidationError: ``organisation.unknown`` (the register has no such ОГРН),
            ``organisation.licence_absent`` (it holds no licence) or
            ``organisation.licence_expired`` (none is in force on ``today``), each with
            advice on what to do.
    """
    if record is None:
        raise _refusal(
            "organisation.unknown",
            "ogrn",
            f"В реестре медицинских организаций нет организации с ОГРН {ogrn}.",
            f"The register of medical organisations has no organisation with OGRN {ogrn}.",
            "Проверьте ОГРН по выписке из ЕГРЮЛ; если он верен, организации нужно внести "
            "сведения в реестр медицинских организаций (ФРМО) и повторить.",
            "Check the OGRN against the extract from the register of legal entities; if it "
            "is right, the organisation must be entered in the register of medical "
            "organisations first.",
        )
    found = [licence for licence in licences if licence is not None]
    if not found:
        raise _refusal(
            "organisation.licence_absent",
            "licence",
            f"У организации {ogrn} в реестре нет лицензии на медицинскую деятельность.",
            f"The register shows no medical activity licence for organisation {ogrn}.",
            "Получите лицензию на медицинскую деятельность; когда она появится в реестре "
            "лицензий, повторите.",
            "Obtain a medical activity licence; once the licence register shows it, try again.",
        )
    in_force = [
        licence
        for licence in found
        if licence.valid_from <= today
        and (licence.valid_until is None or today <= licence.valid_until)
    ]
    if not in_force:
        last = max(found, key=lambda licence: licence.valid_until or date.max)
        until = "" if last.valid_until is None else last.valid_until.strftime("%d.%m.%Y")
        raise _refusal(
            "organisation.licence_expired",
            "licence",
            f"Лицензия организации {ogrn} не действует на {today:%d.%m.%Y}"
            + (f" (срок истек {until})." if until else "."),
            f"The licence of organisation {ogrn} is not in force on {today.isoformat()}"
            + (f" (it ran out on {last.valid_until})." if until else "."),
            "Переоформите или продлите лицензию на медицинскую деятельность; когда реестр "
            "лицензий покажет действующую, подайте заявление снова.",
            "Renew the medical activity licence; once the licence register shows one in "
            "force, apply again.",
        )
    return max(in_force, key=lambda licence: licence.valid_until or date.max)


def power_of_attorney_text(ogrn: str, account_id: str, snils: Snils) -> bytes:
    """The exact bytes an organisation signs to make an account its representative.

    The text names the organisation, the account and the person's СНИЛС, so a signed
    power of attorney serves that one person only; the organisation's head signs it
    with a qualified certificate carrying the organisation's ОГРН.
    """
    return (
        "accredkit power of attorney (доверенность)\n"
        f"organisation ogrn: {ogrn}\n"
        f"representative account: {account_id}\n"
        f"representative snils: {snils.digits}\n"
        "acts for the organisation in accreditation procedures\n"
    ).encode()
