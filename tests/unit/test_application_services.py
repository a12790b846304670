"""Applications and reviews as use cases: permissions, atomicity, journal, four eyes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.inspection.inspector import ContentInspector
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.memory_blobs import MemoryBlobStore
from accredkit.domain.applications.catalogues_data import default_registry
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM
from accredkit.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationError
from accredkit.ports.storage import UnitOfWork
from accredkit.services.applications.applications import ApplicationService
from accredkit.services.applications.reviews import ReviewService
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS
from accredkit.testing import documents as files
from tests.support.seats import LONG_SESSIONS, grant, seat, sign_in

PROFILE = ApplicantProfile(specialty="therapy", experience_years=5, training_hours=200)


class World:
    def __init__(self) -> None:
        self.storage = MemoryStorage()
        self.clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        self.unmet: dict[str, frozenset[str]] = {}
        self.authority = Authority(self.clock, LONG_SESSIONS)
        now = self.clock.now()
        self.alice = seat(self.storage, "alice", at=now)
        self.mallory = seat(self.storage, "mallory", at=now)
        self.reviewer = seat(self.storage, "rita", Role.REVIEWER, at=now)
        self.approver = seat(self.storage, "arkady", Role.APPROVER, at=now)

        def requirements(uow: UnitOfWork, account_id: str) -> frozenset[str]:
            return self.unmet.get(account_id, frozenset())

        self.apps = ApplicationService(
            storage=self.storage,
            catalogues=default_registry(),
            inspector=ContentInspector(),
            blobs=MemoryBlobStore(),
            clock=self.clock,
            random=SeededRandom(1),
            requirements=requirements,
            authority=self.authority,
        )
        self.reviews = ReviewService(
            storage=self.storage,
            clock=self.clock,
            deadline_after=lambda start, days: start + timedelta(days=days),
            authority=self.authority,
        )

    def sign_in_again(self) -> None:
        """Fresh sessions for everyone, after the clock moved past the idle limit."""
        now = self.clock.now()
        self.alice = sign_in(self.storage, self.alice, at=now)
        self.reviewer = sign_in(self.storage, self.reviewer, at=now)

    def journal_actions(self) -> list[str]:
        import json

        with self.storage.unit_of_work() as uow:
            return [json.loads(data)["action"] for _, data in uow.journal.read()]

    def ready_application(self) -> str:
        app = self.apps.create(self.alice, "general", PROFILE)
        for kind in app.required_documents:
            self.apps.attach(
                self.alice, app.id, files.text_pdf(seed=len(kind)), f"{kind}.pdf", kind
            )
        return app.id


@pytest.fixture
def world() -> Iterator[World]:
    yield World()


def test_full_path_to_approval_is_journaled(world: World) -> None:
    app_id = world.ready_application()
    world.apps.submit(world.alice, app_id)
    world.reviews.take(world.reviewer, app_id)
    world.reviews.send_for_approval(world.reviewer, app_id)
    approved = world.reviews.approve(world.approver, app_id)
    assert approved.status is ApplicationStatus.APPROVED
    actions = world.journal_actions()
    assert actions[0] == "application.created"
    assert actions.count("application.document_attached") == 3
    assert actions[-4:] == [
        "application.submit",
        "application.accept",
        "application.send_for_approval",
        "application.approve",
    ]


def test_a_bad_file_is_refused_and_nothing_is_stored(world: World) -> None:
    app = world.apps.create(world.alice, "general", PROFILE)
    before = world.journal_actions()
    with pytest.raises(ValidationError) as info:
        world.apps.attach(world.alice, app.id, files.scan(fmt="PNG"), "passport.pdf", "passport")
    assert "document.type_mismatch" in {v.code for v in info.value.violations}
    assert world.apps.get(world.alice, app.id).documents == ()
    assert world.journal_actions() == before


def test_another_applicant_cannot_see_or_touch_the_application(world: World) -> None:
    app_id = world.ready_application()
    with pytest.raises(NotFound):
        world.apps.get(world.mallory, app_id)
    with pytest.raises(NotFound):
        world.apps.submit(world.mallory, app_id)
    with pytest.raises(NotFound):
        world.apps.attach(world.mallory, app_id, files.text_pdf(), "x.pdf", "other")
    assert world.apps.get(world.alice, app_id).status is ApplicationStatus.DRAFT
    assert world.apps.list(world.mallory) == []


def test_submit_refused_for_an_unverified_account_and_nothing_changes(world: World) -> None:
    app_id = world.ready_application()
    world.unmet["alice"] = frozenset({"account.verified"})
    before = world.journal_actions()
    with pytest.raises(ValidationError) as info:
        world.apps.submit(world.alice, app_id)
    assert info.value.code == "application.access_requirements_unmet"
    assert world.apps.get(world.alice, app_id).status is ApplicationStatus.DRAFT
    assert world.journal_actions() == before


def test_reviewer_who_prepared_cannot_approve(world: World) -> None:
    app_id = world.ready_application()
    world.apps.submit(world.alice, app_id)
    world.reviews.take(world.reviewer, app_id)
    world.reviews.send_for_approval(world.reviewer, app_id)
    same_person_as_approver = grant(
        world.storage, world.reviewer, Role.APPROVER, at=world.clock.now()
    )
    with pytest.raises(ValidationError) as info:
        world.reviews.approve(same_person_as_approver, app_id)
    assert info.value.code == "application.four_eyes"
    with world.storage.unit_of_work() as uow:
        assert uow.repository(APPLICATIONS).get(app_id).status is ApplicationStatus.UNDER_REVIEW


def test_applicants_cannot_use_the_review_desk(world: World) -> None:
    app_id = world.ready_application()
    with pytest.raises(PermissionDenied):
        world.reviews.queue(world.alice)
    with pytest.raises(PermissionDenied):
        world.reviews.take(world.alice, app_id)


def test_staff_apply_as_applicants_but_never_handle_their_own(world: World) -> None:
    own = world.apps.create(world.reviewer, "general", PROFILE)
    for kind in own.required_documents:
        world.apps.attach(world.reviewer, own.id, files.text_pdf(seed=len(kind)), "x.pdf", kind)
    world.apps.submit(world.reviewer, own.id)
    before = world.journal_actions()
    with pytest.raises(PermissionDenied) as refused:
        world.reviews.take(world.reviewer, own.id)
    assert refused.value.code == "permission.conflict_of_interest"
    assert world.journal_actions() == before


def test_queue_lists_oldest_submission_first(world: World) -> None:
    ids = []
    for _ in range(3):
        app_id = world.ready_application()
        world.apps.submit(world.alice, app_id)
        ids.append(app_id)
        world.clock.advance(timedelta(hours=1))
    queue = world.reviews.queue(world.reviewer)
    assert [item.application.id for item in queue] == ids
    assert queue[0].waiting == timedelta(hours=3)
    assert [
        i.application.id for i in world.reviews.queue(world.reviewer, limit=1, offset=1)
    ] == ids[1:2]


def test_information_request_then_answer_then_deadline_expiry(world: World) -> None:
    first, second = world.ready_application(), world.ready_application()
    for app_id in (first, second):
        world.apps.submit(world.alice, app_id)
        world.reviews.take(world.reviewer, app_id)
        world.reviews.request_info(world.reviewer, app_id, "Приложите диплом", working_days=5)
    needs = world.apps.get(world.alice, first)
    assert needs.status is ApplicationStatus.NEEDS_INFO
    assert needs.info_request is not None
    assert needs.info_request.deadline == world.clock.now() + timedelta(days=5)
    world.apps.answer(world.alice, first, "Диплом приложен")
    assert world.apps.get(world.alice, first).status is ApplicationStatus.PROCESSING
    assert world.reviews.expire_overdue(SYSTEM) == []  # the deadline has not passed yet
    world.clock.advance(timedelta(days=6))
    expired = world.reviews.expire_overdue(SYSTEM)
    world.sign_in_again()
    assert [a.id for a in expired] == [second]
    assert world.apps.get(world.alice, second).status is ApplicationStatus.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        world.apps.answer(world.alice, second, "late")


def test_wrong_type_choice_gets_advice(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        world.apps.create(world.alice, "specialized", ApplicantProfile(specialty="therapy"))
    codes = {v.code for v in info.value.violations}
    assert "catalogue.type_suggested" in codes


def test_listener_failure_rolls_back_the_move(world: World) -> None:
    app_id = world.ready_application()

    def broken(uow: UnitOfWork, application: object, event: object) -> None:
        raise RuntimeError("notification template missing")

    world.apps.consequences = world.apps.consequences.adding(ApplicationEvent, "broken", broken)
    before = world.journal_actions()
    with pytest.raises(RuntimeError):
        world.apps.submit(world.alice, app_id)
    assert world.apps.get(world.alice, app_id).status is ApplicationStatus.DRAFT
    assert world.journal_actions() == before
