"""One cabinet shared by eight threads running the story's reads and writes.

A web host serves every request from one ``Cabinet`` (docs/architecture.md,
"Composition"): eight applicants file at once, then eight cases are decided at once by
two reviewers and two approvers, each thread reading as it goes. Two units of work that
touch one record (the certificate counter, the journal's head) meet as a retryable
``Conflict``, which the host retries as docs/architecture.md says; every application ends
approved with its own certificate, and the journal verifies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from accredkit import SYSTEM, ApplicationStatus, Conflict, Role
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    Person,
    complete_application,
    person_form,
    signed_in,
    sqlite_config,
    staff_member,
)

THREADS = 8
T = TypeVar("T")


def _retrying(call: Callable[..., T], *args: object) -> T:
    """``call(*args)``, again after each retryable ``Conflict`` — what a host does."""
    for _ in range(50):
        try:
            return call(*args)
        except Conflict as lost:
            if not lost.retryable:
                raise
    raise AssertionError(f"{call} lost 50 races in a row")


@pytest.fixture
def h(tmp_path: Path) -> Iterator[AccountsHarness]:
    harness = AccountsHarness(sqlite_config(tmp_path))
    yield harness
    harness.close()


def _at_once(work: Callable[[int], None]) -> None:
    """Run ``work(0..7)`` in eight threads released together; re-raise the first failure."""
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        start.wait()
        try:
            work(index)
        except BaseException as failure:  # reported below, with its thread's traceback
            failures.append(failure)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    if failures:
        raise failures[0]


def test_eight_threads_share_one_cabinet_through_the_story(h: AccountsHarness) -> None:
    c = h.cabinet
    applicants = [signed_in(h, person_form(400 + i)) for i in range(THREADS)]
    reviewers = [staff_member(h, Role.REVIEWER, n=420 + i) for i in range(2)]
    approvers = [staff_member(h, Role.APPROVER, n=430 + i) for i in range(2)]
    filed: dict[int, str] = {}

    def file(index: int) -> None:
        me = applicants[index]
        draft = complete_application(h, me.actor, seed=index)
        submitted = _retrying(c.applications.submit, me.actor, draft.id)
        assert submitted.status is ApplicationStatus.SUBMITTED
        assert [a.id for a in c.applications.list(me.actor)] == [draft.id]
        assert c.applications.get(me.actor, draft.id).status is ApplicationStatus.SUBMITTED
        filed[index] = draft.id

    _at_once(file)
    assert len(c.reviews.queue(reviewers[0].actor, None, limit=100, offset=0)) == THREADS

    def decide(index: int) -> None:
        reviewer, approver = reviewers[index % 2], approvers[index % 2]
        app_id = filed[index]
        _retrying(c.reviews.take, reviewer.actor, app_id)
        _retrying(c.reviews.send_for_approval, reviewer.actor, app_id)
        approved = _retrying(c.reviews.approve, approver.actor, app_id)
        assert approved.status is ApplicationStatus.APPROVED
        owner: Person = applicants[index]
        assert c.applications.get(owner.actor, app_id).status is ApplicationStatus.APPROVED
        assert len(c.certificates.of_holder(owner.actor, owner.account_id)) == 1

    _at_once(decide)
    numbers = {c.certificates.of_holder(p.actor, p.account_id)[0].number for p in applicants}
    assert len(numbers) == THREADS
    report = c.journal.verify(SYSTEM)
    assert report.ok, report.message("en")
