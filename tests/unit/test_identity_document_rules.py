"""Identity documents on the account aggregate, against a model of uploads and reviews."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.accounts import events as ev
from accredkit.domain.accounts.account import Account, AccountStatus, ConsentRecord
from accredkit.domain.accounts.identity_documents import (
    IdentityDocument,
    IdentityDocumentKind,
    identity_document_kind,
    status_label,
)
from accredkit.errors import ValidationError
from accredkit.testing.account_strategies import accounts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONSENT = ConsentRecord("2026-01", "ab" * 32, T0)

Step = tuple[str, IdentityDocumentKind | None]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("upload"), st.sampled_from(IdentityDocumentKind)),
        st.tuples(st.sampled_from(["accept", "return"]), st.none()),
    ),
    max_size=10,
)


def _document(kind: IdentityDocumentKind, n: int) -> IdentityDocument:
    return IdentityDocument(kind, f"{n:064x}", f"{kind}.pdf", 100 + n, "ef" * 32, T0)


@given(accounts(), steps)
def test_uploads_and_reviews_follow_the_model(account: Account, script: list[Step]) -> None:
    account = attrs.evolve(
        account, consent=CONSENT, status=AccountStatus.REGISTERED, identity_documents=()
    )
    kinds: set[IdentityDocumentKind] = set()
    accepted, returned = False, False
    for n, (action, kind) in enumerate(script):
        if action == "upload":
            assert kind is not None
            account, events = account.submit_identity_document(_document(kind, n), T0)
            assert isinstance(events[0], ev.IdentityDocumentSubmitted)
            kinds.add(kind)
            accepted, returned = False, False
        elif action == "accept":
            if kinds != set(IdentityDocumentKind):
                with pytest.raises(ValidationError) as refused:
                    account.accept_identity_documents(T0)
                assert refused.value.code == "identity_documents.missing"
                continue
            account, _ = account.accept_identity_documents(T0)
            accepted, returned = True, False
        else:
            if not kinds:
                with pytest.raises(ValidationError) as refused:
                    account.return_identity_documents("Размыто", T0)
                assert refused.value.code == "identity_documents.none"
                continue
            account, events = account.return_identity_documents(" Размыто ", T0)
            assert events == (ev.IdentityDocumentsReturned(account.id, "Размыто", T0),)
            accepted, returned = False, True
    assert {d.kind for d in account.identity_documents} == kinds
    assert len(account.identity_documents) == len(kinds)  # one file per kind, the newest
    assert account.identity_documents_accepted is accepted
    if account.status is AccountStatus.VERIFIED:
        assert accepted
        assert account.status_label.ru == "Учетная запись подтверждена"
    elif returned:
        assert account.status_label.ru == "Документы возвращены: Размыто"
    elif not kinds:
        assert account.status_label.ru == "Документы не загружены"
    elif not accepted:
        assert account.status_label.code in (
            "account.documents_incomplete",
            "account.documents_under_review",
        )
        assert (account.status_label.code == "account.documents_under_review") == (
            kinds == set(IdentityDocumentKind)
        )
    else:
        assert account.status_label.code == "account.documents_accepted"


def test_a_blocked_account_says_so_first() -> None:
    label = status_label(
        blocked=True, verified=False, documents=(), accepted=False, returned_reason="x"
    )
    assert (label.ru, label.text("en")) == (
        "Учетная запись заблокирована",
        "The account is blocked",
    )


@pytest.mark.parametrize("value", ["diploma", "", None, 3, "PASSPORT"])
def test_an_unknown_kind_is_a_validation_error(value: object) -> None:
    with pytest.raises(ValidationError) as refused:
        identity_document_kind(value)
    assert refused.value.code == "identity_document.unknown_kind"
    assert refused.value.violations[0].field == "kind"
