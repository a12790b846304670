"""What follows a move of an application, inside the move's own unit of work.

``builtin_consequences`` is the shipped handler table (``services/applications/consequences.py``):
``LicenceGate`` checks an organisation's licence, ``DecisionRecorder`` issues the
certificate on approval and signs the act of every decision, ``StatusNotifier`` queues
the applicant's notification (transactional outbox). If any handler fails, the move
rolls back with everything staged (docs/architecture.md, "What a move causes").
The services a handler stages into load at its first call, so a command that moves
nothing does not import them (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.catalogue import CatalogueRegistry
from accredkit.domain.applications.eligibility import ApplicantKind
from accredkit.domain.applications.events import (
    ApplicationApproved,
    ApplicationEvent,
    ApplicationRejected,
    ApplicationSubmitted,
    InformationRequested,
)
from accredkit.domain.applications.lifecycle import Trigger
from accredkit.domain.certificates.certificate import Certificate, CertificateIssued
from accredkit.domain.events import DomainEvent
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.masks import mask_name
from accredkit.domain.moscow import MOSCOW, moscow_date
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.signer import Signer
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts.organisation_licences import LicenceGate
from accredkit.services.applications.consequences import Consequence, Consequences
from accredkit.services.correspondence.reminders import Contact
from accredkit.services.numbering import short_number

__all__ = [
    "DecisionRecorder",
    "Holder",
    "HolderLookup",
    "StatusNotifier",
    "builtin_consequences",
    "short_number",
]


@attrs.frozen
class Holder:
    """The applicant as a certificate and a notification need them."""

    name: str = attrs.field(repr=mask_name)
    snils: Snils | None
    contact: Contact


HolderLookup = Callable[[UnitOfWork, str], Holder | None]
"""Finds an applicant (by account id) inside the caller's unit of work."""


@attrs.define
class StatusNotifier:
    """Queues the applicant's status notification with every move."""

    holders: HolderLookup

    def __call__(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Queue the status message (and the request's text and deadline when asked)."""
        from accredkit.domain.correspondence.templates import status_template
        from accredkit.services.correspondence.notifications import (
            queue,  # at the first move (docs/benchmarks.md)
        )

        holder = self.holders(uow, application.applicant_id)
        if holder is None or not holder.contact.addresses():
            return
        step = len(application.history)
        number = short_number(application)
        if isinstance(event, InformationRequested) and event.deadline is not None:
            deadline = event.deadline.astimezone(MOSCOW).strftime("%d.%m.%Y")
            queue(
                uow,
                to=holder.contact,
                template="application.info_requested",
                params={"application": number, "deadline": deadline},
                now=event.at,
                dedup_key=f"application-info:{application.id}:{step}",
            )
            return
        queue(
            uow,
            to=holder.contact,
            template=status_template(str(application.status)),
            params={"application": number},
            now=event.at,
            dedup_key=f"application-status:{application.id}:{step}",
        )


@attrs.define
class DecisionRecorder:
    """Issues the certificate on approval and signs the act of each decision."""

    signer: Signer
    ids: RandomSource
    catalogues: CatalogueRegistry
    holders: HolderLookup
    issuer_name: str = "Аккредитационная комиссия"
    registry: Registry | None = None

    def approved(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> tuple[DomainEvent, ...]:
        """Issue the certificate and sign the act of the approval.

        Returns:
            The certificate's issue (the move's journal entry names it).
        """
        certificate = self._certify(uow, application, event)
        self._act(
            uow,
            application,
            event,
            decision="approved",
            reasons=[event.reason] if event.reason else [],
            certificate_id=certificate.id,
        )
        return (CertificateIssued(certificate.id, certificate.number, application.id, event.at),)

    def rejected(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Sign the act of the refusal, with its reason."""
        self._act(uow, application, event, decision="rejected", reasons=[event.reason or ""])

    def info_requested(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> None:
        """Sign the act of a request for information that has a deadline."""
        if not isinstance(event, InformationRequested) or event.deadline is None:
            return
        self._act(
            uow,
            application,
            event,
            decision="info_request",
            reasons=[event.question],
            deadline=moscow_date(event.deadline),
        )

    def _act(
        self,
        uow: UnitOfWork,
        application: Application,
        event: ApplicationEvent,
        *,
        decision: str,
        reasons: list[str],
        certificate_id: str | None = None,
        deadline: date | None = None,
    ) -> None:
        from accredkit.domain.certificates.acts import Participant
        from accredkit.services.certificates.acts import record_act  # at the first decision

        participants = tuple(
            Participant(entry.actor, str(entry.role))
            for entry in application.history
            if entry.trigger in (Trigger.SEND_FOR_APPROVAL, Trigger.APPROVE, Trigger.REJECT)
            or entry is event.entry
        )
        record_act(
            uow,
            self.signer,
            self.ids,
            application_id=application.id,
            decision=decision,
            reasons=reasons,
            participants=participants,
            decided_at=event.at,
            certificate_id=certificate_id,
            deadline=deadline,
        )

    def _certify(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> Certificate:
        from accredkit.services.certificates.certificates import (  # at the first approval
            CERTIFICATES,
            issue,
        )

        holder = self.holders(uow, application.applicant_id)
        kind = self.catalogues.type(application.catalogue, application.type_code)
        previous_id = None
        if application.previous_certificate:
            found = uow.repository(CERTIFICATES).query(
                {"number": application.previous_certificate}, limit=1
            )
            previous_id = found[0].id if found else None
        ogrn = Ogrn.parse(application.organisation_ogrn) if application.organisation_ogrn else None
        institutional = kind.applicant_kind is ApplicantKind.ORGANISATION and ogrn is not None
        holder_name = holder.name if holder else application.applicant_id
        if institutional and ogrn is not None and self.registry is not None:
            # The organisation's certificate bears its name as the register has it
            # (docs/organisations.md); ``LicenceGate`` refused an unknown one already.
            record = self.registry.organisation(ogrn)
            holder_name = record.name if record is not None else holder_name
        issued_on = moscow_date(event.at)
        if application.term_months is None:  # stored before applications kept their term
            application = attrs.evolve(application, term_months=kind.term_months())
        return issue(
            uow,
            self.signer,
            self.ids,
            holder_name=holder_name,
            accreditation_type=kind.code,
            accreditation_title=kind.title_ru,
            issued_on=issued_on,
            valid_until=application.valid_until(issued_on),
            issuer_name=self.issuer_name,
            application_id=application.id,
            holder_snils=None if institutional or holder is None else holder.snils,
            holder_ogrn=ogrn if institutional else None,
            holder_account_id=application.applicant_id,
            specialty=application.specialty,
            previous_certificate_id=previous_id,
            at=event.at,
        )


def builtin_consequences(
    licences: LicenceGate, decisions: DecisionRecorder, notices: StatusNotifier
) -> Consequences:
    """The shipped handler table: what each event of a move causes, in order.

    A row answers its event class and every subclass (``ApplicationEvent``: every move).
    Plugins' rows follow these (``accredkit_register_consequences``).
    """
    # fmt: off
    return Consequences((
        #           event                  handler                    why first / last
        Consequence(ApplicationSubmitted,  licences),                 # refuses before any record
        Consequence(ApplicationApproved,   licences),
        Consequence(ApplicationApproved,   decisions.approved),       # certificate, then its act
        Consequence(ApplicationRejected,   decisions.rejected),
        Consequence(InformationRequested,  decisions.info_requested),
        Consequence(ApplicationEvent,      notices),                  # the applicant's notice
    ))
    # fmt: on
