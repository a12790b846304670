"""Reminders and event notices reach the applicant through the outbox, once (docs/notifications.md).

``remind(now)`` finds the information requests itself and reminds before the deadline and
once on the last working day; a staff message, a revocation and a ticket answer each
notify the account holder; no application is withdrawn for a missed deadline unless a
reminder was sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.moscow import MOSCOW
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    Person,
    complete_application,
    signed_in,
    staff_member,
)

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow


@pytest.fixture
def h() -> Iterator[AccountsHarness]:
    harness = AccountsHarness(at=START)
    yield harness
    harness.close()


def _staff(h: AccountsHarness, role: Role, n: int) -> Actor:
    """A staff member of the body, signed in now (sessions idle out as the clock moves)."""
    return staff_member(h, role, n=n).actor


def _templates(h: AccountsHarness, template: str) -> list[str]:
    return [m.dedup_key or "" for m in h.cabinet.notifications.outbox(SYSTEM, limit=None)
            if m.template == template]  # fmt: skip


def _asked(h: AccountsHarness, person: Person) -> str:
    app = complete_application(h, person.actor)
    h.cabinet.applications.submit(person.actor, app.id)
    reviewer = _staff(h, Role.REVIEWER, 60)
    h.cabinet.reviews.take(reviewer, app.id)
    deadline = datetime(2026, 3, 16, 20, 59, tzinfo=UTC)  # Monday 23:59 in Moscow
    h.cabinet.reviews.request_info(reviewer, app.id, "Пришлите диплом", deadline=deadline)
    return app.id


def _at(h: AccountsHarness, day: int, hour: int = 9) -> datetime:
    moment = datetime(2026, 3, day, hour, 0, tzinfo=MOSCOW)
    h.clock.set(moment)
    return moment


def test_remind_finds_information_deadlines_itself_and_reminds_each_once(
    h: AccountsHarness,
) -> None:
    person = signed_in(h)
    _asked(h, person)
    notifications = h.cabinet.notifications
    # Deadline Monday 16.03; thresholds 3 and 1 days; the last working day is the 16th.
    sent: dict[int, int] = {}
    for day in range(10, 18):
        for _ in range(2):  # a second run the same day adds nothing
            sent[day] = sent.get(day, 0) + len(notifications.remind(SYSTEM, _at(h, day)).queued)
    channels = 2  # SMS and e-mail: the person confirmed both
    assert sent == {10: 0, 11: 0, 12: 0, 13: channels, 14: 0, 15: channels, 16: channels, 17: 0}
    assert len(_templates(h, "application.info_deadline")) == 3 * channels


def test_no_application_is_withdrawn_without_a_sent_reminder(h: AccountsHarness) -> None:
    person = signed_in(h)
    app_id = _asked(h, person)
    _at(h, 17)
    assert h.cabinet.reviews.expire_overdue(SYSTEM) == []
    waiting = h.cabinet.applications.get(h.operator(), app_id)  # the applicant's session idled
    assert waiting.status is ApplicationStatus.NEEDS_INFO
    h.cabinet.notifications.remind(SYSTEM, _at(h, 16))  # the last working day's reminder
    h.cabinet.notifications.dispatch(SYSTEM)
    _at(h, 17)
    (withdrawn,) = h.cabinet.reviews.expire_overdue(SYSTEM)
    assert withdrawn.status is ApplicationStatus.WITHDRAWN


def test_a_staff_message_a_revocation_and_a_ticket_answer_notify_once(
    h: AccountsHarness,
) -> None:
    person = signed_in(h)
    app = complete_application(h, person.actor)
    cabinet = h.cabinet
    cabinet.applications.submit(person.actor, app.id)
    reviewer = _staff(h, Role.REVIEWER, 60)
    approver = _staff(h, Role.APPROVER, 61)
    operator = _staff(h, Role.OPERATOR, 62)
    support = _staff(h, Role.SUPPORT, 63)
    cabinet.reviews.take(reviewer, app.id)
    cabinet.messages.send(person.actor, app.id, "Когда будет решение?")
    assert _templates(h, "message.received") == []  # the applicant's own message
    staff = cabinet.messages.send(reviewer, app.id, "Документы проверяем")
    assert _templates(h, "message.received") == [f"message-received:{staff.id}"] * 2
    cabinet.reviews.send_for_approval(reviewer, app.id)
    cabinet.reviews.approve(approver, app.id)
    (certificate,) = cabinet.certificates.of_holder(person.actor, person.account_id)
    cabinet.certificates.revoke(operator, certificate.id, "ошибка в документах")
    assert _templates(h, "certificate.revoked") == [f"certificate-revoked:{certificate.id}"] * 2
    ticket = cabinet.support.open(person.actor, "login", "Вход", "Не приходит код")
    answered = cabinet.support.answer(support, ticket.id, "Проверьте номер телефона")
    assert len(_templates(h, "ticket.answered")) == 2
    cabinet.support.follow_up(person.actor, ticket.id, "Спасибо")
    assert len(_templates(h, "ticket.answered")) == 2  # the user's own message: nothing
    (notice, *_) = (m for m in cabinet.notifications.outbox(SYSTEM, limit=None)
                    if m.template == "ticket.answered")  # fmt: skip
    assert answered.number in notice.body


def test_no_event_notice_once_consent_is_withdrawn(h: AccountsHarness) -> None:
    person = signed_in(h)
    app = complete_application(h, person.actor)
    h.cabinet.applications.submit(person.actor, app.id)
    reviewer = _staff(h, Role.REVIEWER, 60)
    h.cabinet.reviews.take(reviewer, app.id)
    h.accounts.withdraw_consent(person.actor)
    h.cabinet.messages.send(reviewer, app.id, "Документы проверяем")
    assert _templates(h, "message.received") == []
