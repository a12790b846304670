"""Audit-journal entries for account events (docs/journal.md): ids, flags and hashes only.

The journal outlives the accounts and goes to regulators, so an entry names the
account by id and never carries its СНИЛС, phone, e-mail or name; a block reason
(free text an operator typed) is journaled as its SHA-256.
"""

from __future__ import annotations

import hashlib
from typing import Any

from accredkit.domain import account_events as ev
from accredkit.domain.actors import SYSTEM, Actor
from accredkit.domain.journal import JournalDraft
from accredkit.domain.lifecycle import Role

__all__ = ["journal_draft"]

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
# Events nobody in particular caused: someone typed a wrong password.
_BY_SYSTEM = (ev.LoginFailed, ev.AccountLockedOut)


def _details(event: ev.AccountEvent) -> dict[str, Any]:
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


def journal_draft(event: ev.AccountEvent, actor: Actor | None = None) -> JournalDraft:
    """The journal entry for ``event``.

    Args:
        event: an account event.
        actor: who caused it; by default the account holder (as applicant), or the
            system for failed logins.

    Returns:
        A draft for ``uow.journal.append``.
    """
    if actor is None:
        actor = SYSTEM if isinstance(event, _BY_SYSTEM) else Actor(event.account_id, Role.APPLICANT)
    return JournalDraft(
        time=event.at,
        actor=actor.id,
        role=str(actor.role),
        action=_ACTIONS[type(event)],
        subject_type="account",
        subject_id=event.account_id,
        details=_details(event),
    )
