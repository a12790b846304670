"""A certificate runs for the term of the application that earned it (docs/certificates.md).

The application keeps the terms it was opened under; approval issues a certificate whose
``valid_until`` comes from them, for every type of every shipped catalogue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.domain.applications.application import NO_INPUT, Application, TransitionInput
from accredkit.domain.applications.catalogue import AccreditationType, Catalogue
from accredkit.domain.applications.catalogues_data import default_registry
from accredkit.domain.applications.eligibility import ApplicantKind, ApplicantProfile
from accredkit.domain.applications.events import ApplicationApproved
from accredkit.domain.applications.lifecycle import Role, Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.domain.contacts import Email
from accredkit.domain.identifiers import Snils
from accredkit.ports.storage import UnitOfWork
from accredkit.services.applications.applications import ApplicationService
from accredkit.services.applications.consequences import Consequences
from accredkit.services.applications.decisions import DecisionRecorder, Holder
from accredkit.services.applications.moves import move
from accredkit.services.applications.reviews import ReviewService
from accredkit.services.authority import Authority
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.correspondence.reminders import Contact
from accredkit.services.schema import APPLICATIONS
from accredkit.testing import documents as files
from accredkit.testing.lifecycle_strategies import complete_draft
from tests.support.seats import LONG_SESSIONS, seat_all, seated

SIGNER = KeySigner.generate()
REGISTRY = default_registry()
ALICE = seated("alice")
REVIEWER = seated("rita", Role.REVIEWER)
APPROVER = seated("arkady", Role.APPROVER)
EVERY_TYPE = [(catalogue, kind) for catalogue in REGISTRY for kind in catalogue.types]


def _holder(uow: UnitOfWork, account_id: str) -> Holder:
    return Holder(
        "Иванова Анна Сергеевна",
        Snils.parse("112-233-445 95"),
        Contact(email=Email.parse("anna@example.org")),
    )


def _recorder() -> Consequences:
    """The approval's certificate and act, as the shipped table carries them out."""
    recorder = DecisionRecorder(SIGNER, SeededRandom(5), REGISTRY, _holder)
    return (
        Consequences()
        .adding(ApplicationApproved, "certificate", recorder.certify)
        .adding(ApplicationApproved, "act", recorder.sign)
    )


def _approve(application: Application, at: datetime) -> date:
    """Move ``application`` from draft to approved; the certificate's ``valid_until``."""
    storage = MemoryStorage()
    with storage.unit_of_work() as uow:
        current = uow.repository(APPLICATIONS).add(application)
        steps: list[tuple[Trigger, Actor, TransitionInput]] = [
            (Trigger.SUBMIT, ALICE, TransitionInput(unmet_requirements=frozenset())),
            (Trigger.ACCEPT, REVIEWER, NO_INPUT),
            (Trigger.SEND_FOR_APPROVAL, REVIEWER, NO_INPUT),
            (Trigger.APPROVE, APPROVER, NO_INPUT),
        ]
        for trigger, actor, given_input in steps:
            current, _ = move(
                uow,
                current,
                trigger,
                actor=actor,
                at=at,
                consequences=_recorder(),
                context=given_input,
            )
        (certificate,) = uow.repository(CERTIFICATES).query({"application_id": application.id})
        uow.commit()
    assert certificate.issued_on == at.date()
    return certificate.valid_until


@given(
    chosen=st.sampled_from(EVERY_TYPE),
    day=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    requested=st.none() | st.integers(1, 36),
)
def test_approval_yields_exactly_the_validity_of_the_type(
    chosen: tuple[Catalogue, AccreditationType], day: date, requested: int | None
) -> None:
    catalogue, kind = chosen
    at = datetime.combine(day, time(9), tzinfo=UTC)
    draft = Application.create(
        id="app-1",
        applicant_id="alice",
        catalogue=catalogue.name,
        accreditation_type=kind,
        at=at,
        requested_term_months=requested,
        organisation_ogrn="1027700132195"
        if kind.applicant_kind is ApplicantKind.ORGANISATION
        else None,
    )
    for document in complete_draft(kind, at=at).documents:
        draft = draft.attach_document(document)
    assert _approve(draft, at) == kind.valid_until(day, term_months=requested)


def test_a_six_month_temporary_accreditation_gets_a_six_month_certificate() -> None:
    storage = MemoryStorage()
    clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    consequences = _recorder()
    seat_all(storage, ALICE, REVIEWER, APPROVER, at=clock.now())
    authority = Authority(clock, LONG_SESSIONS)
    apps = ApplicationService(
        storage=storage,
        catalogues=REGISTRY,
        inspector=ContentInspector(),
        blobs=MemoryBlobStore(),
        clock=clock,
        random=SeededRandom(1),
        requirements=lambda uow, account_id: frozenset(),
        authority=authority,
        consequences=consequences,
    )
    reviews = ReviewService(
        storage=storage,
        clock=clock,
        deadline_after=lambda start, days: start + timedelta(days=days),
        authority=authority,
        consequences=consequences,
    )
    profile = ApplicantProfile(
        specialty="Терапия", requested_term_months=6, documents=frozenset({"employer_request"})
    )
    app = apps.create(ALICE, "temporary", profile)
    for index, kind in enumerate(app.required_documents):
        apps.attach(ALICE, app.id, files.text_pdf(seed=index), f"{kind}.pdf", kind)
    apps.submit(ALICE, app.id)
    reviews.take(REVIEWER, app.id)
    reviews.send_for_approval(REVIEWER, app.id)
    reviews.approve(APPROVER, app.id)
    with storage.unit_of_work() as uow:
        (certificate,) = uow.repository(CERTIFICATES).query({"application_id": app.id})
    assert (certificate.issued_on, certificate.valid_until) == (date(2026, 3, 2), date(2026, 9, 1))
