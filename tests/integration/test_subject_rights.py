"""The data subject's rights: what is held about me (answered by an operator), consent."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest

import accredkit
import accredkit.services
from accredkit.domain.accounts.retention import RetentionPolicy
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM
from accredkit.errors import AuthenticationFailed, PermissionDenied, ValidationError
from accredkit.ports.storage import Collection
from accredkit.services.accounts.settings import AccountSettings
from accredkit.services.accounts.subject_data import HOLDINGS
from accredkit.services.schema import ACCOUNTS, OUTBOX, SUBJECT_REQUESTS
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.cabinet_people import (
    Person,
    complete_application,
    person_form,
    sign_in_again,
    signed_in,
    sqlite_config,
    staff_member,
)

FORM = default_form()
_LINKS = {"account_id", "applicant_id", "holder_account_id", "application_id"}


@pytest.fixture(params=["memory", "sqlite"])
def person(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[AccountsHarness, Person]]:
    h = AccountsHarness(sqlite_config(tmp_path) if request.param == "sqlite" else None)
    person = signed_in(h, FORM)
    draft = complete_application(h, person.actor)
    h.cabinet.applications.submit(person.actor, draft.id)
    h.cabinet.messages.send(person.actor, draft.id, "Добрый день!")
    yield h, person
    h.close()


def _schema() -> list[Collection[Any]]:
    """Every collection the services define (the cabinet's schema)."""
    found: dict[str, Collection[Any]] = {}
    for info in pkgutil.walk_packages(accredkit.services.__path__, "accredkit.services."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, Collection):
                found[value.name] = value
    return list(found.values())


def test_every_collection_naming_a_person_is_in_the_report(
    person: tuple[AccountsHarness, Person],
) -> None:
    h, me = person
    report = h.accounts.subject_report(h.operator(), me.account_id)
    sections = [s.collection for s in report.sections]
    assert sections == [holding.collection.name for holding in HOLDINGS]
    naming = {
        c.name
        for c in _schema()
        if c is ACCOUNTS or c is OUTBOX or {f.name for f in attrs.fields(c.type)} & _LINKS
    }
    assert naming - set(sections) == set()
    held = {s.collection: s.records for s in report.sections}
    assert held["accounts"][0]["snils"] == FORM.snils
    assert "password_hash" not in held["accounts"][0]
    assert len(held["applications"]) == 1
    assert [m["text"] for m in held["messages"]] == ["Добрый день!"]
    assert [bool(held[name]) for name in ("sessions", "account_claims", "outbox")] == [True] * 3
    assert all(r.get("applicant_id", me.account_id) == me.account_id for r in held["applications"])


def test_the_request_is_tracked_and_answered_within_ten_working_days(
    person: tuple[AccountsHarness, Person],
) -> None:
    h, me = person
    request = h.accounts.request_subject_report(me.actor)
    assert request.open
    assert request.answer_due - request.received_at >= timedelta(days=14)  # 10 working days
    with pytest.raises(PermissionDenied):
        h.accounts.subject_report(me.actor, me.account_id)
    report = h.accounts.subject_report(h.operator(), me.account_id)
    assert report.requests == (request.id,)
    with h.cabinet.storage.unit_of_work() as uow:
        stored = uow.repository(SUBJECT_REQUESTS).get(request.id)
    assert (stored.answered_by, stored.open) == (h.operator().id, False)
    document = json.loads(report.to_json())
    assert document["account_id"] == me.account_id
    assert {s["collection"] for s in document["sections"]} >= {"accounts", "applications"}
    printed = report.printable("ru")
    assert FORM.snils in printed
    assert "получатели: аккредитационная комиссия" in printed
    assert "recipients:" in report.printable("en")
    assert h.cabinet.journal.verify(SYSTEM).ok


def test_withdrawn_consent_stops_applications_and_notices_and_keeps_decisions(
    person: tuple[AccountsHarness, Person],
) -> None:
    h, me = person
    notice = h.accounts.withdraw_consent(me.actor)
    assert "Прекращается: новые заявления" in notice.text("ru")
    assert "Kept: decisions, acts and accreditation certificates" in notice.text("en")
    account = h.account(me.account_id)
    assert account.consent is None
    assert account.status.value == "registered"
    assert h.accounts.contact(me.account_id) is None  # no status notifications any more
    draft = complete_application(h, me.actor, seed=1)
    with pytest.raises(ValidationError):
        h.cabinet.applications.submit(me.actor, draft.id)
    told = [
        m
        for m in h.cabinet.notifications.outbox(SYSTEM)
        if m.template == "account.consent_withdrawn"
    ]
    assert len(told) == 2  # SMS and e-mail
    assert len(h.cabinet.history.history(me.actor)) == 2  # the first application is kept


A_YEAR = RetentionPolicy(default=timedelta(days=365), by_collection={})


def test_depersonalisation_erases_the_person_and_keeps_proofs_verifiable(tmp_path: Path) -> None:
    h = AccountsHarness(sqlite_config(tmp_path), settings=AccountSettings(retention=A_YEAR))
    me = signed_in(h, FORM)
    app = complete_application(h, me.actor)
    digests = [d.sha256 for d in app.documents]
    h.cabinet.applications.submit(me.actor, app.id)
    reviewer = staff_member(h, Role.REVIEWER, n=7).actor
    approver = staff_member(h, Role.APPROVER, n=8).actor
    h.cabinet.reviews.take(reviewer, app.id)
    h.cabinet.reviews.send_for_approval(reviewer, app.id)
    h.cabinet.reviews.approve(approver, app.id)
    [certificate] = h.cabinet.certificates.of_holder(me.actor, me.account_id)
    exported = h.cabinet.certificates.export(me.actor, certificate.id)
    with pytest.raises(ValidationError) as early:
        h.accounts.depersonalise(h.operator(), me.account_id, "истек срок хранения")
    assert early.value.violations[0].code == "depersonalise.retention_running"
    assert all(h.cabinet.blobs.exists(d) for d in digests)  # refused: nothing changed

    h.clock.advance(timedelta(days=366))
    act = h.accounts.depersonalise(h.operator(), me.account_id, "истек срок хранения")
    assert (act.operator_id, act.basis, act.files_deleted) == (
        h.operator().id,
        "истек срок хранения",
        4,
    )
    assert dict(act.collections)["accounts"] == 1
    assert not any(h.cabinet.blobs.exists(d) for d in digests)

    report = h.accounts.subject_report(h.operator(), me.account_id)
    text = report.to_json() + report.printable()
    for value in (FORM.snils, "11223344595", "+79161234567", FORM.email, "Иванов", "1985-03-07"):
        assert value not in text, value
    assert [
        r["id"] for r in {s.collection: s.records for s in report.sections}["destruction_acts"]
    ] == [act.id]
    verdict = accredkit.verify_certificate(
        exported, h.cabinet.signer.public_key_pem(), at=h.clock.now()
    )
    assert verdict.ok, verdict.code
    assert h.cabinet.journal.verify(SYSTEM).ok
    with pytest.raises(AuthenticationFailed):
        h.accounts.login(FORM.snils, FORM.password)
    h.close()


def test_a_file_another_person_also_sent_outlives_the_depersonalisation(tmp_path: Path) -> None:
    """Blobs are addressed by content: the same scan from two people is one file."""
    h = AccountsHarness(sqlite_config(tmp_path), settings=AccountSettings(retention=A_YEAR))
    me = signed_in(h, FORM)
    other = signed_in(h, person_form(9))
    mine = complete_application(h, me.actor, seed=3)
    theirs = complete_application(h, other.actor, seed=3)  # the very same files
    shared = {d.sha256 for d in mine.documents} & {d.sha256 for d in theirs.documents}
    assert shared
    h.clock.advance(timedelta(days=366))
    act = h.accounts.depersonalise(h.operator(), me.account_id, "истек срок хранения")
    assert act.files_deleted == len({d.sha256 for d in mine.documents} - shared)
    reader = sign_in_again(h, other, person_form(9)).actor  # a year on: a fresh session
    for digest in shared:
        assert h.cabinet.blobs.exists(digest)
        assert h.cabinet.applications.document(reader, theirs.id, digest)
    h.close()
