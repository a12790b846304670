"""Building the sheets of official documents from the signed records, inside a unit of work.

The legal basis comes from the catalogue of the certificate's application (for
``ru-709n`` the order's full citation), the holder is shown as the public registry
shows them, and the check address carries the signature proof (docs/certificates.md).
"""

from __future__ import annotations

from datetime import date

from accredkit.domain.applications.catalogue import Catalogue, CatalogueRegistry
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.certificates.acts import ACT_KIND, Act
from accredkit.domain.certificates.certificate import CERTIFICATE_KIND, Certificate
from accredkit.domain.certificates.sheets import (
    ActSheet,
    CertificateSheet,
    check_url,
    mask_snils,
    record_digest,
    signature_proof,
)
from accredkit.errors import NotFound
from accredkit.ports.storage import Collection, UnitOfWork
from accredkit.services.numbering import short_number
from accredkit.services.schema import APPLICATIONS

__all__ = ["act_sheet", "certificate_sheet"]


def _catalogue(
    uow: UnitOfWork, catalogues: CatalogueRegistry, application_id: str, type_code: str
) -> Catalogue | None:
    application = uow.repository(APPLICATIONS).find(application_id)
    if application is not None and application.catalogue in catalogues:
        return catalogues.get(application.catalogue)
    return next((c for c in catalogues if type_code in {t.code for t in c.types}), None)


def _legal_basis(catalogue: Catalogue | None) -> tuple[str, ...]:
    if catalogue is None:
        return ()
    cited = (catalogue.legal_act, *catalogue.references)
    return tuple(dict.fromkeys(act.citation_ru for act in cited))


def certificate_sheet(
    uow: UnitOfWork,
    certificates: Collection[Certificate],
    certificate: Certificate,
    catalogues: CatalogueRegistry,
    *,
    base_url: str,
    today: date,
) -> CertificateSheet:
    """The certificate's page as of ``today`` (a revoked or expired one says so)."""
    catalogue = _catalogue(
        uow, catalogues, certificate.application_id, certificate.accreditation_type
    )
    previous = (
        uow.repository(certificates).find(certificate.previous_certificate_id)
        if certificate.previous_certificate_id
        else None
    )
    if certificate.holder_snils is not None:
        holder_label, holder_id = "СНИЛС", mask_snils(certificate.holder_snils)
    else:
        holder_label, holder_id = "ОГРН", str(certificate.holder_ogrn)
    return CertificateSheet(
        number=certificate.number,
        holder_name=certificate.holder_name,
        holder_id_label=holder_label,
        holder_id=holder_id,
        accreditation_type=certificate.accreditation_type,
        accreditation_title=certificate.accreditation_title,
        specialty=certificate.specialty,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        issuer_name=certificate.issuer_name,
        legal_basis=_legal_basis(catalogue),
        status=certificate.status_on(today),
        check_url=check_url(base_url, certificate.number, signature_proof(certificate.seal)),
        record_digest=record_digest(CERTIFICATE_KIND, certificate.payload(), certificate.seal),
        previous_number=None if previous is None else previous.number,
    )


def act_sheet(
    uow: UnitOfWork,
    certificates: Collection[Certificate],
    act: Act,
    catalogues: CatalogueRegistry,
    *,
    issuer_name: str,
    applicant_name: str | None,
) -> ActSheet:
    """The act's page: the decision, its reasons and participants, the legal basis.

    Raises:
        NotFound: the act's application is gone.
    """
    application = uow.repository(APPLICATIONS).find(act.application_id)
    if application is None:
        raise NotFound(
            f"application {act.application_id} of act {act.id} not found",
            message_ru="Заявление, к которому относится акт, не найдено.",
            code="act.application_missing",
        )
    kind = catalogues.type(application.catalogue, application.type_code)
    certificate = (
        uow.repository(certificates).find(act.certificate_id) if act.certificate_id else None
    )
    roles = {str(role): role.label_ru for role in Role}
    return ActSheet(
        act_id=act.id,
        decision=act.decision,
        application_number=short_number(application),
        applicant_name=applicant_name or application.applicant_id,
        accreditation_title=kind.title_ru,
        reasons=act.reasons,
        participants=tuple((roles.get(p.role, p.role), p.actor_id) for p in act.participants),
        decided_at=act.decided_at,
        issuer_name=issuer_name,
        legal_basis=_legal_basis(catalogues.get(application.catalogue)),
        record_digest=record_digest(ACT_KIND, act.payload(), act.seal),
        deadline=act.deadline,
        certificate_number=None if certificate is None else certificate.number,
    )
