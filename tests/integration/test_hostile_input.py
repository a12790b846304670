"""Hostile input through the public API (docs/security.md).

Every public method of every service is called with values drawn from wrong-type and
hostile-text strategies (``tests.support.hostile``); only ``AccredkitError``s may
come out, and after each refusal the storage, journal, blobs and outbox are as they
were — except that a wrong password or code is counted towards the lockout, by design
(``AuthenticationFailed``, ``RateLimited``). The named cases are ones that were once
stored as given or escaped raw.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accredkit
from accredkit.domain.applications.eligibility import ApplicantProfile
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.contacts import Email
from accredkit.errors import (
    AccredkitError,
    AuthenticationFailed,
    InvalidIdentifier,
    RateLimited,
    ValidationError,
)
from accredkit.services.accounts.accounts import Accounts
from accredkit.services.accounts.organisations import OrganisationService
from accredkit.services.accounts.staff import StaffService
from accredkit.services.applications.applications import ApplicationService
from accredkit.services.applications.history import HistoryService
from accredkit.services.applications.reviews import ReviewService
from accredkit.services.certificates.acts import ActService
from accredkit.services.certificates.certificates import CertificateService
from accredkit.services.correspondence.messages import MessageService
from accredkit.services.correspondence.notifications import NotificationService
from accredkit.services.correspondence.support import SupportService
from accredkit.services.journal.journal import JournalService
from accredkit.services.reports.reports import ReportService
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import (
    Person,
    administrator,
    complete_application,
    signed_in,
    staff_member,
)
from tests.support.hostile import cabinet_state, deep_json, hostile_values

SERVICES = (
    "applications",
    "reviews",
    "messages",
    "support",
    "certificates",
    "acts",
    "notifications",
    "history",
    "reports",
    "journal",
    "staff",
    "organisations",
)


class World:
    """One cabinet in memory with a signed-in applicant, a draft application and staff."""

    def __init__(self) -> None:
        passkeys = {"rp_id": "cabinet.example.ru"}  # the passkey steps run their checks too
        self.h = AccountsHarness({"settings": {"passkeys": passkeys}})
        self.person: Person = signed_in(self.h)
        self.reviewer: Actor = staff_member(self.h, Role.REVIEWER, n=60).actor
        self.operator: Actor = self.h.operator()
        self.administrator: Actor = administrator(self.h).actor
        self.app_id = complete_application(self.h, self.person.actor).id
        self.ticket_id = self.h.cabinet.support.open(
            self.person.actor, "login", "Не входит", "Не могу войти"
        ).id

    def services(self) -> dict[str, object]:
        found: dict[str, object] = {name: getattr(self.h.cabinet, name) for name in SERVICES}
        found["accounts"] = self.h.accounts
        return found

    def state(self) -> Any:
        c = self.h.cabinet
        return cabinet_state(c.storage, c.blobs, self.h.sms, self.h.email)

    def plausible(self, name: str) -> st.SearchStrategy[Any] | None:
        actors = st.sampled_from(
            [self.person.actor, self.reviewer, self.operator, self.administrator, SYSTEM]
        )
        table: dict[str, st.SearchStrategy[Any]] = {
            "actor": actors,
            "application_id": st.just(self.app_id),
            "account_id": st.just(self.person.account_id),
            "author_id": st.just(self.person.account_id),
            "actor_id": st.just(self.person.account_id),
            "token": st.just(self.person.token or ""),
            "id": st.sampled_from([self.app_id, self.ticket_id]),
            "text": st.just("Здравствуйте, вопрос по заявлению"),
            "reason": st.just("Причина"),
            "subject": st.just("Тема"),
        }
        return table.get(name)


def _methods() -> list[tuple[str, str]]:
    classes: dict[str, type] = {
        "accounts": Accounts,
        "applications": ApplicationService,
        "reviews": ReviewService,
        "messages": MessageService,
        "support": SupportService,
        "certificates": CertificateService,
        "acts": ActService,
        "notifications": NotificationService,
        "history": HistoryService,
        "reports": ReportService,
        "journal": JournalService,
        "staff": StaffService,
        "organisations": OrganisationService,
    }
    found = []
    for service, cls in classes.items():
        for method, function in inspect.getmembers(cls, inspect.isfunction):
            params = list(inspect.signature(function).parameters)[1:]
            if method.startswith("_") or not params or "uow" in params:
                continue
            found.append((service, method))
    return sorted(found)


METHODS = _methods()


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    world = World()
    yield world
    world.h.close()


@st.composite
def hostile_calls(draw: st.DrawFn, world: World) -> tuple[str, str, dict[str, Any]]:
    service, method = draw(st.sampled_from(METHODS))
    function: Callable[..., Any] = getattr(world.services()[service], method)
    params = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    bad = draw(st.sampled_from(params)).name
    arguments: dict[str, Any] = {}
    for param in params:
        plausible = world.plausible(param.name)
        if param.name != bad and param.default is not param.empty and draw(st.booleans()):
            continue
        if param.name == bad or plausible is None:
            arguments[param.name] = draw(hostile_values())
        else:
            arguments[param.name] = draw(plausible)
    return service, method, arguments


def test_every_public_method_is_driven() -> None:
    assert len(METHODS) > 60
    assert ("applications", "attach") in METHODS
    assert ("accounts", "login") in METHODS


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "300")),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_hostile_calls_are_refused_with_accredkit_errors_and_change_nothing(
    world: World, data: st.DataObject
) -> None:
    service, method, arguments = data.draw(hostile_calls(world))
    before = world.state()
    function = getattr(world.services()[service], method)
    try:
        function(**arguments)
    except (AuthenticationFailed, RateLimited):
        pass  # a wrong password or code is counted (and journaled) by design: lockout
    except AccredkitError:
        assert world.state() == before, f"{service}.{method} changed state while refusing"


# The cases the issue lists -----------------------------------------------------------------
MEGABYTE = "я" * (1024 * 1024)


def _refused(call: Callable[[], object], field: str | None = None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    if field is not None:
        assert any(field in v.field for v in caught.value.violations), caught.value.violations
    return caught.value


def test_a_megabyte_is_stored_nowhere(world: World) -> None:
    apps, actor = world.h.cabinet.applications, world.person.actor
    profile = ApplicantProfile(specialty=MEGABYTE, experience_years=6, training_hours=216)
    _refused(lambda: apps.create(actor, "specialized", profile), "specialty")
    _refused(lambda: world.h.cabinet.support.open(world.person.actor, "login", "Т", MEGABYTE))
    _refused(
        lambda: world.h.accounts.block(world.operator, world.person.account_id, MEGABYTE), "reason"
    )
    reviews = world.h.cabinet.reviews
    _refused(
        lambda: reviews.request_info(world.reviewer, world.app_id, MEGABYTE, working_days=5),
        "question",
    )


@pytest.mark.parametrize("bad", ["Тера\x00пия", "Терапия\u202eяипареТ"])
def test_nul_and_bidi_overrides_are_refused(world: World, bad: str) -> None:
    apps, actor = world.h.cabinet.applications, world.person.actor
    profile = ApplicantProfile(specialty=bad, experience_years=6, training_hours=216)
    _refused(lambda: apps.create(actor, "specialized", profile), "specialty")
    _refused(lambda: apps.withdraw(actor, world.app_id, bad), "reason")
    _refused(lambda: world.h.cabinet.support.open(world.person.actor, "login", "Т", bad))
    assert apps.get(actor, world.app_id).status == "draft"


def test_a_message_of_invisible_characters_only_is_refused(world: World) -> None:
    messages = world.h.cabinet.messages
    _refused(lambda: messages.send(world.person.actor, world.app_id, "\u200b\u200d\ufeff"))


def test_numbers_have_ranges(world: World) -> None:
    apps, actor = world.h.cabinet.applications, world.person.actor
    profile = ApplicantProfile(specialty="Терапия", experience_years=6, training_hours=10**12)
    _refused(lambda: apps.create(actor, "specialized", profile), "training_hours")
    _refused(lambda: world.h.cabinet.reviews.queue(world.reviewer, limit=-1), "limit")


def test_enumerations_and_wrong_types_are_validation_errors_naming_the_field(
    world: World,
) -> None:
    reviews, staff = world.h.cabinet.reviews, world.h.cabinet.staff
    _refused(lambda: reviews.queue(world.reviewer, status="lost"), "status")  # type: ignore[arg-type]
    _refused(lambda: staff.grant(world.administrator, world.person.account_id, "god"), "role")
    naive = datetime(2026, 3, 2, 9, 0)
    _refused(lambda: world.h.cabinet.notifications.dispatch(SYSTEM, naive), "now")
    accounts = world.h.accounts
    wrongs: tuple[Any, ...] = (None, 5, b"112-233-445 95")
    for wrong in wrongs:
        _refused(partial(accounts.login, wrong, "пароль"), "login")
        _refused(partial(accounts.second_factor, wrong, "123456"), "pending_id")
        _refused(partial(accounts.authenticate, wrong), "token")
        _refused(partial(accounts.register, default_form(last_name=wrong)), "last_name")


def test_an_email_domain_mixing_scripts_is_refused() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        Email.parse("ivan@ex\u0430mple.com")  # a Cyrillic «а»
    assert caught.value.code == "email.mixed_script"
    assert str(Email.parse("ivan@почта.рф")) == "ivan@xn--80a1acny.xn--p1ai"


@pytest.mark.parametrize("verify", [accredkit.verify_certificate, accredkit.verify_act])
def test_the_offline_verifiers_bound_what_they_parse(verify: Callable[..., Any]) -> None:
    for hostile in (deep_json(), b'{"a": "' + b"x" * (2 * 1024 * 1024) + b'"}'):
        verdict = verify(hostile, [])
        assert not verdict.ok
        assert verdict.code.endswith(".malformed")
