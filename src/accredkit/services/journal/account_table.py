"""Journal actions and details of account events (docs/journal.md): ids, flags, hashes.

The rows of the journal table (``accredkit.services.journal.table``) for the account
aggregate's events are built from ``ACCOUNT_ACTIONS``: one line per event class.

The journal outlives the accounts and goes to regulators, so an entry names the
account by id and never carries its СНИЛС, phone, e-mail or name; a block reason
(free text an operator typed) is journaled as its SHA-256.
"""

from __future__ import annotations

import hashlib
from typing import Any

from accredkit.domain.accounts import events as ev

__all__ = ["ACCOUNT_ACTIONS", "account_details"]

_ACTIONS: dict[type[object], str] = {
    ev.AccountRegistered: "account.registered",
    ev.ContactConfirmed: "account.contact_confirmed",
    ev.ContactChanged: "account.contact_changed",
    ev.ConsentRecorded: "account.consent_recorded",
    ev.IdentityDocumentSubmitted: "account.identity_document_submitted",
    ev.IdentityDocumentsAccepted: "account.documents_accepted",
    ev.IdentityDocumentsReturned: "account.documents_returned",
    ev.RegistryLinked: "account.registry_linked",
    ev.PersonalDataChanged: "account.personal_data_changed",
    ev.AccountVerified: "account.verified",
    ev.AccountBlocked: "account.blocked",
    ev.AccountUnblocked: "account.unblocked",
    ev.PasswordChanged: "account.password_changed",
    ev.SecondFactorChanged: "account.second_factor_changed",
    ev.RecoveryCodesIssued: "account.recovery_codes_issued",
    ev.RecoveryCodeUsed: "account.recovery_code_used",
    ev.LoginSucceeded: "account.login_succeeded",
    ev.LoginFailed: "account.login_failed",
    ev.AccountLockedOut: "account.locked_out",
    ev.ESignatureConfirmed: "account.esignature_confirmed",
    ev.PasskeyEnrolled: "account.passkey_enrolled",
    ev.PasskeyRemoved: "account.passkey_removed",
}


def _details(event: Any) -> dict[str, Any]:
    match event:
        case ev.ContactConfirmed(contact=contact) | ev.ContactChanged(contact=contact):
            return {"contact": contact}
        case ev.ConsentRecorded(document_version=version, text_sha256=digest):
            return {"document_version": version, "text_sha256": digest}
        case ev.IdentityDocumentSubmitted(kind=kind, sha256=digest):
            return {"kind": kind, "sha256": digest}
        case ev.AccountBlocked(reason=reason) | ev.IdentityDocumentsReturned(reason=reason):
            return {"reason_sha256": hashlib.sha256(reason.encode("utf-8")).hexdigest()}
        case ev.PasswordChanged(via_recovery=via_recovery):
            return {"via_recovery": via_recovery}
        case ev.SecondFactorChanged(factor=factor) | ev.LoginSucceeded(factor=factor):
            return {"factor": factor}
        case ev.RecoveryCodesIssued(count=count):
            return {"count": count}
        case ev.RecoveryCodeUsed(remaining=remaining):
            return {"remaining": remaining}
        case ev.LoginFailed(failures=failures) | ev.AccountLockedOut(failures=failures):
            return {"failures": failures}
        case ev.ESignatureConfirmed(certificate_sha256=digest):
            return {"certificate_sha256": digest}
        case ev.PasskeyEnrolled(passkey_id=passkey) | ev.PasskeyRemoved(passkey_id=passkey):
            return {"passkey_id": passkey}
    return {}


ACCOUNT_ACTIONS = _ACTIONS
"""The journal action of each account event; the rows are built in ``journal_table``."""
account_details = _details
