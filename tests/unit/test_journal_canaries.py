"""The canary helper finds personal data in any spelling, and the screen keeps it out."""

from __future__ import annotations

import base64
import hashlib

import pytest

from accredkit.adapters.clock import FrozenClock
from accredkit.bootstrap.cabinet import bootstrap
from accredkit.domain.authority.actors import SYSTEM
from accredkit.domain.journal.entries import JournalDraft
from accredkit.errors import ValidationError
from tests.support.journal import canary_forms, find_canaries

CANARIES = {
    "snils": "112-233-445 95",
    "phone": "+7 912 345-67-89",
    "email": "ivanova.canary@example.org",
    "password": "Correct-Horse-Battery-9",
    "otp": "492817",
    "totp_secret": "JBSWY3DPEHPK3PXP",
    "session_token": "q3Vb9-xYz_0123456789abcdefghijklmnopqrstu",
}


def draft(**details: object) -> JournalDraft:
    return JournalDraft(
        time=FrozenClock().now(),
        actor="acc_000001",
        role="applicant",
        action="account.updated",
        subject_type="account",
        subject_id="acc_000001",
        details=details,
    )


@pytest.mark.parametrize(("name", "canary"), sorted(CANARIES.items()))
def test_a_canary_under_its_own_name_never_reaches_the_journal(name: str, canary: str) -> None:
    with pytest.raises(ValidationError):
        draft(**{name: canary})
    with pytest.raises(ValidationError):
        draft(changes=[{name: canary}])


@pytest.mark.parametrize("canary", [CANARIES["snils"], CANARIES["phone"], CANARIES["email"]])
def test_identifiers_are_refused_wherever_they_hide(canary: str) -> None:
    for details in ({"note": canary}, {"note": f"see {canary} for details"}, {canary: True}):
        with pytest.raises(ValidationError):
            draft(**details)


def test_find_canaries_sees_every_spelling() -> None:
    with bootstrap(clock=FrozenClock()) as cabinet:
        secret = CANARIES["totp_secret"]
        raw = secret.encode()
        leaks = {
            "raw": secret,
            "hex": raw.hex(),
            "base64": base64.b64encode(raw).decode(),
            "sha256": hashlib.sha256(raw).hexdigest(),
        }
        with cabinet.storage.unit_of_work() as uow:
            for form, text in leaks.items():
                uow.journal.append(draft(**{f"leak_{form}": text}))
            uow.commit()
        cabinet.journal.checkpoint(SYSTEM)
        found = {f.split(" in ")[0] for f in find_canaries(cabinet, [secret, CANARIES["snils"]])}
        assert found >= {f"{secret!r} ({form})" for form in leaks}
        assert not any(CANARIES["snils"] in f for f in found)
        assert set(canary_forms(secret)) >= set(leaks)


def test_a_clean_journal_holds_no_canary() -> None:
    with bootstrap(clock=FrozenClock()) as cabinet:
        with cabinet.storage.unit_of_work() as uow:
            uow.journal.append(draft(email_verified=True, password_changed=True, channel="sms"))
            uow.commit()
        cabinet.journal.checkpoint(SYSTEM)
        assert find_canaries(cabinet, CANARIES.values()) == []
