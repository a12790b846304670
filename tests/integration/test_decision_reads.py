"""A decision reads the applicant's account once: certificate and notice share it.

See docs/architecture.md, "What a move causes".

The storage is the real in-memory engine; only its row loads are counted, by wrapping the
engine's own ``load``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.ports.storage import Collection
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import complete_application, signed_in, staff_member


@pytest.fixture
def harness() -> Iterator[AccountsHarness]:
    h = AccountsHarness()
    yield h
    h.close()


def _counting_loads(h: AccountsHarness) -> Counter[tuple[str, str]]:
    engine: Any = h.cabinet.storage.inner._engine  # type: ignore[attr-defined]
    original: Callable[[Collection[Any], str], object] = engine.load
    loads: Counter[tuple[str, str]] = Counter()

    def load(collection: Collection[Any], id: str) -> object:
        loads[(collection.name, id)] += 1
        return original(collection, id)

    engine.load = load
    return loads


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_decision_reads_the_applicants_account_once(
    harness: AccountsHarness, decision: str
) -> None:
    person = signed_in(harness)
    app = complete_application(harness, person.actor)
    harness.cabinet.applications.submit(person.actor, app.id)
    reviewer = staff_member(harness, Role.REVIEWER, n=70).actor
    harness.cabinet.reviews.take(reviewer, app.id)
    harness.cabinet.reviews.send_for_approval(reviewer, app.id)
    approver = staff_member(harness, Role.APPROVER, n=71).actor
    loads = _counting_loads(harness)
    if decision == "approve":
        decided = harness.cabinet.reviews.approve(approver, app.id)
    else:
        decided = harness.cabinet.reviews.reject(approver, app.id, "Не хватает стажа")
    assert decided.status in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
    accounts = {key: n for key, n in loads.items() if key[0] == "accounts"}
    assert accounts, "the decision read no account at all"
    assert max(accounts.values()) == 1, accounts
