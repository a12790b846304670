"""What follows a move of an application, inside the move's own unit of work.

``builtin_consequences`` is the shipped handler table (``services/applications/consequences.py``),
one handler per effect the lifecycle rows name: ``LicenceGate`` checks an organisation's
licence (``licence``), ``DecisionRecorder`` issues the certificate (``certificate``) and
signs the act of the decision the row names (``act``), ``StatusNotifier`` queues the
row's notice to the applicant (``notice``, transactional outbox). If any handler fails,
the move rolls back with everything staged (docs/architecture.md, "What a move causes").
The services a handler stages into load at its first call, so a command that moves
nothing does not import them (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

import weakref
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
from accredkit.domain.applications.lifecycle import Trigger, row_of
from accredkit.domain.certificates.certificate import Certificate, CertificateIssued
from accredkit.domain.correspondence.templates import TEMPLATES
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
    "HolderOnce",
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


class HolderOnce:
    """An applicant read once per unit of work, however many handlers of a move ask.

    The certificate and the notice of one approval both need the applicant; they share
    one of these, so the decision reads the account once. It remembers only the last
    answer, for its own unit of work (held weakly), so it is safe to share between threads.
    """

    __slots__ = ("_last", "_lookup")

    def __init__(self, lookup: HolderLookup) -> None:
        self._lookup = lookup
        self._last: tuple[weakref.ref[UnitOfWork], str, Holder | None] | None = None

    def __call__(self, uow: UnitOfWork, account_id: str) -> Holder | None:
        """The holder of ``account_id`` as ``uow`` sees it, read at most once in ``uow``."""
        last = self._last
        if last is not None and last[0]() is uow and last[1] == account_id:
            return last[2]
        holder = self._lookup(uow, account_id)
        try:
            self._last = (weakref.ref(uow), account_id, holder)
        except TypeError:  # a unit of work that cannot be referenced weakly: no memory
            self._last = None
        return holder


@attrs.define
class StatusNotifier:
    """Queues the applicant's notice of a move, with the template its lifecycle row names."""

    holders: HolderLookup

    def __call__(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Queue the row's notice (with the answer's deadline when the template asks for it)."""
        from accredkit.services.correspondence.queueing import queue

        template = row_of(event).detail("notice")
        holder = self.holders(uow, application.applicant_id)
        if template is None or holder is None or not holder.contact.addresses():
            return
        params = {"application": short_number(application)}
        deadline = application.info_deadline
        if "deadline" in TEMPLATES[template].params and deadline is not None:
            params["deadline"] = deadline.astimezone(MOSCOW).strftime("%d.%m.%Y")
        queue(
            uow,
            to=holder.contact,
            template=template,
            params=params,
            now=event.at,
            dedup_key=f"application-status:{application.id}:{len(application.history)}",
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

    def certify(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> tuple[DomainEvent, ...]:
        """Issue the certificate the approval earns.

        Returns:
            The certificate's issue (the move's event and journal entry name it).
        """
        certificate = self._certify(uow, application, event)
        return (CertificateIssued(certificate.id, certificate.number, application.id, event.at),)

    def sign(self, uow: UnitOfWork, application: Application, event: ApplicationEvent) -> None:
        """Sign the act of the decision the lifecycle row names, with its reasons."""
        decision = row_of(event).detail("act")
        if decision is None:
            return
        reasons, deadline = [event.reason] if event.reason else [], None
        if isinstance(event, InformationRequested):  # the act states what was asked, by when
            if event.deadline is None:
                return
            reasons, deadline = [event.question], moscow_date(event.deadline)
        certificate_id = event.certificate_id if isinstance(event, ApplicationApproved) else None
        self._act(
            uow,
            application,
            event,
            decision=decision,
            reasons=reasons,
            certificate_id=certificate_id,
            deadline=deadline,
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
    """The shipped handler table: who carries out each effect the lifecycle rows name.

    A row answers its event class and every subclass (``ApplicationEvent``: every move);
    the effects of each lifecycle row are exactly those of its event's handlers, in
    order (``Consequences.disagreements``). Plugins' rows follow these
    (``accredkit_register_consequences``).
    """
    # fmt: off
    return Consequences((
        #           event                  effect         handler             why first / last
        Consequence(ApplicationSubmitted,  "licence",     licences),          # refuses first
        Consequence(ApplicationApproved,   "licence",     licences),
        Consequence(ApplicationApproved,   "certificate", decisions.certify), # before its act
        Consequence(ApplicationApproved,   "act",         decisions.sign),
        Consequence(ApplicationRejected,   "act",         decisions.sign),
        Consequence(InformationRequested,  "act",         decisions.sign),
        Consequence(ApplicationEvent,      "notice",      notices),           # the applicant's
    ))
    # fmt: on
