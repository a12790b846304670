"""Identity documents: uploaded by the holder, checked like any document, accepted or
returned by the operator; the account's status label says where it stands."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from accredkit import NotFound, Role, ValidationError
from accredkit.domain.accounts.account import AccountStatus
from accredkit.domain.authority.actors import SYSTEM
from accredkit.services.schema import OUTBOX
from accredkit.testing import documents as files
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import person_form, signed_in, sqlite_config, staff_member

PASSPORT = files.scan(fmt="JPEG", seed=7)


@pytest.fixture
def h() -> Iterator[AccountsHarness]:
    harness = AccountsHarness()
    yield harness
    harness.close()


def _journal_actions(h: AccountsHarness, since: int = 0) -> list[str]:
    with h.cabinet.storage.unit_of_work() as uow:
        return [json.loads(data)["action"] for _, data in uow.journal.read()][since:]


def _journal_size(h: AccountsHarness) -> int:
    with h.cabinet.storage.unit_of_work() as uow:
        return uow.journal.size()


def test_accepting_without_identity_documents_is_refused_and_changes_nothing(
    h: AccountsHarness,
) -> None:
    # On main the operator's flag alone confirmed the account: nothing was ever uploaded.
    registered = h.register()
    before = (h.account(registered.account_id), _journal_size(h))
    with pytest.raises(ValidationError) as refused:
        h.accounts.accept_identity_documents(h.operator(), registered.account_id)
    assert refused.value.code == "identity_documents.missing"
    assert "passport" in str(refused.value)
    assert refused.value.hint_ru
    assert (h.account(registered.account_id), _journal_size(h)) == before
    label = h.account(registered.account_id).status_label
    assert (label.code, label.ru, label.en) == (
        "account.documents_missing",
        "Документы не загружены",
        "Documents not uploaded",
    )


def test_the_label_follows_upload_return_and_acceptance(h: AccountsHarness) -> None:
    person = signed_in(h, person_form(11))
    account_id = person.account_id
    assert h.account(account_id).status_label.ru == "Учетная запись подтверждена"
    operator = staff_member(h, Role.OPERATOR, n=12).actor
    start = _journal_size(h)
    account = h.accounts.submit_identity_document(
        person.actor, account_id, "passport", "passport.jpg", PASSPORT
    )
    assert account.status is AccountStatus.REGISTERED  # a new scan needs a new review
    assert account.status_label.ru == "Документы на проверке"
    passport = next(d for d in account.identity_documents if d.kind == "passport")
    assert (passport.filename, passport.uploaded_at) == ("passport.jpg", h.clock.now())
    assert h.cabinet.blobs.exists(passport.sha256)
    returned = h.accounts.return_identity_documents(operator, account_id, "  Скан размыт  ")
    assert returned.status_label.ru == "Документы возвращены: Скан размыт"
    assert returned.status_label.en == "Documents returned: Скан размыт"
    with h.cabinet.storage.unit_of_work() as uow:
        notices = uow.repository(OUTBOX).query({})
    assert any(
        "Скан размыт" in n.body and n.template == "account.documents_returned" for n in notices
    )
    again = h.accounts.submit_identity_document(
        person.actor, account_id, "passport", "passport2.jpg", files.scan(fmt="JPEG", seed=8)
    )
    assert again.status_label.code == "account.documents_under_review"
    assert [d.kind.value for d in again.identity_documents] == [
        "passport",
        "professional_status",
        "pd_consent",
    ]
    accepted = h.accounts.accept_identity_documents(operator, account_id)
    assert accepted.status is AccountStatus.VERIFIED
    assert (accepted.status_label.ru, accepted.status_label.en) == (
        "Учетная запись подтверждена",
        "Account confirmed",
    )
    actions = _journal_actions(h, start)
    assert actions.count("account.identity_document_submitted") == 2
    assert "account.documents_returned" in actions
    assert actions[-2:] == ["account.documents_accepted", "account.verified"]
    assert not any("Скан размыт" in a for a in map(str, _journal_actions(h)))


def test_a_bad_file_is_refused_like_an_application_document_and_nothing_is_kept(
    h: AccountsHarness,
) -> None:
    registered = h.register()
    before = (h.account(registered.account_id), _journal_size(h))
    posing = files.scan(fmt="PNG")
    with pytest.raises(ValidationError) as refused:
        h.accounts.submit_identity_document(
            SYSTEM, registered.account_id, "passport", "passport.pdf", posing
        )
    assert "document.type_mismatch" in {v.code for v in refused.value.violations}
    with pytest.raises(ValidationError) as unknown:
        h.accounts.submit_identity_document(
            SYSTEM, registered.account_id, "diploma", "d.pdf", files.text_pdf()
        )
    assert unknown.value.code == "identity_document.unknown_kind"
    blank = files.blank_page_pdf(blank=(1,), pages=1)
    with pytest.raises(ValidationError):
        h.accounts.submit_identity_document(
            SYSTEM, registered.account_id, "pd_consent", "consent.pdf", blank
        )
    assert (h.account(registered.account_id), _journal_size(h)) == before


def test_a_staff_read_of_a_passport_scan_is_journaled_and_the_holders_is_not(
    h: AccountsHarness,
) -> None:
    person = signed_in(h, person_form(21))
    stranger = signed_in(h, person_form(22))
    account = h.accounts.submit_identity_document(
        person.actor, person.account_id, "passport", "passport.jpg", PASSPORT
    )
    passport = account.identity_documents[0]
    operator = staff_member(h, Role.OPERATOR, n=23)
    start = _journal_size(h)
    mine = h.accounts.identity_document(person.actor, person.account_id, passport.sha256)
    assert h.accounts.identity_documents(person.actor, person.account_id) == (
        account.identity_documents
    )
    assert _journal_size(h) == start
    seen = h.accounts.identity_document(operator.actor, person.account_id, passport.sha256)
    assert seen == mine
    with h.cabinet.storage.unit_of_work() as uow:
        entries = [json.loads(d) for _, d in uow.journal.read()][start:]
    assert [(e["action"], e["actor"], e["subject"]["id"]) for e in entries] == [
        ("personal_data.read", operator.account_id, person.account_id)
    ]
    assert entries[0]["details"]["use_case"] == "accounts.identity_document"
    with pytest.raises(NotFound):
        h.accounts.identity_document(stranger.actor, person.account_id, passport.sha256)
    with pytest.raises(NotFound) as missing:
        h.accounts.identity_document(person.actor, person.account_id, "0" * 64)
    assert missing.value.code == "identity_document.not_found"


def test_identity_documents_survive_a_restart_and_are_not_stored_in_clear(tmp_path: Path) -> None:
    config = sqlite_config(tmp_path)
    h = AccountsHarness(config)
    try:
        person = signed_in(h, person_form(31))
        documents = h.account(person.account_id).identity_documents
    finally:
        h.close()
    again = AccountsHarness(config)
    try:
        assert again.account(person.account_id).identity_documents == documents
        assert again.account(person.account_id).status_label.code == "account.verified"
    finally:
        again.close()
    with sqlite3.connect(tmp_path / "cabinet.db") as db:
        dump = "\n".join(db.iterdump())
    assert "professional_status.pdf" not in dump  # a personal field: sealed at rest
    assert len(documents) == 3
