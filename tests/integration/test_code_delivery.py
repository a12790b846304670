"""One-time codes leave through the outbox, right after the commit (docs/notifications.md).

One delivery path and one template set: the code is queued with its secret template
in the unit of work that stores its hash, dispatched as soon as that commits, kept
encrypted while it waits for a gateway, and scrubbed once the gateway took it.
"""

from __future__ import annotations

from pathlib import Path

from accredkit.domain.accounts.otp import OtpPurpose
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.correspondence.outbox import SCRUBBED, MessageStatus
from accredkit.services.correspondence.code_delivery import CODE_TEMPLATES
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import sqlite_config

PHONE = "+79161234567"


def _at_rest(directory: Path) -> bytes:
    """Every byte SQLite holds for the cabinet (the database and its write-ahead log)."""
    return b"".join(p.read_bytes() for p in sorted(directory.glob("cabinet.db*")))


def test_a_code_is_sent_through_the_outbox_before_the_use_case_returns(tmp_path: Path) -> None:
    h = AccountsHarness(sqlite_config(tmp_path))
    try:
        registered = h.register()
        code = h.last_code(PHONE)  # already at the gateway: dispatched right after commit
        assert "Код для подтверждения телефона" in h.sms.sent[0].text
        sent = h.cabinet.notifications.outbox(SYSTEM, status=MessageStatus.SENT)
        assert {m.template for m in sent} == {
            CODE_TEMPLATES[OtpPurpose.CONFIRM_PHONE],
            CODE_TEMPLATES[OtpPurpose.CONFIRM_EMAIL],
        }
        assert {m.body for m in sent} == {SCRUBBED}  # the digits are gone from storage
        assert code not in "".join(m.body for m in sent)
        account = h.accounts.confirm_contact(
            registered.account_id, "phone", registered.phone_request_id, code
        )
        assert account.phone_confirmed
    finally:
        h.close()


def test_a_code_waiting_for_the_gateway_rests_encrypted_and_is_scrubbed_once_sent(
    tmp_path: Path,
) -> None:
    h = AccountsHarness(sqlite_config(tmp_path))
    try:
        h.sms.failing = True
        h.register()  # the phone's code cannot leave: it waits in the outbox
        [waiting] = h.cabinet.notifications.outbox(SYSTEM, status=MessageStatus.PENDING)
        assert waiting.template == "account.phone_code"
        assert waiting.attempts == 1
        while_waiting = _at_rest(tmp_path)

        h.sms.failing = False
        h.clock.advance(waiting.next_attempt_at - h.clock.now())
        assert h.deliver().sent == (waiting.id,)
        code = h.last_code(PHONE)
        phrase = "Код для подтверждения телефона".encode()
        for stored in (while_waiting, _at_rest(tmp_path)):
            assert phrase not in stored  # the text is a personal field: encrypted at rest
            assert f"{code}.".encode() not in stored
        delivered = h.cabinet.notifications.outbox(SYSTEM, status=MessageStatus.SENT)
        assert waiting.id in {m.id for m in delivered}
        assert {(m.body, m.params) for m in delivered} == {(SCRUBBED, ())}
    finally:
        h.close()
