"""A failing SMS gateway during a decision: the decision stands, the SMS waits.

The decision commits with its certificate, act and journal entries; the notification
stays in the outbox, is retried after the back-off and goes out exactly once.
"""

from __future__ import annotations

from datetime import timedelta

from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.correspondence.outbox import Channel, DeliveryPolicy, MessageStatus
from accredkit.services.schema import OUTBOX
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import complete_application, signed_in, staff_member

PHONE = "+79161234567"


def _journal_size(h: AccountsHarness) -> int:
    with h.cabinet.storage.unit_of_work() as uow:
        return uow.journal.size()


def _approval_messages(h: AccountsHarness, application_id: str) -> list[str]:
    with h.cabinet.storage.unit_of_work() as uow:
        outbox = uow.repository(OUTBOX).query({"channel": Channel.SMS})
    return [
        m.id for m in outbox if m.template == "application.status.approved" and m.recipient == PHONE
    ]


def test_a_decision_commits_while_the_sms_gateway_is_down_and_the_sms_follows_once(
    cabinet_harness: AccountsHarness,
) -> None:
    h = cabinet_harness
    owner = signed_in(h)
    reviewer = staff_member(h, Role.REVIEWER, n=300).actor
    approver = staff_member(h, Role.APPROVER, n=301).actor
    app = complete_application(h, owner.actor)
    h.cabinet.applications.submit(owner.actor, app.id)
    h.cabinet.reviews.take(reviewer, app.id)
    h.cabinet.reviews.send_for_approval(reviewer, app.id)
    h.cabinet.notifications.dispatch(SYSTEM)  # everything before the decision is out
    journal_before = _journal_size(h)
    texts_before = len(h.sms.sent)

    h.sms.failing = True
    approved = h.cabinet.reviews.approve(approver, app.id)
    first = h.cabinet.notifications.dispatch(SYSTEM)  # the host's scheduler runs right after

    # The decision committed with everything it brings.
    assert approved.status is ApplicationStatus.APPROVED
    assert h.cabinet.applications.get(owner.actor, app.id).status is ApplicationStatus.APPROVED
    [certificate] = h.cabinet.certificates.of_holder(owner.actor, owner.account_id)
    assert certificate.application_id == app.id
    assert [str(a.decision) for a in h.cabinet.acts.of_application(owner.actor, app.id)] == [
        "approved"
    ]
    assert _journal_size(h) > journal_before
    assert h.cabinet.journal.verify(SYSTEM).ok

    # The SMS waits in the outbox; the e-mail went out.
    [sms_id] = _approval_messages(h, app.id)
    assert sms_id in first.retrying
    assert sms_id not in first.sent
    assert first.sent  # the e-mail of the same decision
    assert len(h.sms.sent) == texts_before
    [waiting] = h.cabinet.notifications.outbox(SYSTEM, status=MessageStatus.PENDING)
    assert waiting.id == sms_id
    assert waiting.attempts == 1
    assert waiting.next_attempt_at > h.clock.now()

    # Before the back-off ends nothing is tried, even with the gateway back.
    h.sms.failing = False
    early = h.cabinet.notifications.dispatch(SYSTEM)
    assert early.sent == ()
    assert len(h.sms.sent) == texts_before

    # After it, the SMS goes out once; later runs send nothing more.
    h.clock.advance(DeliveryPolicy().delay(1) + timedelta(seconds=1))
    later = h.cabinet.notifications.dispatch(SYSTEM)
    assert later.sent == (sms_id,)
    approved_texts = [m for m in h.sms.sent[texts_before:] if m.to == PHONE]
    assert len(approved_texts) == 1
    assert "одобрено" in approved_texts[0].text.lower()
    for _ in range(3):
        h.clock.advance(timedelta(hours=2))
        assert h.cabinet.notifications.dispatch(SYSTEM).sent == ()
    assert len(h.sms.sent) == texts_before + 1
    same_decision = h.cabinet.notifications.outbox(SYSTEM, dedup_key=waiting.dedup_key)
    assert {(m.channel, m.status) for m in same_decision} == {
        (Channel.SMS, MessageStatus.SENT),
        (Channel.EMAIL, MessageStatus.SENT),
    }
