"""No personal data or secret in the ``repr``/``str`` of any attrs class of accredkit.

Every attrs class in the package is built from strategies with personal data in its
fields (``tests.support.repr_strategies``); what it holds must not come out of
``repr()`` or ``str()``, one stray log line away from a leak (152-ФЗ).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accredkit.config import Config
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from tests.support.accounts_harness import default_form
from tests.support.repr_strategies import attrs_classes, instances, personal_values

# Fields whose personal-sounding name holds nothing personal, with why.
NOT_PERSONAL = {
    ("TableShape", "name"),  # a collection's name
    ("OrganisationRecord", "name"),  # an employer, not a person
    ("Organisation", "name"),  # an organisation account's name, from the register
    ("Template", "params"),  # the names of a template's placeholders
    ("ConsentDocument", "text"),  # the public consent text
    ("OverdueItem", "reason"),  # a code: info_deadline_passed | no_progress
    ("SessionEnded", "reason"),  # a code: logout | ended_by_user
    ("SessionsEnded", "reason"),  # a code: ended_by_user
    ("PasskeyRefused", "reason"),  # a code: passkey.refused | passkey.sign_count
    ("TextDraft", "text"),  # a contract suite's sample journal entry
    ("OutboxRow", "text"),  # a durability suite's sample row
    ("VerifierInfo", "name"),  # an e-signature verifier plugin's name
    ("EntryPoint", "name"),  # a plugin's entry-point name
    ("EntryPoint", "value"),  # the module:attribute it loads
    ("EntryPoint", "dist_name"),  # the distribution declaring it
    ("RelyingParty", "name"),  # the cabinet's own name, shown by authenticators
    ("PolicyKey", "name"),  # a settings key, such as idle_minutes
    ("PolicyTable", "name"),  # a settings table, such as sessions
    ("Effect", "name"),  # a lifecycle row's consequence: licence, certificate, act, notice
    ("Effect", "detail"),  # an act's decision code or a notice's template key
}
CLASSES = sorted(attrs_classes(), key=lambda c: f"{c.__module__}.{c.__qualname__}")


VALUES = (Snils, Inn, Phone, Email, FullName)  # str() is the value itself: that is its job


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_repr_and_str_show_no_personal_value(cls: type[Any], data: st.DataObject) -> None:
    try:
        strategy = instances(cls)
        obj = data.draw(strategy)
    except (TypeError, NotImplementedError, ValueError) as error:  # ports, callables, types
        pytest.skip(f"not built from strategies: {error}")
    if obj is None:
        return
    shown = repr(obj) if isinstance(obj, VALUES) else repr(obj) + str(obj)
    leaked = sorted(v for v in personal_values(obj, skip=NOT_PERSONAL) if v in shown)
    assert leaked == []


def test_most_classes_are_built(capsys: pytest.CaptureFixture[str]) -> None:
    """The scan above covers the package, not just a few classes."""
    built = 0
    for cls in CLASSES:
        try:
            instances(cls)
        except (TypeError, NotImplementedError, ValueError):
            continue
        built += 1
    assert built >= 0.8 * len(CLASSES), (built, len(CLASSES))


def test_the_masks_read_as_documented() -> None:
    account_form = default_form()
    assert repr(Snils.parse(account_form.snils)) == "СНИЛС ***-***-445 95"
    shown = repr(account_form)
    assert "+7 *** ***-45-67" in shown
    assert "i***@example.org" in shown
    assert "Иванов" not in shown
    config = Config(blob_key="c2VjcmV0", otp_key="b3Rw", data_key="ZGF0YQ==")
    assert not {"c2VjcmV0", "b3Rw", "ZGF0YQ=="} & set(repr(config).replace("'", " ").split())
