"""What follows a move of an application, inside the move's own unit of work.

``StatusNotifier`` queues the applicant's notification (transactional outbox);
``DecisionRecorder`` issues the certificate on approval and signs the act of every
decision. Both are ``ApplicationListener``s: if either fails, the move rolls back.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from accredkit.domain.acts import Participant
from accredkit.domain.application import Application
from accredkit.domain.application_events import ApplicationEvent, InformationRequested
from accredkit.domain.catalogue import CatalogueRegistry
from accredkit.domain.certificates import Certificate, CertificateIssued
from accredkit.domain.eligibility import ApplicantKind
from accredkit.domain.events import DomainEvent
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.lifecycle import Trigger
from accredkit.domain.masks import mask_name
from accredkit.domain.moscow import MOSCOW, moscow_date
from accredkit.domain.notification_templates import status_template
from accredkit.ports.randomness import RandomSource
from accredkit.ports.registry import Registry
from accredkit.ports.signer import Signer
from accredkit.ports.storage import UnitOfWork
from accredkit.services.acts import record_act
from accredkit.services.certificates import CERTIFICATES, issue
from accredkit.services.notifications import queue
from accredkit.services.numbering import short_number
from accredkit.services.reminders import Contact

__all__ = ["DecisionRecorder", "Holder", "HolderLookup", "StatusNotifier", "short_number"]


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

    def __call__(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> tuple[DomainEvent, ...]:
        """Act on approve, reject and information requests; ignore other moves.

        Returns:
            The certificate's issue on approval (the move's journal entry names it).
        """
        participants = tuple(
            Participant(entry.actor, str(entry.role))
            for entry in application.history
            if entry.trigger in (Trigger.SEND_FOR_APPROVAL, Trigger.APPROVE, Trigger.REJECT)
            or entry is event.entry
        )
        if event.trigger is Trigger.APPROVE:
            certificate = self._certify(uow, application, event)
            certificate_id = certificate.id
            record_act(
                uow,
                self.signer,
                self.ids,
                application_id=application.id,
                decision="approved",
                reasons=[event.reason] if event.reason else [],
                participants=participants,
                decided_at=event.at,
                certificate_id=certificate_id,
            )
            return (
                CertificateIssued(certificate_id, certificate.number, application.id, event.at),
            )
        if event.trigger is Trigger.REJECT:
            record_act(
                uow,
                self.signer,
                self.ids,
                application_id=application.id,
                decision="rejected",
                reasons=[event.reason or ""],
                participants=participants,
                decided_at=event.at,
            )
        elif isinstance(event, InformationRequested) and event.deadline is not None:
            record_act(
                uow,
                self.signer,
                self.ids,
                application_id=application.id,
                decision="info_request",
                reasons=[event.question],
                participants=participants,
                decided_at=event.at,
                deadline=moscow_date(event.deadline),
            )
        return ()

    def _certify(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> Certificate:
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
