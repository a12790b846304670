"""Hypothesis strategies for accounts: people, forms, passwords, codes, sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import strategies as st

from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.otp import OtpPolicy, OtpPurpose
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.accounts.sessions import SessionPolicy
from accredkit.domain.person import FullName
from accredkit.testing.strategies import emails, phones, snils_values

__all__ = [
    "TODAY",
    "accounts",
    "birth_dates",
    "full_names",
    "otp_policies",
    "otp_purposes",
    "passphrases",
    "registration_forms",
    "session_policies",
    "utc_datetimes",
]

TODAY = date(2026, 3, 2)
"""The 'today' the strategies' ages are computed against."""

_LAST = ["Иванов", "Петрова", "Смирнов", "Кузнецова", "Соколов", "Лебедева", "Римский-Корсаков"]
_FIRST = ["Иван", "Мария", "Пётр", "Анна", "Алексей", "Елена", "Ян"]
_MIDDLE = ["Иванович", "Петровна", "Сергеевич", "Алексеевна", ""]
_WORD_LETTERS = "бвгджзклмнпрстфхцчшщаеиоуыэюя"


def utc_datetimes(
    min_value: datetime = datetime(2000, 1, 1), max_value: datetime = datetime(2100, 1, 1)
) -> st.SearchStrategy[datetime]:
    """UTC-aware datetimes (naive bounds, as hypothesis wants them)."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.just(UTC))


@st.composite
def full_names(draw: st.DrawFn) -> FullName:
    """Russian full names, some with a hyphen, some without a patronymic."""
    return FullName(
        draw(st.sampled_from(_LAST)), draw(st.sampled_from(_FIRST)), draw(st.sampled_from(_MIDDLE))
    )


def birth_dates(today: date = TODAY) -> st.SearchStrategy[date]:
    """Birth dates of people aged 16 to 100 on ``today``."""
    return st.dates(min_value=date(today.year - 99, 1, 1), max_value=date(today.year - 17, 1, 1))


@st.composite
def passphrases(draw: st.DrawFn) -> str:
    """Long random passphrases of made-up words: never common, never personal."""
    word = st.text(alphabet=_WORD_LETTERS, min_size=5, max_size=9).filter(
        lambda w: len(set(w)) >= 3  # «ааааа ааааа» is a repetition, not a passphrase
    )
    words = draw(st.lists(word, min_size=3, max_size=5))
    separator = draw(st.sampled_from([" ", "-", "_", "."]))
    return separator.join(words) + draw(st.sampled_from(["", "!", "?", "42"]))


@st.composite
def registration_forms(draw: st.DrawFn, today: date = TODAY) -> RegistrationForm:
    """Valid registration forms as a person would type them."""
    name = draw(full_names())
    born = draw(birth_dates(today))
    return RegistrationForm(
        last_name=name.last,
        first_name=name.first,
        middle_name=name.middle,
        birth_date=born.strftime("%d.%m.%Y"),
        snils=str(draw(snils_values())),
        phone=str(draw(phones())),
        email=str(draw(emails())),
        password=draw(passphrases()),
        language=draw(st.sampled_from(["ru", "en"])),
        consent_given=True,
    )


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    """Freshly registered accounts (status ``registered``, nothing confirmed)."""
    now = draw(utc_datetimes())
    return Account(
        id=draw(st.uuids()).hex,
        version=1,
        full_name=draw(full_names()),
        birth_date=draw(birth_dates()),
        snils=draw(snils_values()),
        phone=draw(phones()),
        email=draw(emails()),
        password_hash="$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43,
        password_changed_at=now,
        created_at=now,
    )


def otp_purposes() -> st.SearchStrategy[OtpPurpose]:
    """Any one-time-code purpose."""
    return st.sampled_from(OtpPurpose)


@st.composite
def otp_policies(draw: st.DrawFn) -> OtpPolicy:
    """One-time-code policies with varied lengths, lifetimes and limits."""
    return OtpPolicy(
        digits=draw(st.integers(6, 8)),
        lifetime=timedelta(seconds=draw(st.integers(30, 1800))),
        max_tries=draw(st.integers(1, 10)),
        resend_cooldown=timedelta(seconds=draw(st.integers(0, 300))),
        hourly_cap=draw(st.integers(1, 20)),
    )


@st.composite
def session_policies(draw: st.DrawFn) -> SessionPolicy:
    """Session policies with idle limits within the absolute one, touch intervals below them."""
    idle = timedelta(seconds=draw(st.integers(60, 3600)))
    absolute = idle + timedelta(seconds=draw(st.integers(0, 86_400)))
    fresh = timedelta(seconds=draw(st.integers(60, 900)))
    touch = timedelta(seconds=draw(st.integers(0, min(300, int(idle.total_seconds()) - 1))))
    return SessionPolicy(idle=idle, absolute=absolute, fresh_login=fresh, touch_interval=touch)
