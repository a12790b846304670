"""Organisation accounts by ОГРН, their representatives and staff (``docs/organisations.md``).

An organisation is registered only as the professional register knows it, with a
licence in force on the Moscow day; the same licence rule refuses an institutional
application at submission and at approval (``organisation_licences.LicenceGate``).
A representative is linked by an administrator or by a power of attorney the
organisation signed with its qualified e-signature; the link is what ``Cabinet.actor``
and every use case read as the actor's organisation. Each change raises an
``OrganisationEvent``, journaled by the journal table (``happened``) in the unit of work
that makes it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import attrs

from accredkit.domain.accounts.organisations import (
    Organisation,
    OrganisationRegistered,
    Representative,
    RepresentativeBasis,
    RepresentativeLinked,
    RepresentativeRevoked,
    power_of_attorney_text,
)
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.certificates.certificate import Certificate, CertificateStatus
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.moscow import moscow_date
from accredkit.domain.registry import WorkerRecord
from accredkit.errors import Conflict, NotFound, ValidationError, Violation
from accredkit.ports.clock import Clock
from accredkit.ports.esignature import SignatureVerifier
from accredkit.ports.registry import Registry
from accredkit.ports.storage import Storage, UnitOfWork
from accredkit.services.accounts.organisation_licences import registered_licence
from accredkit.services.authority import Authority
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, ORGANISATIONS, REPRESENTATIVES
from accredkit.services.screening import screened

__all__ = [
    "Coverage",
    "OrganisationService",
]


@attrs.frozen
class Coverage:
    """An organisation's staff covered by its institutional accreditation.

    ``certificate`` is the organisation's certificate in force today (``None``: no
    accreditation, and then no one is covered); ``staff`` are the workers the register
    names the organisation as employer of.
    """

    organisation: Organisation
    certificate: Certificate | None
    staff: tuple[WorkerRecord, ...]


def _missing(ogrn: str) -> NotFound:
    return NotFound(
        f"organisation {ogrn!r} not found",
        message_ru="Организация не найдена.",
        code="organisation.not_found",
        hint_ru="Проверьте ОГРН; организацию регистрирует администратор кабинета.",
        hint_en="Check the OGRN; the cabinet's administrator registers organisations.",
        value=ogrn,
    )


def _account_missing(account_id: str) -> NotFound:
    return NotFound(
        f"account {account_id!r} not found",
        message_ru="Учетная запись не найдена.",
        code="account.not_found",
        value=account_id,
    )


def _subject(ogrn: str, account_id: str | None = None) -> Subject:
    if account_id is None:
        return Subject("organisation", ogrn, None, ogrn)
    return Subject("account", account_id, account_id, ogrn)


@screened
@attrs.define
class OrganisationService:
    """Organisation accounts and their representatives (``cabinet.organisations``)."""

    storage: Storage
    clock: Clock
    authority: Authority
    registry: Registry
    signatures: SignatureVerifier

    def register(self, actor: Actor, ogrn: str) -> Organisation:
        """Open the account of the organisation ``ogrn`` as the register has it.

        Raises:
            InvalidIdentifier: ``ogrn`` is not a valid ОГРН.
            ValidationError: ``organisation.unknown``, ``organisation.licence_absent``
                or ``organisation.licence_expired`` — with advice.
            Conflict: ``organisation.exists``.
            PermissionDenied: the actor is not an operator or administrator.
        """
        ogrn = str(Ogrn.parse(ogrn))
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, "organisations.register")
            if uow.repository(ORGANISATIONS).find(ogrn) is not None:
                raise Conflict(
                    f"organisation {ogrn} is registered already",
                    message_ru="Организация с этим ОГРН уже зарегистрирована.",
                    code="organisation.exists",
                    hint_ru="Свяжите представителей с уже открытой учетной записью организации.",
                    hint_en="Link representatives to the organisation's existing account.",
                    value=ogrn,
                )
            record, licence = registered_licence(self.registry, ogrn, moscow_date(now))
            organisation = Organisation(
                ogrn, 0, record.name, licence.number, licence.valid_until, now, admitted.id
            )
            stored = uow.repository(ORGANISATIONS).add(organisation)
            happened(uow, OrganisationRegistered(ogrn, licence.number, now), actor=admitted)
            uow.commit()
        return stored

    def show(self, actor: Actor, ogrn: str) -> Organisation:
        """The organisation account, for its representatives and the body's staff."""
        with self.storage.unit_of_work() as uow:
            return self._reach(uow, actor, "organisations.show", ogrn)[1]

    def representatives(self, actor: Actor, ogrn: str) -> list[Representative]:
        """The organisation's representatives in force, by account id."""
        with self.storage.unit_of_work() as uow:
            self._reach(uow, actor, "organisations.representatives", ogrn)
            links = uow.repository(REPRESENTATIVES).query({"ogrn": ogrn})
        return sorted((link for link in links if link.active), key=lambda link: link.id)

    def link_representative(self, actor: Actor, ogrn: str, account_id: str) -> Representative:
        """Make ``account_id`` a representative of ``ogrn`` (administrator; journaled).

        Raises:
            NotFound: ``organisation.not_found`` or ``account.not_found``.
            Conflict: ``organisation.already_represented`` — the account represents an
                organisation already (one at a time).
            PermissionDenied: not an administrator, or the administrator's own account.
        """
        action = "organisations.link_representative"
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            admitted, _ = self._reach(uow, actor, action, ogrn)
            account = uow.repository(ACCOUNTS).find(account_id)
            subject = None if account is None else _subject(ogrn, account_id)
            self.authority.reach(admitted, action, subject, _account_missing(account_id))
            link = self._link(
                uow, ogrn, account_id, RepresentativeBasis.ADMINISTRATOR, admitted, now
            )
            uow.commit()
        return link

    def submit_power_of_attorney(
        self,
        actor: Actor,
        ogrn: str,
        document: bytes,
        signature: bytes,
        certificate_pem: bytes,
        signer_snils: str,
    ) -> Representative:
        """Become a representative of ``ogrn`` by its signed power of attorney.

        ``document`` is ``power_of_attorney_text(ogrn, account_id, snils)`` for the
        actor's own account; the organisation's head signs it (a detached CMS
        signature) with a qualified certificate that carries the organisation's ОГРН
        and the signer's СНИЛС ``signer_snils``.

        Raises:
            NotFound: ``organisation.not_found``.
            ValidationError: ``organisation.poa_mismatch`` (the text is not this
                account's power of attorney) or ``organisation.poa_signer`` (the
                certificate is not the organisation's).
            AuthenticationFailed: ``esignature.*`` — the signature does not verify.
            Conflict: ``organisation.already_represented``.
        """
        action = "organisations.submit_power_of_attorney"
        snils = Snils.parse(signer_snils)
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            admitted = self.authority.admit(uow, actor, action)
            account = uow.repository(ACCOUNTS).get(admitted.id)
            self.authority.reach(
                admitted, action, _subject(ogrn, account.id), _account_missing(account.id)
            )
            if uow.repository(ORGANISATIONS).find(ogrn) is None:
                raise _missing(ogrn)
            if document != power_of_attorney_text(ogrn, account.id, account.snils):
                raise _poa_refused(
                    "organisation.poa_mismatch",
                    "document",
                    "Текст доверенности не совпадает с выданным кабинетом для вашей учетной "
                    "записи и этой организации.",
                    "The power of attorney is not the text the cabinet gives for your "
                    "account and this organisation.",
                )
            verified = self.signatures.verify(document, signature, certificate_pem, snils, now)
            if verified.ogrn != ogrn:
                raise _poa_refused(
                    "organisation.poa_signer",
                    "signature",
                    "Доверенность подписана не сертификатом этой организации (в нем другой "
                    "ОГРН или его нет).",
                    "The power of attorney is not signed with this organisation's "
                    "certificate (it names another OGRN, or none).",
                )
            digest = hashlib.sha256(document).hexdigest()
            basis = RepresentativeBasis.POWER_OF_ATTORNEY
            link = self._link(uow, ogrn, account.id, basis, admitted, now, digest)
            uow.commit()
        return link

    def revoke_representative(self, actor: Actor, ogrn: str, account_id: str) -> Representative:
        """End ``account_id``'s representation of ``ogrn`` (administrator; journaled).

        Raises:
            NotFound: ``organisation.not_found`` or ``organisation.not_representative``.
        """
        action = "organisations.revoke_representative"
        now = self.clock.now()
        with self.storage.unit_of_work() as uow:
            admitted, _ = self._reach(uow, actor, action, ogrn)
            repo = uow.repository(REPRESENTATIVES)
            link = repo.find(account_id)
            if link is None or not link.active or link.ogrn != ogrn:
                raise NotFound(
                    f"{account_id!r} does not represent {ogrn}",
                    message_ru="Эта учетная запись не представляет организацию.",
                    code="organisation.not_representative",
                    value=account_id,
                )
            self.authority.reach(
                admitted, action, _subject(ogrn, account_id), _account_missing(account_id)
            )
            revoked = repo.update(link.revoke(admitted.id, now))
            happened(uow, RepresentativeRevoked(ogrn, account_id, now), actor=admitted)
            uow.commit()
        return revoked

    def covered_staff(self, actor: Actor, ogrn: str) -> Coverage:
        """The organisation's workers covered by its institutional accreditation in force.

        The register's employer link names the workers; they are covered while the
        organisation holds a certificate valid today (Moscow day). A staff member's
        read is journaled (the names are personal data).

        Raises:
            NotFound: ``organisation.not_found`` (or not the actor's organisation).
            PortUnavailable: the register did not answer.
        """
        action = "organisations.covered_staff"
        now = self.clock.now()
        today = moscow_date(now)
        with self.storage.unit_of_work() as uow:
            admitted, organisation, role = self._reach_role(uow, actor, action, ogrn)
            held = uow.repository(CERTIFICATES).query({"holder_ogrn": Ogrn.parse(ogrn)})
            in_force = [c for c in held if c.status_on(today) is CertificateStatus.VALID]
            certificate = max(in_force, key=lambda c: (c.valid_until, c.id), default=None)
            staff = () if certificate is None else self.registry.employees(Ogrn.parse(ogrn))
            if self.authority.note_read(uow, admitted, action, role, _subject(ogrn), now):
                uow.commit()
        return Coverage(organisation, certificate, staff)

    # --- helpers --------------------------------------------------------------------------

    def _reach(
        self, uow: UnitOfWork, actor: Actor, action: str, ogrn: str
    ) -> tuple[Actor, Organisation]:
        admitted, organisation, _ = self._reach_role(uow, actor, action, ogrn)
        return admitted, organisation

    def _reach_role(
        self, uow: UnitOfWork, actor: Actor, action: str, ogrn: str
    ) -> tuple[Actor, Organisation, Role]:
        admitted = self.authority.admit(uow, actor, action)
        organisation = uow.repository(ORGANISATIONS).find(ogrn)
        subject = None if organisation is None else _subject(organisation.id)
        role = self.authority.reach(admitted, action, subject, _missing(ogrn))
        assert organisation is not None  # reach refused a missing one
        return attrs.evolve(admitted, roles=frozenset({role})), organisation, role

    @staticmethod
    def _link(
        uow: UnitOfWork,
        ogrn: str,
        account_id: str,
        basis: RepresentativeBasis,
        by: Actor,
        now: datetime,
        document_sha256: str | None = None,
    ) -> Representative:
        repo = uow.repository(REPRESENTATIVES)
        found = repo.find(account_id)
        if found is not None and found.active:
            raise Conflict(
                f"{account_id} represents {found.ogrn} already",
                message_ru="Учетная запись уже представляет организацию.",
                code="organisation.already_represented",
                hint_ru="Представитель действует за одну организацию; сначала администратор "
                "отзывает прежнюю связь.",
                hint_en="A representative acts for one organisation; an administrator "
                "revokes the previous link first.",
                value=account_id,
            )
        link = Representative(account_id, 0, ogrn, basis, now, by.id, document_sha256)
        if found is None:
            stored = repo.add(link)
        else:  # a revoked link is renewed in place
            stored = repo.update(attrs.evolve(link, version=found.version))
        event = RepresentativeLinked(ogrn, account_id, basis, now, document_sha256)
        happened(uow, event, actor=by)
        return stored


def _poa_refused(code: str, field: str, ru: str, en: str) -> ValidationError:
    return ValidationError(
        en,
        message_ru=ru,
        code=code,
        violations=(Violation(code, field, ru, en),),
        hint_ru="Получите текст доверенности в кабинете и подпишите его квалифицированной "
        "подписью руководителя организации (с ОГРН в сертификате).",
        hint_en="Take the power-of-attorney text from the cabinet and have the "
        "organisation's head sign it with a qualified certificate carrying its OGRN.",
    )
