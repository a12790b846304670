"""The account's identity documents: the holder uploads, the operator accepts or returns.

Each file is checked by the same document rules as an application's (``docs/documents.md``)
and stored as the clean copy the inspector rebuilds; the account keeps only digests and
names, as personal fields (encrypted at rest where storage protection is on). A staff
member's read of a document is journaled (``personal_data.read``); the holder's is not.
"""

from __future__ import annotations

import hashlib

from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.identity_documents import (
    CHECKED_AS,
    IdentityDocument,
    identity_document_kind,
)
from accredkit.domain.authority.actors import Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.documents.rules import evaluate
from accredkit.errors import NotFound, PortUnavailable
from accredkit.ports.blobs import BlobStore
from accredkit.ports.inspection import DocumentInspector
from accredkit.services.accounts._base import AccountsBase
from accredkit.services.schema import ACCOUNTS

__all__ = ["IdentityDocumentUseCases"]


class IdentityDocumentUseCases(AccountsBase):
    """Upload, list, read, accept and return identity documents (mixed into ``Accounts``)."""

    def _document_ports(self) -> tuple[DocumentInspector, BlobStore]:
        inspector, blobs = self.deps.inspector, self.deps.blobs
        if inspector is None or blobs is None:
            raise PortUnavailable(
                "identity documents need a document inspector and a blob store",
                message_ru="Загрузка документов не настроена.",
                code="identity_document.unavailable",
            )
        return inspector, blobs

    def submit_identity_document(
        self, actor: Actor, account_id: str, kind: str, filename: str, data: bytes
    ) -> Account:
        """Check an identity document by its content and keep its clean copy on the account.

        Args:
            actor: the account holder.
            account_id: whose document.
            kind: ``passport``, ``professional_status`` or ``pd_consent``.
            filename: the uploaded file's name.
            data: its bytes.

        Returns:
            The account, its documents awaiting the operator's review.

        Raises:
            ValidationError: an unknown kind, or the file breaks document rules
                (nothing is stored then).
        """
        action = "accounts.submit_identity_document"
        inspector, blobs = self._document_ports()
        with self._uow() as uow:
            self._reach_account(uow, actor, action, account_id)
        checked = identity_document_kind(kind)
        report = evaluate(
            inspector.inspect(data, filename), filename, CHECKED_AS[checked], self.deps.documents
        )
        report.raise_for_violations()
        clean = inspector.disarm(data)
        now = self._now()
        with self._uow() as uow:
            actor, found, _ = self._reach_account(uow, actor, action, account_id)
            document = IdentityDocument(
                checked, hashlib.sha256(clean).hexdigest(), filename, len(clean), report.sha256, now
            )
            account, events = found.submit_identity_document(document, now)
            blobs.put(clean)  # content-addressed: a rolled-back upload leaves a spare copy
            account = uow.repository(ACCOUNTS).update(account)
            self._record(uow, events, actor)
            uow.commit()
        return account

    def identity_documents(self, actor: Actor, account_id: str) -> tuple[IdentityDocument, ...]:
        """The account's identity documents: its holder's own, or for the operator.

        A staff member's read is journaled (``personal_data.read``).

        Raises:
            NotFound: ``account.not_found`` — none, or not the actor's to see.
        """
        account = self._read(actor, "accounts.identity_documents", account_id)
        return account.identity_documents

    def identity_document(self, actor: Actor, account_id: str, sha256: str) -> bytes:
        """The bytes of one identity document (a passport scan…), as stored.

        A staff member's read is journaled (``personal_data.read``).

        Raises:
            NotFound: ``identity_document.not_found`` — the account holds no such file.
        """
        _, blobs = self._document_ports()
        account = self._read(actor, "accounts.identity_document", account_id)
        if not any(d.sha256 == sha256 for d in account.identity_documents):
            raise NotFound(
                "no such identity document on this account",
                message_ru="Документ не найден.",
                code="identity_document.not_found",
                value=sha256,
            )
        return blobs.get(sha256)

    def _read(self, actor: Actor, action: str, account_id: str) -> Account:
        with self._uow() as uow:
            admitted, account, role = self._reach_account(uow, actor, action, account_id)
            subject = Subject("account", account.id, account.id)
            if self.authority.note_read(uow, admitted, action, role, subject, self._now()):
                uow.commit()
        return account

    def return_identity_documents(self, actor: Actor, account_id: str, reason: str) -> Account:
        """The operator returns the identity documents; the holder is told why.

        Raises:
            PermissionDenied: ``actor`` is not an operator (or acts on their own account).
            ValidationError: ``identity_documents.reason_required`` or
                ``identity_documents.none``.
        """
        now = self._now()
        with self._uow() as uow:
            action = "accounts.return_identity_documents"
            actor, found, _ = self._reach_account(uow, actor, action, account_id)
            account, events = found.return_identity_documents(reason, now)
            account = uow.repository(ACCOUNTS).update(account)
            self._record(uow, events, actor)
            self._notify(
                uow, account, "documents_returned", now,
                reason=account.identity_documents_returned or "",
            )  # fmt: skip
            uow.commit()
        return account
