"""Who may do what, method by method (``docs/authority.md``).

Every public method of every service on the cabinet has a row in the permission table
(a new method without one fails ``test_every_public_method_has_a_permission_row``).
Every method called with an actor is then called as an applicant who does not own the
subject, a staff member of a role the row does not admit, a blocked account and an
expired session: each is refused with its error, and storage, blobs, outbox and journal
are as they were.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from accredkit import (
    PERMISSIONS,
    SYSTEM,
    AccountLocked,
    Actor,
    ApplicationStatus,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    Role,
    ValidationError,
)
from accredkit.bootstrap.cabinet import Cabinet
from accredkit.domain.authority.actors import STAFF_ROLES
from accredkit.domain.authority.permissions import Caller, render_permissions_markdown
from accredkit.domain.identifiers import Ogrn
from accredkit.domain.registry import LicenceRecord, OrganisationRecord
from accredkit.ports.storage import Collection
from accredkit.services.applications.consequences import Consequences
from accredkit.services.authority import Authority
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.publishing import PublishingStorage
from accredkit.services.schema import (
    ACCOUNTS,
    ACTS,
    APPLICATIONS,
    CODES,
    MESSAGES,
    ORGANISATIONS,
    OUTBOX,
    REPRESENTATIVES,
    SESSIONS,
    STAFF,
    TICKETS,
)
from accredkit.testing import documents as files
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    Person,
    administrator,
    complete_application,
    person_form,
    signed_in,
    staff_member,
)

ORG = "1027700132195"
OTHER_ORG = "1037739010891"


def service_classes(cabinet: Cabinet) -> dict[str, type]:
    """Every use-case group on a cabinet (as the journal test finds them)."""
    found: dict[str, type] = {}
    for name in dir(Cabinet):
        if name.startswith("_"):
            continue
        value = getattr(cabinet, name)
        not_a_use_case = PublishingStorage | Authority | Consequences
        if inspect.ismethod(value) or isinstance(value, not_a_use_case):
            continue  # helpers; the storage port; the gate itself; the handler table
        if type(value).__module__.startswith("accredkit.services."):
            found[name] = type(value)
    return found


def public_methods(cls: type) -> frozenset[str]:
    """The public methods of ``cls`` (inherited ones included)."""
    return frozenset(
        name
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    )


@attrs.define
class World:
    """A cabinet with an approved case, a thread, a ticket — and four intruders."""

    h: AccountsHarness
    owner: Person
    reviewer: Person
    approver: Person
    operator: Person
    application_id: str
    message_id: str
    certificate_id: str
    certificate_number: str
    act_id: str
    ticket_id: str
    ticket_number: str
    outbox_id: str
    stranger: Person
    blocked: Person
    expired: Person
    staff_by_role: dict[Role, Person]
    fresh_pdf: bytes


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    h = AccountsHarness()
    expired = signed_in(h, person_form(40))
    h.clock.advance(timedelta(minutes=16))  # the first session idles out; later ones live
    owner = signed_in(h, person_form(41))
    stranger = signed_in(h, person_form(42))
    blocked = signed_in(h, person_form(43))
    staff_by_role = {
        role: staff_member(h, role, n=50 + index)
        for index, role in enumerate(sorted(STAFF_ROLES - {Role.ADMINISTRATOR}))
    }
    reviewer = staff_by_role[Role.REVIEWER]
    approver = staff_by_role[Role.APPROVER]
    operator = staff_by_role[Role.OPERATOR]
    c = h.cabinet
    app = complete_application(h, owner.actor, seed=41)
    c.applications.submit(owner.actor, app.id)
    c.reviews.take(reviewer.actor, app.id)
    c.reviews.send_for_approval(reviewer.actor, app.id)
    c.reviews.approve(approver.actor, app.id)
    message = c.messages.send(owner.actor, app.id, "Спасибо")
    [certificate] = c.certificates.of_holder(owner.actor, owner.account_id)
    [act] = c.acts.of_application(owner.actor, app.id)
    ticket = c.support.open(owner.actor, "other", "Вопрос", "Где свидетельство?")
    c.accounts.block(operator.actor, blocked.account_id, "проверка")
    h.registry.add(OrganisationRecord(Ogrn.parse(ORG), "ГБУЗ «Поликлиника № 1»", ("Л041-0001",)))
    h.registry.add(LicenceRecord("Л041-0001", Ogrn.parse(ORG), date(2020, 1, 15)))
    admin = administrator(h)
    c.organisations.register(admin.actor, ORG)
    c.organisations.link_representative(admin.actor, ORG, owner.account_id)
    outbox = c.notifications.outbox(SYSTEM)
    yield World(
        h=h,
        owner=owner,
        reviewer=reviewer,
        approver=approver,
        operator=operator,
        application_id=app.id,
        message_id=message.id,
        certificate_id=certificate.id,
        certificate_number=certificate.number,
        act_id=act.id,
        ticket_id=ticket.id,
        ticket_number=ticket.number,
        outbox_id=outbox[0].id,
        stranger=stranger,
        blocked=blocked,
        expired=expired,
        staff_by_role=staff_by_role,
        fresh_pdf=files.text_pdf(seed=4242),
    )
    h.close()


Call = Callable[[World, Actor], Any]

# How to call each use case that takes an actor, on the owner's subjects.
CALLS: dict[str, Call] = {
    "accounts.get": lambda w, a: w.h.accounts.get(a, w.owner.account_id),
    "accounts.requirements": lambda w, a: w.h.accounts.requirements(a, w.owner.account_id),
    "accounts.record_consent": lambda w, a: w.h.accounts.record_consent(a, w.owner.account_id),
    "accounts.link_registry": lambda w, a: w.h.accounts.link_registry(a, w.owner.account_id),
    "accounts.accept_identity_documents": lambda w, a: w.h.accounts.accept_identity_documents(
        a, w.owner.account_id
    ),
    "accounts.submit_identity_document": lambda w, a: w.h.accounts.submit_identity_document(
        a, w.owner.account_id, "passport", "x.pdf", w.fresh_pdf
    ),
    "accounts.identity_documents": lambda w, a: w.h.accounts.identity_documents(
        a, w.owner.account_id
    ),
    "accounts.identity_document": lambda w, a: w.h.accounts.identity_document(
        a, w.owner.account_id, "0" * 64
    ),
    "accounts.return_identity_documents": lambda w, a: w.h.accounts.return_identity_documents(
        a, w.owner.account_id, "нечитаемо"
    ),
    "accounts.block": lambda w, a: w.h.accounts.block(a, w.owner.account_id, "нет"),
    "accounts.unblock": lambda w, a: w.h.accounts.unblock(a, w.blocked.account_id),
    "accounts.request_subject_report": lambda w, a: w.h.accounts.request_subject_report(a),
    "accounts.withdraw_consent": lambda w, a: w.h.accounts.withdraw_consent(a),
    "accounts.subject_report": lambda w, a: w.h.accounts.subject_report(a, w.owner.account_id),
    "accounts.depersonalise": lambda w, a: w.h.accounts.depersonalise(
        a, w.owner.account_id, "истек срок хранения"
    ),
    "applications.create": lambda w, a: w.h.cabinet.applications.create(
        a, "specialized", complete_profile()
    ),
    "applications.list": lambda w, a: w.h.cabinet.applications.list(a),
    "applications.get": lambda w, a: w.h.cabinet.applications.get(a, w.application_id),
    "applications.document": lambda w, a: w.h.cabinet.applications.document(
        a, w.application_id, "0" * 64
    ),
    "applications.attach": lambda w, a: w.h.cabinet.applications.attach(
        a, w.application_id, w.fresh_pdf, "x.pdf", "other"
    ),
    "applications.detach": lambda w, a: w.h.cabinet.applications.detach(
        a, w.application_id, "0" * 64
    ),
    "applications.submit": lambda w, a: w.h.cabinet.applications.submit(a, w.application_id),
    "applications.answer": lambda w, a: w.h.cabinet.applications.answer(
        a, w.application_id, "Ответ"
    ),
    "applications.withdraw": lambda w, a: w.h.cabinet.applications.withdraw(a, w.application_id),
    "reviews.queue": lambda w, a: w.h.cabinet.reviews.queue(a),
    "reviews.take": lambda w, a: w.h.cabinet.reviews.take(a, w.application_id),
    "reviews.request_info": lambda w, a: w.h.cabinet.reviews.request_info(
        a, w.application_id, "Приложите"
    ),
    "reviews.send_for_approval": lambda w, a: w.h.cabinet.reviews.send_for_approval(
        a, w.application_id
    ),
    "reviews.approve": lambda w, a: w.h.cabinet.reviews.approve(a, w.application_id),
    "reviews.reject": lambda w, a: w.h.cabinet.reviews.reject(a, w.application_id, "Нет"),
    "reviews.expire_overdue": lambda w, a: w.h.cabinet.reviews.expire_overdue(a),
    "acts.show": lambda w, a: w.h.cabinet.acts.show(a, w.act_id),
    "acts.of_application": lambda w, a: w.h.cabinet.acts.of_application(a, w.application_id),
    "acts.export": lambda w, a: w.h.cabinet.acts.export(a, w.act_id),
    "acts.pdf": lambda w, a: w.h.cabinet.acts.pdf(a, w.act_id),
    "certificates.show": lambda w, a: w.h.cabinet.certificates.show(a, w.certificate_id),
    "certificates.by_number": lambda w, a: w.h.cabinet.certificates.by_number(
        a, w.certificate_number
    ),
    "certificates.of_holder": lambda w, a: w.h.cabinet.certificates.of_holder(
        a, w.owner.account_id
    ),
    "certificates.status": lambda w, a: w.h.cabinet.certificates.status(a, w.certificate_id),
    "certificates.export": lambda w, a: w.h.cabinet.certificates.export(a, w.certificate_id),
    "certificates.pdf": lambda w, a: w.h.cabinet.certificates.pdf(a, w.certificate_id),
    "certificates.revoke": lambda w, a: w.h.cabinet.certificates.revoke(
        a, w.certificate_id, "ошибка"
    ),
    "history.history": lambda w, a: w.h.cabinet.history.history(a, w.owner.account_id),
    "history.application": lambda w, a: w.h.cabinet.history.application(a, w.application_id),
    "reports.applicant_report": lambda w, a: w.h.cabinet.reports.applicant_report(
        a, w.h.clock.now() - timedelta(days=1), w.h.clock.now(), w.owner.account_id
    ),
    "reports.body_report": lambda w, a: w.h.cabinet.reports.body_report(
        a, w.h.clock.now() - timedelta(days=1), w.h.clock.now()
    ),
    "messages.send": lambda w, a: w.h.cabinet.messages.send(a, w.application_id, "Привет"),
    "messages.thread": lambda w, a: w.h.cabinet.messages.thread(a, w.application_id),
    "messages.thread_with_application": lambda w, a: w.h.cabinet.messages.thread_with_application(
        a, w.application_id
    ),
    "messages.attachment": lambda w, a: w.h.cabinet.messages.attachment(a, w.message_id, "0" * 64),
    "messages.unread": lambda w, a: w.h.cabinet.messages.unread(a),
    "messages.unread_count": lambda w, a: w.h.cabinet.messages.unread_count(a, w.application_id),
    "notifications.dispatch": lambda w, a: w.h.cabinet.notifications.dispatch(a),
    "notifications.remind": lambda w, a: w.h.cabinet.notifications.remind(a),
    "notifications.outbox": lambda w, a: w.h.cabinet.notifications.outbox(a),
    "notifications.requeue": lambda w, a: w.h.cabinet.notifications.requeue(a, w.outbox_id),
    "support.open": lambda w, a: w.h.cabinet.support.open(a, "other", "Тема", "Текст"),
    "support.show": lambda w, a: w.h.cabinet.support.show(a, w.ticket_id),
    "support.by_number": lambda w, a: w.h.cabinet.support.by_number(a, w.ticket_number),
    "support.list": lambda w, a: w.h.cabinet.support.list(a, account_id=w.owner.account_id),
    "support.overdue": lambda w, a: w.h.cabinet.support.overdue(a),
    "support.answer": lambda w, a: w.h.cabinet.support.answer(a, w.ticket_id, "Ответ"),
    "support.follow_up": lambda w, a: w.h.cabinet.support.follow_up(a, w.ticket_id, "Ещё"),
    "support.close": lambda w, a: w.h.cabinet.support.close(a, w.ticket_id),
    "organisations.register": lambda w, a: w.h.cabinet.organisations.register(a, OTHER_ORG),
    "organisations.show": lambda w, a: w.h.cabinet.organisations.show(a, ORG),
    "organisations.representatives": lambda w, a: w.h.cabinet.organisations.representatives(a, ORG),
    "organisations.link_representative": lambda w, a: w.h.cabinet.organisations.link_representative(
        a, ORG, w.stranger.account_id
    ),
    "organisations.submit_power_of_attorney": lambda w, a: (
        w.h.cabinet.organisations.submit_power_of_attorney(
            a, ORG, b"not a power of attorney", b"", b"", "112-233-445 95"
        )
    ),
    "organisations.revoke_representative": lambda w, a: (
        w.h.cabinet.organisations.revoke_representative(a, ORG, w.owner.account_id)
    ),
    "organisations.covered_staff": lambda w, a: w.h.cabinet.organisations.covered_staff(a, ORG),
    "staff.create": lambda w, a: w.h.cabinet.staff.create(a, person_form(99), [Role.REVIEWER]),
    "staff.grant": lambda w, a: w.h.cabinet.staff.grant(a, w.owner.account_id, Role.REVIEWER),
    "staff.revoke": lambda w, a: w.h.cabinet.staff.revoke(a, w.reviewer.account_id, Role.REVIEWER),
    "staff.list": lambda w, a: w.h.cabinet.staff.list(a),
    "journal.heads": lambda w, a: w.h.cabinet.journal.heads(a),
    "journal.latest_head": lambda w, a: w.h.cabinet.journal.latest_head(a),
    "journal.checkpoint": lambda w, a: w.h.cabinet.journal.checkpoint(a),
    "journal.verify": lambda w, a: w.h.cabinet.journal.verify(a),
    "journal.prove_inclusion": lambda w, a: w.h.cabinet.journal.prove_inclusion(a, 0),
    "journal.prove_consistency": lambda w, a: w.h.cabinet.journal.prove_consistency(a, 1),
    "journal.export": lambda w, a: w.h.cabinet.journal.export(a, "/nonexistent/journal.jsonl"),
}


def complete_profile() -> Any:
    from tests.support.cabinet_people import SPECIALIST

    return SPECIALIST


ACTOR_ROWS = sorted(a for a, row in PERMISSIONS.items() if row.caller is Caller.ACTOR)


def _snapshot(w: World) -> tuple[object, ...]:
    with w.h.cabinet.storage.unit_of_work() as uow:
        collections: tuple[Collection[Any], ...] = (
            APPLICATIONS,
            MESSAGES,
            STAFF,
            ORGANISATIONS,
            REPRESENTATIVES,
            ACCOUNTS,
            SESSIONS,
            CODES,
            ACTS,
            CERTIFICATES,
            TICKETS,
            OUTBOX,
        )
        stored = tuple(tuple(uow.repository(c).query({})) for c in collections)
        return (*stored, uow.journal.size(), len(w.h.sms.sent), len(w.h.email.sent))


def test_every_public_method_has_a_permission_row() -> None:
    from accredkit.bootstrap.cabinet import bootstrap

    with bootstrap() as cabinet:
        found = {
            f"{service}.{method}"
            for service, cls in service_classes(cabinet).items()
            for method in public_methods(cls)
        }
    assert sorted(found - set(PERMISSIONS)) == [], "add a row to domain/authority/permissions.py"
    assert sorted(set(PERMISSIONS) - found) == [], "a row names no public method"


def test_every_actor_row_is_exercised_here() -> None:
    assert sorted(set(ACTOR_ROWS) - set(CALLS)) == []


def _wrong_role(action: str, w: World) -> Person | None:
    admitted = PERMISSIONS[action].roles
    for role, person in sorted(w.staff_by_role.items()):
        if role not in admitted:
            return person
    return None


@pytest.mark.parametrize("action", ACTOR_ROWS)
def test_intruders_are_refused_and_nothing_changes(world: World, action: str) -> None:
    call = CALLS[action]
    before = _snapshot(world)
    digest = world.h.cabinet.applications.check(world.fresh_pdf, "x.pdf").sha256
    row = PERMISSIONS[action]
    with pytest.raises(AccountLocked) as blocked:
        call(world, world.blocked.actor)
    assert blocked.value.code == "auth.blocked"
    with pytest.raises(AuthenticationFailed) as expired:
        call(world, world.expired.actor)
    assert expired.value.code == "session.expired"
    wrong = _wrong_role(action, world)
    if wrong is not None and Role.APPLICANT not in row.roles:
        with pytest.raises(PermissionDenied) as refused:
            call(world, wrong.actor)
        assert refused.value.code == "permission.role"
    elif wrong is not None and action not in _OWN_ONLY:  # a staff member is an applicant too
        with pytest.raises((NotFound, PermissionDenied)):
            call(world, wrong.actor)
    if action not in _OWN_ONLY:
        with pytest.raises((NotFound, PermissionDenied)) as stranger:
            call(world, world.stranger.actor)
        if Role.APPLICANT not in row.roles:
            assert stranger.value.code == "permission.role", action
        elif action in _OTHER_ACCOUNT:
            assert stranger.value.code.endswith("other_account"), action
        else:
            assert isinstance(stranger.value, NotFound), action
    assert _snapshot(world) == before, action
    assert not world.h.cabinet.blobs.exists(digest)


# Rows an applicant calls on their own account only: any applicant may, so no stranger.
_OWN_ONLY = frozenset(
    {
        "applications.create",
        "applications.list",
        "messages.unread",
        "support.open",
        "accounts.request_subject_report",
        "accounts.withdraw_consent",
        "organisations.submit_power_of_attorney",  # for the caller's own account
    }
)
# Another account's history or report: refused the same whether it exists or not.
_OTHER_ACCOUNT = frozenset({"history.history", "reports.applicant_report"})


def test_the_table_renders_into_the_docs() -> None:
    from pathlib import Path

    page = Path(__file__).parents[2] / "docs" / "authority.md"
    assert render_permissions_markdown() in page.read_text(encoding="utf-8")


# --- four eyes, conflict of interest, roles from storage ------------------------------


def _case(w: World, seed: int) -> tuple[Person, str]:
    h = w.h
    applicant = signed_in(h, person_form(seed))
    app = complete_application(h, applicant.actor, seed=seed)
    h.cabinet.applications.submit(applicant.actor, app.id)
    return applicant, app.id


def test_who_took_and_asked_for_information_cannot_decide_even_as_approver_later() -> None:
    h = AccountsHarness()
    try:
        owner = signed_in(h, person_form(60))
        first = staff_member(h, Role.REVIEWER, n=61)
        second = staff_member(h, Role.REVIEWER, n=62)
        app = complete_application(h, owner.actor, seed=60)
        c = h.cabinet
        c.applications.submit(owner.actor, app.id)
        c.reviews.take(first.actor, app.id)
        c.reviews.request_info(first.actor, app.id, "Приложите удостоверение")
        c.applications.answer(owner.actor, app.id, "Приложил")
        c.reviews.send_for_approval(second.actor, app.id)  # a colleague sends it on
        admin = staff_member(h, Role.ADMINISTRATOR, n=63)
        c.staff.grant(admin.actor, first.account_id, Role.APPROVER)
        promoted = c.actor(first.token or "")  # the same session, the new role from storage
        assert Role.APPROVER in promoted.roles
        with c.storage.unit_of_work() as uow:
            before = uow.journal.size()
        decisions: list[Callable[[], object]] = [
            lambda: c.reviews.approve(first.actor, app.id),
            lambda: c.reviews.reject(first.actor, app.id, "Нет"),
        ]
        for decide in decisions:
            with pytest.raises(ValidationError) as refused:
                decide()
            assert "application.four_eyes" in {v.code for v in refused.value.violations}
        with c.storage.unit_of_work() as uow:
            assert uow.journal.size() == before
        assert c.certificates.of_holder(owner.actor, owner.account_id) == []
        approver = staff_member(h, Role.APPROVER, n=64)
        assert c.reviews.approve(approver.actor, app.id).status is ApplicationStatus.APPROVED
    finally:
        h.close()


def test_no_staff_member_acts_on_their_own_application() -> None:
    h = AccountsHarness()
    try:
        both = staff_member(h, Role.REVIEWER, Role.APPROVER, n=70)
        app = complete_application(h, both.actor, seed=70)
        c = h.cabinet
        c.applications.submit(both.actor, app.id)  # as its applicant: allowed
        with c.storage.unit_of_work() as uow:
            before = uow.journal.size()
        acts: list[Callable[[], object]] = [
            lambda: c.reviews.take(both.actor, app.id),
            lambda: c.reviews.reject(both.actor, app.id, "сам себе"),
        ]
        for act in acts:
            with pytest.raises(PermissionDenied) as refused:
                act()
            assert refused.value.code == "permission.conflict_of_interest"
        with c.storage.unit_of_work() as uow:
            assert uow.journal.size() == before
        assert c.applications.get(both.actor, app.id).status is ApplicationStatus.SUBMITTED
    finally:
        h.close()


def test_grant_and_revoke_are_journaled_and_count_on_the_next_request() -> None:
    h = AccountsHarness()
    try:
        c = h.cabinet
        officer = staff_member(h, Role.REVIEWER, n=80)
        admin = staff_member(h, Role.ADMINISTRATOR, n=81)
        c.reviews.queue(officer.actor)
        c.staff.revoke(admin.actor, officer.account_id, Role.REVIEWER)
        with pytest.raises(PermissionDenied) as refused:
            c.reviews.queue(officer.actor)  # the cached actor still names the role
        assert refused.value.code == "permission.role"
        assert Role.REVIEWER not in c.actor(officer.token or "").roles
        c.staff.grant(admin.actor, officer.account_id, Role.OPERATOR)
        c.reviews.queue(officer.actor)
        with pytest.raises(PermissionDenied) as self_grant:
            c.staff.grant(admin.actor, admin.account_id, Role.APPROVER)
        assert self_grant.value.code == "permission.conflict_of_interest"
        import json

        with c.storage.unit_of_work() as uow:
            actions = [json.loads(data)["action"] for _, data in uow.journal.read()]
        assert actions.count("staff.role_revoked") == 1
        assert actions.count("staff.role_granted") == 1
        assert "staff.first_administrator" in actions
    finally:
        h.close()


def test_a_staff_role_needs_a_second_factor_and_a_role_cannot_be_asked_for() -> None:
    h = AccountsHarness()
    try:
        admin = staff_member(h, Role.ADMINISTRATOR, n=90)
        form = person_form(91)
        registered = h.staff.create(admin.actor, form, [Role.REVIEWER])
        h.verify(registered)
        step = h.complete(registered.account_id, h.accounts.login(form.snils, form.password))
        assert step.token is not None
        with pytest.raises(AuthenticationFailed) as refused:
            h.cabinet.actor(step.token)
        assert refused.value.code == "staff.second_factor_required"
        forged = Actor(registered.account_id, Role.APPROVER, step.session_id)
        with pytest.raises(PermissionDenied):
            h.cabinet.reviews.queue(forged)  # storage, not the caller, says the roles
        with pytest.raises(Conflict) as second:
            h.staff.setup_first_administrator(person_form(92))
        assert second.value.code == "staff.setup_done"
    finally:
        h.close()


def test_personal_data_reads_by_staff_are_journaled_without_personal_data(world: World) -> None:
    import json

    c = world.h.cabinet
    with c.storage.unit_of_work() as uow:
        before = uow.journal.size()
    c.history.application(world.reviewer.actor, world.application_id)
    world.h.accounts.get(world.operator.actor, world.owner.account_id)
    with c.storage.unit_of_work() as uow:
        entries = [json.loads(data) for _, data in uow.journal.read()][before:]
    assert [e["action"] for e in entries] == ["personal_data.read", "personal_data.read"]
    assert {e["actor"] for e in entries} == {world.reviewer.account_id, world.operator.account_id}
    owner = world.h.account(world.owner.account_id)
    for entry in entries:
        assert str(owner.snils) not in json.dumps(entry, ensure_ascii=False)
    c.history.application(world.owner.actor, world.application_id)  # the holder's own read
    with c.storage.unit_of_work() as uow:
        assert uow.journal.size() == before + 2


def test_a_blocked_account_signs_in_no_more() -> None:
    h = AccountsHarness()
    try:
        person = signed_in(h, person_form(95))
        operator = staff_member(h, Role.OPERATOR, n=96)
        h.cabinet.accounts.block(operator.actor, person.account_id, "проверка")
        with pytest.raises(AuthenticationFailed):
            h.cabinet.actor(person.token or "")
    finally:
        h.close()


def test_a_staff_member_out_of_reach_is_denied_and_an_applicant_is_not_told(world: World) -> None:
    before = _snapshot(world)
    with pytest.raises(PermissionDenied) as refused:
        world.h.accounts.link_registry(world.reviewer.actor, world.owner.account_id)
    assert refused.value.code == "permission.subject"
    with pytest.raises(NotFound) as hidden:
        world.h.accounts.link_registry(world.stranger.actor, world.owner.account_id)
    assert hidden.value.code == "account.not_found"
    assert _snapshot(world) == before
