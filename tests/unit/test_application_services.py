"""Applications and reviews as use cases: permissions, atomicity, journal, four eyes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.inspection import ContentInspector
from accredkit.adapters.memory_blobs import MemoryBlobStore
from accredkit.adapters.memory_storage import MemoryStorage
from accredkit.adapters.randomness import SeededRandom
from accredkit.domain.actors import Actor
from accredkit.domain.catalogues_data import default_registry
from accredkit.domain.eligibility import ApplicantProfile
from accredkit.domain.lifecycle import ApplicationStatus, Role
from accredkit.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationError
from accredkit.ports.storage import UnitOfWork
from accredkit.services.applications import ApplicationService
from accredkit.services.collections import APPLICATIONS
from accredkit.services.reviews import ReviewService
from accredkit.testing import documents as files

ALICE = Actor("alice", Role.APPLICANT)
MALLORY = Actor("mallory", Role.APPLICANT)
REVIEWER = Actor("rita", Role.REVIEWER)
APPROVER = Actor("arkady", Role.APPROVER)
PROFILE = ApplicantProfile(specialty="therapy", experience_years=5, training_hours=200)


class World:
    def __init__(self) -> None:
        self.storage = MemoryStorage()
        self.clock = FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        self.unmet: dict[str, frozenset[str]] = {}

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
        )
        self.reviews = ReviewService(
            storage=self.storage,
            clock=self.clock,
            deadline_after=lambda start, days: start + timedelta(days=days),
        )

    def journal_actions(self) -> list[str]:
        import json

        with self.storage.unit_of_work() as uow:
            return [json.loads(data)["action"] for _, data in uow.journal.read()]

    def ready_application(self) -> str:
        app = self.apps.create(ALICE, "general", PROFILE)
        for kind in app.required_documents:
            self.apps.attach(ALICE, app.id, files.text_pdf(seed=len(kind)), f"{kind}.pdf", kind)
        return app.id


@pytest.fixture
def world() -> Iterator[World]:
    yield World()


def test_full_path_to_approval_is_journaled(world: World) -> None:
    app_id = world.ready_application()
    world.apps.submit(ALICE, app_id)
    world.reviews.take(REVIEWER, app_id)
    world.reviews.send_for_approval(REVIEWER, app_id)
    approved = world.reviews.approve(APPROVER, app_id)
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
    app = world.apps.create(ALICE, "general", PROFILE)
    before = world.journal_actions()
    with pytest.raises(ValidationError) as info:
        world.apps.attach(ALICE, app.id, files.scan(fmt="PNG"), "passport.pdf", "passport")
    assert "document.type_mismatch" in {v.code for v in info.value.violations}
    assert world.apps.get(ALICE, app.id).documents == ()
    assert world.journal_actions() == before


def test_another_applicant_cannot_see_or_touch_the_application(world: World) -> None:
    app_id = world.ready_application()
    with pytest.raises(NotFound):
        world.apps.get(MALLORY, app_id)
    with pytest.raises(NotFound):
        world.apps.submit(MALLORY, app_id)
    with pytest.raises(NotFound):
        world.apps.attach(MALLORY, app_id, files.text_pdf(), "x.pdf", "other")
    assert world.apps.get(ALICE, app_id).status is ApplicationStatus.DRAFT
    assert world.apps.list(MALLORY) == []


def test_submit_refused_for_an_unverified_account_and_nothing_changes(world: World) -> None:
    app_id = world.ready_application()
    world.unmet["alice"] = frozenset({"account.verified"})
    before = world.journal_actions()
    with pytest.raises(ValidationError) as info:
        world.apps.submit(ALICE, app_id)
    assert info.value.code == "application.access_requirements_unmet"
    assert world.apps.get(ALICE, app_id).status is ApplicationStatus.DRAFT
    assert world.journal_actions() == before


def test_reviewer_who_prepared_cannot_approve(world: World) -> None:
    app_id = world.ready_application()
    world.apps.submit(ALICE, app_id)
    world.reviews.take(REVIEWER, app_id)
    world.reviews.send_for_approval(REVIEWER, app_id)
    same_person_as_approver = Actor("rita", Role.APPROVER)
    with pytest.raises(ValidationError) as info:
        world.reviews.approve(same_person_as_approver, app_id)
    assert info.value.code == "application.four_eyes"
    with world.storage.unit_of_work() as uow:
        assert uow.repository(APPLICATIONS).get(app_id).status is ApplicationStatus.UNDER_REVIEW


def test_applicants_cannot_use_the_review_desk(world: World) -> None:
    app_id = world.ready_application()
    with pytest.raises(PermissionDenied):
        world.reviews.queue(ALICE)
    with pytest.raises(PermissionDenied):
        world.reviews.take(ALICE, app_id)


def test_staff_cannot_act_as_applicants(world: World) -> None:
    with pytest.raises(PermissionDenied):
        world.apps.create(REVIEWER, "general", PROFILE)


def test_queue_lists_oldest_submission_first(world: World) -> None:
    ids = []
    for _ in range(3):
        app_id = world.ready_application()
        world.apps.submit(ALICE, app_id)
        ids.append(app_id)
        world.clock.advance(timedelta(hours=1))
    queue = world.reviews.queue(REVIEWER)
    assert [item.application.id for item in queue] == ids
    assert queue[0].waiting == timedelta(hours=3)
    assert [i.application.id for i in world.reviews.queue(REVIEWER, limit=1, offset=1)] == ids[1:2]


def test_information_request_then_answer_then_deadline_expiry(world: World) -> None:
    first, second = world.ready_application(), world.ready_application()
    for app_id in (first, second):
        world.apps.submit(ALICE, app_id)
        world.reviews.take(REVIEWER, app_id)
        world.reviews.request_info(REVIEWER, app_id, "Приложите диплом", working_days=5)
    needs = world.apps.get(ALICE, first)
    assert needs.status is ApplicationStatus.NEEDS_INFO
    assert needs.info_request is not None
    assert needs.info_request.deadline == world.clock.now() + timedelta(days=5)
    world.apps.answer(ALICE, first, "Диплом приложен")
    assert world.apps.get(ALICE, first).status is ApplicationStatus.PROCESSING
    assert world.reviews.expire_overdue() == []  # the deadline has not passed yet
    world.clock.advance(timedelta(days=6))
    expired = world.reviews.expire_overdue()
    assert [a.id for a in expired] == [second]
    assert world.apps.get(ALICE, second).status is ApplicationStatus.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        world.apps.answer(ALICE, second, "late")


def test_wrong_type_choice_gets_advice(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        world.apps.create(ALICE, "specialized", ApplicantProfile(specialty="therapy"))
    codes = {v.code for v in info.value.violations}
    assert "catalogue.type_suggested" in codes


def test_listener_failure_rolls_back_the_move(world: World) -> None:
    app_id = world.ready_application()

    def broken(uow: UnitOfWork, application: object, event: object) -> None:
        raise RuntimeError("notification template missing")

    world.apps.listeners.append(broken)
    before = world.journal_actions()
    with pytest.raises(RuntimeError):
        world.apps.submit(ALICE, app_id)
    assert world.apps.get(ALICE, app_id).status is ApplicationStatus.DRAFT
    assert world.journal_actions() == before
