"""``access_requirements``: what is missing, each with a code and ru/en advice."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts.access import access_requirements
from accredkit.domain.accounts.account import (
    Account,
    AccountStatus,
    ConsentRecord,
    RegistryLink,
    SecondFactor,
)
from accredkit.domain.person import FullName
from accredkit.testing.account_strategies import accounts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONSENT = ConsentRecord("2026-01", "ab" * 32, T0)


def complete(account: Account) -> Account:
    link = RegistryLink(str(account.full_name), account.birth_date, T0)
    return attrs.evolve(
        account,
        status=AccountStatus.VERIFIED,
        phone_confirmed=True,
        email_confirmed=True,
        identity_documents_accepted=True,
        consent=CONSENT,
        registry_link=link,
        second_factor=SecondFactor.TOTP,
    )


def codes(account: Account, consent_version: str | None = None) -> list[str]:
    return [r.code for r in access_requirements(account, consent_version=consent_version)]


@given(accounts())
def test_fresh_registration_misses_everything_but_not_blocked(account: Account) -> None:
    assert codes(account) == [
        "access.not_verified",
        "access.phone_unconfirmed",
        "access.email_unconfirmed",
        "access.second_factor_missing",
        "access.personal_data_outdated",
        "access.registry_link_missing",
    ]


@given(accounts())
def test_complete_account_has_full_access(account: Account) -> None:
    assert codes(complete(account), consent_version="2026-01") == []


@given(accounts())
def test_blocked_account_is_told_so_first(account: Account) -> None:
    blocked = attrs.evolve(complete(account), status=AccountStatus.BLOCKED, block_reason="x")
    assert codes(blocked) == ["access.blocked"]


@given(accounts())
def test_outdated_consent_version_is_a_requirement(account: Account) -> None:
    assert codes(complete(account), consent_version="2026-07") == ["access.personal_data_outdated"]


@given(accounts())
def test_stale_registry_link_is_a_requirement(account: Account) -> None:
    renamed = attrs.evolve(complete(account), full_name=FullName("Другая", "Фамилия"))
    assert "access.registry_link_missing" in codes(renamed)


@given(
    accounts(),
    st.fixed_dictionaries(
        {
            "phone_confirmed": st.booleans(),
            "email_confirmed": st.booleans(),
            "second_factor": st.sampled_from(SecondFactor),
        }
    ),
)
def test_each_missing_item_named_with_advice_in_both_languages(
    account: Account, changes: dict[str, object]
) -> None:
    changed = attrs.evolve(complete(account), **changes)  # type: ignore[arg-type]
    found = access_requirements(changed)
    names = [r.code for r in found]
    assert ("access.phone_unconfirmed" in names) != changes["phone_confirmed"]
    assert ("access.email_unconfirmed" in names) != changes["email_confirmed"]
    assert ("access.second_factor_missing" in names) == (
        changes["second_factor"] is SecondFactor.NONE
    )
    for requirement in found:
        assert requirement.text("ru") != requirement.text("en")
        assert requirement.message_ru
        assert requirement.message_en
