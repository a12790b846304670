"""Pure notification rules: templates, plurals, back-off and reminder thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.correspondence.outbox import (
    EXPIRY_THRESHOLDS,
    Channel,
    DeliveryPolicy,
    MessageStatus,
    OutboxMessage,
    due_threshold,
    message_id,
)
from accredkit.domain.correspondence.templates import (
    APPLICATION_STATUSES,
    TEMPLATES,
    plural_ru,
    render,
    status_template,
)
from accredkit.errors import ValidationError

NOW = datetime(2026, 4, 30, 12, 0, tzinfo=UTC)


def test_every_application_status_has_a_template_in_both_languages() -> None:
    assert APPLICATION_STATUSES == (
        "draft",
        "submitted",
        "processing",
        "under_review",
        "needs_info",
        "approved",
        "rejected",
        "withdrawn",
    )
    for status in APPLICATION_STATUSES:
        ru = render(status_template(status), "ru", {"application": "№ 17"})
        en = render(status_template(status), "en", {"application": "No. 17"})
        assert "№ 17" in ru.text
        assert "No. 17" in en.text
        assert ru.text != en.text


def test_status_subject_carries_the_russian_label() -> None:
    rendered = render(status_template("under_review"), "ru", {"application": "№ 5"})
    assert rendered.subject == "Заявление № 5: на согласовании"


def test_dates_are_written_the_way_each_language_writes_them() -> None:
    params = {"application": "№ 5", "deadline": date(2026, 5, 12)}
    assert "до 12.05.2026" in render("application.info_requested", "ru", params).text
    assert "by 2026-05-12" in render("application.info_requested", "en", params).text


def test_expiry_reminder_uses_russian_plural_of_days() -> None:
    params = {"number": "АК-2026-000001-5", "valid_until": date(2026, 7, 29)}
    assert "через 90 дней" in render("certificate.expiring", "ru", {**params, "days": 90}).text
    assert "через 1 день" in render("certificate.expiring", "ru", {**params, "days": 1}).text
    assert "(in 7 days)" in render("certificate.expiring", "en", {**params, "days": 7}).text


@pytest.mark.parametrize(
    ("count", "form"),
    [(1, "день"), (2, "дня"), (4, "дня"), (5, "дней"), (11, "дней"), (12, "дней"),
     (21, "день"), (22, "дня"), (30, "дней"), (90, "дней"), (101, "день"), (111, "дней")],
)  # fmt: skip
def test_plural_ru_picks_the_grammatical_form(count: int, form: str) -> None:
    assert plural_ru(count, "день", "дня", "дней") == form


def test_missing_parameter_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError) as caught:
        render("application.info_requested", "ru", {"application": "№ 1"})
    assert caught.value.code == "notification.missing_param"
    assert caught.value.violations[0].field == "deadline"


def test_unknown_template_and_language_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown notification template"):
        render("nope", "ru", {})
    with pytest.raises(ValidationError, match="unsupported notification language"):
        render("account.one_time_code", "de", {"code": "1", "minutes": 5})


def test_one_time_code_templates_are_secret() -> None:
    assert TEMPLATES["account.one_time_code"].secret
    assert TEMPLATES["account.password_recovery"].secret
    assert not TEMPLATES[status_template("approved")].secret


@given(st.integers(min_value=1, max_value=200))
def test_backoff_never_shrinks_and_never_passes_the_cap(attempts: int) -> None:
    policy = DeliveryPolicy(first_delay=timedelta(seconds=30), max_delay=timedelta(hours=2))
    assert policy.delay(attempts) <= policy.delay(attempts + 1) <= policy.max_delay
    assert policy.delay(attempts) >= policy.first_delay


def test_backoff_doubles_from_the_first_delay() -> None:
    policy = DeliveryPolicy(first_delay=timedelta(minutes=1), max_delay=timedelta(minutes=5))
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 300, 300]


@given(st.integers(min_value=-1000, max_value=1000))
def test_due_threshold_is_the_smallest_not_yet_passed(days_left: int) -> None:
    found = due_threshold(days_left)
    if days_left < 0 or days_left > max(EXPIRY_THRESHOLDS):
        assert found is None
    else:
        assert found is not None
        assert found >= days_left
        assert all(t < days_left for t in EXPIRY_THRESHOLDS if t < found)


def test_missed_runs_send_only_the_latest_expiry_reminder() -> None:
    assert due_threshold(90) == 90
    assert due_threshold(45) == 90
    assert due_threshold(25) == 30
    assert due_threshold(7) == 7
    assert due_threshold(0) == 7
    assert due_threshold(91) is None


def _message(**changes: object) -> OutboxMessage:
    base = OutboxMessage(
        id="m1",
        channel=Channel.SMS,
        recipient="+79123456789",
        language="ru",
        template="account.one_time_code",
        params=(("code", "123456"), ("minutes", "5")),
        subject=None,
        body="Код подтверждения: 123456.",
        created_at=NOW,
        next_attempt_at=NOW,
        secret=True,
    )
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


def test_claim_takes_an_attempt_and_a_lease() -> None:
    policy = DeliveryPolicy()
    claimed = _message().claim(NOW, policy)
    assert (claimed.status, claimed.attempts) == (MessageStatus.SENDING, 1)
    assert claimed.next_attempt_at == NOW + policy.lease
    with pytest.raises(ValueError, match="not due"):
        claimed.claim(NOW, policy)


def test_delivered_secret_message_is_scrubbed() -> None:
    sent = _message().claim(NOW, DeliveryPolicy()).delivered(NOW)
    assert sent.status is MessageStatus.SENT
    assert sent.sent_at == NOW
    assert "123456" not in sent.body
    assert sent.params == ()


def test_failed_attempts_back_off_then_give_up() -> None:
    policy = DeliveryPolicy(max_attempts=2)
    first = _message().claim(NOW, policy).attempt_failed(NOW, "sms.down", policy)
    assert first.status is MessageStatus.PENDING
    assert first.next_attempt_at == NOW + policy.first_delay
    later = NOW + policy.first_delay
    second = first.claim(later, policy).attempt_failed(later, "sms.down", policy)
    assert (second.status, second.last_error) == (MessageStatus.FAILED, "sms.down")


def test_message_ids_are_stable_per_key_and_channel() -> None:
    assert message_id("k", Channel.SMS) == message_id("k", Channel.SMS)
    assert message_id("k", Channel.SMS) != message_id("k", Channel.EMAIL)
    assert len(message_id("k", Channel.EMAIL)) == 32


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _message(created_at=datetime(2026, 1, 1))
