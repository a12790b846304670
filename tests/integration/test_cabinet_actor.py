"""``Cabinet.actor``: from a session token to the ``Actor`` the use cases take."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.errors import AuthenticationFailed, ValidationError
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import staff_member

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def harness() -> Iterator[AccountsHarness]:
    h = AccountsHarness(at=START)
    yield h
    h.close()


def _signed_in(h: AccountsHarness) -> tuple[str, str]:
    form = default_form()
    registered = h.register(form)
    h.verify(registered)
    step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
    assert step.stage is LoginStage.DONE
    assert step.token is not None
    return registered.account_id, step.token


def test_actor_is_the_applicant_behind_the_token(harness: AccountsHarness) -> None:
    account_id, token = _signed_in(harness)
    session = harness.cabinet.accounts.authenticate(token)
    assert harness.cabinet.actor(token) == Actor(account_id, Role.APPLICANT, session.id)


def test_actor_feeds_the_use_cases(harness: AccountsHarness) -> None:
    account_id, token = _signed_in(harness)
    me = harness.cabinet.actor(token)
    app = harness.cabinet.applications.create(me, "general", ApplicantProfile())
    assert app.applicant_id == account_id
    assert [a.id for a in harness.cabinet.applications.list(me)] == [app.id]


def test_actor_roles_come_from_storage_never_from_the_caller(harness: AccountsHarness) -> None:
    _, token = _signed_in(harness)
    assert harness.cabinet.actor(token).roles == {Role.APPLICANT}
    reviewer = staff_member(harness, Role.REVIEWER, n=5)
    assert reviewer.token is not None
    assert harness.cabinet.actor(reviewer.token).roles == {Role.APPLICANT, Role.REVIEWER}


def test_actor_has_no_organisation_unless_the_host_sets_one(harness: AccountsHarness) -> None:
    _, token = _signed_in(harness)
    assert harness.cabinet.actor(token).organisation_ogrn is None


def test_actor_refuses_an_unknown_token(harness: AccountsHarness) -> None:
    with pytest.raises(AuthenticationFailed) as refused:
        harness.cabinet.actor("not-a-token")
    assert refused.value.code == "session.invalid"


def test_actor_refuses_a_token_after_logout(harness: AccountsHarness) -> None:
    _, token = _signed_in(harness)
    harness.accounts.logout(token)
    with pytest.raises(AuthenticationFailed) as refused:
        harness.cabinet.actor(token)
    assert refused.value.code == "session.invalid"


def test_actor_refuses_an_idle_session(harness: AccountsHarness) -> None:
    _, token = _signed_in(harness)
    harness.clock.advance(timedelta(minutes=16))
    with pytest.raises(AuthenticationFailed) as refused:
        harness.cabinet.actor(token)
    assert refused.value.code == "session.expired"


def test_actor_restarts_the_idle_timer(harness: AccountsHarness) -> None:
    account_id, token = _signed_in(harness)
    for _ in range(3):
        harness.clock.advance(timedelta(minutes=10))
        assert harness.cabinet.actor(token).id == account_id


def _built(cabinet: object, name: str) -> bool:
    try:  # a cabinet's use cases are built on first use (``bootstrap.py``)
        object.__getattribute__(cabinet, name)
    except AttributeError:
        return False
    return True


def test_a_reading_builds_neither_the_accounts_nor_the_consequences(
    harness: AccountsHarness,
) -> None:
    account_id, token = _signed_in(harness)
    fresh = attrs.evolve(harness.cabinet)  # the same storage and adapters, nothing built yet
    me = fresh.actor(token)
    assert me.id == account_id
    assert fresh.applications.list(me) == []
    assert not _built(fresh, "accounts")  # a reading command never loads registration etc.
    assert not _built(fresh, "consequences")  # nor the decisions' handlers
    draft = fresh.applications.create(me, "general", ApplicantProfile())
    assert fresh.applications.withdraw(me, draft.id).status.value == "withdrawn"
    assert _built(fresh, "consequences")  # the first move builds the cabinet's own table


@pytest.mark.parametrize("wrong", [None, 5, "x" * 100_000, "tok\x00en"])
def test_actor_refuses_a_hostile_token_before_reading(
    harness: AccountsHarness, wrong: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        harness.cabinet.actor(wrong)  # type: ignore[arg-type]
    assert any("token" in v.field for v in caught.value.violations)
