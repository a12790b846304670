"""Depersonalisation when the purpose has ended (152-ФЗ, ст. 21, ч. 4–5), with its act.

For each collection naming the person whose retention period has passed since their
last activity, every personal field (``Collection.personal``) is erased — empty text,
no value — or, where the type needs a value, replaced by a pseudonym; identity claims
are released; document files are deleted. An act of destruction is stored and the
journal records it. The journal itself holds ids and hashes only, so it still
verifies, and a certificate exported before still verifies offline.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from typing import Any

import attrs

from accredkit.domain.accounts.activity_events import AccountDepersonalised
from accredkit.domain.accounts.retention import DestructionAct
from accredkit.domain.authority.actors import Actor
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.errors import ValidationError, Violation
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._base import AccountsBase
from accredkit.services.accounts.subject_data import HOLDINGS
from accredkit.services.accounts.subjects import links_of, records_of
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, APPLICATIONS, DESTRUCTION_ACTS, MESSAGES

__all__ = ["DepersonalisationUseCases", "blank_value"]

ERASED = "обезличено"


def blank_value(hint: Any, pseudonym: str) -> Any:
    """What a personal field of type ``hint`` holds once depersonalised."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if Snils in args:  # a holder named by СНИЛС stays named by one (the zero number)
            return Snils("00000000000")
        return None if len(args) < len(typing.get_args(hint)) else blank_value(args[0], pseudonym)
    if origin is tuple:
        return ()
    replacements: dict[Any, Any] = {
        str: ERASED,
        FullName: FullName("Обезличено", pseudonym),
        Snils: Snils("00000000000"),
        Phone: Phone("+70000000000"),
        Email: Email(f"{pseudonym}@depersonalised.invalid"),
        Inn: None,
        date: date(1900, 1, 1),
    }
    return replacements.get(hint)


def _erased(item: Any, personal: tuple[str, ...], pseudonym: str) -> Any:
    hints = typing.get_type_hints(type(item))
    changes = {f: blank_value(hints[f], pseudonym) for f in personal if f != "id"}
    if "account_id" in hints and "id" in personal:  # a claim: released, not kept
        changes["account_id"] = None
    return attrs.evolve(item, **changes)


def _last_activity(uow: UnitOfWork, account_id: str, created_at: datetime) -> datetime:
    moments = [created_at]
    for holding in HOLDINGS:
        if holding.link == "applicant_id":
            for app in records_of(uow, holding, account_id, {}):
                moments += [m for m in (app.created_at, app.decided_at, app.closed_at) if m]
    return max(moments)


def _files(records: list[Any]) -> set[str]:
    found: set[str] = set()
    for record in records:
        parts = ("documents", "attachments", "identity_documents")
        for part in (p for name in parts for p in getattr(record, name, ())):
            found.add(part.sha256)
    return found


def _still_used(uow: UnitOfWork, files: set[str], mine: set[tuple[str, str]]) -> set[str]:
    """The files another person's application, message or account points to as well.

    Blobs are addressed by content, so the same scan sent by two people is one file: it
    is deleted only when nobody else's record refers to it.
    """
    used: set[str] = set()
    others: list[Any] = [
        *(a for a in uow.repository(APPLICATIONS).query() if ("applications", a.id) not in mine),
        *(m for m in uow.repository(MESSAGES).query() if ("messages", m.id) not in mine),
        *(a for a in uow.repository(ACCOUNTS).query() if ("accounts", a.id) not in mine),
    ]
    for record in others:
        used |= _files([record]) & files
    return used


class DepersonalisationUseCases(AccountsBase):
    """Depersonalisation and the act of destruction (mixed into ``Accounts``)."""

    def depersonalise(self, actor: Actor, account_id: str, basis: str) -> DestructionAct:
        """Erase what the retention periods no longer allow keeping about ``account_id``.

        Args:
            actor: an operator.
            account_id: whose data.
            basis: the legal basis, as the act states it (e.g. «истек срок хранения»).

        Raises:
            PermissionDenied: the actor is not an operator.
            ValidationError: ``depersonalise.basis_required`` or
                ``depersonalise.retention_running`` (nothing is due yet).
        """
        if not basis.strip():
            raise ValidationError.of(
                [
                    Violation(
                        "depersonalise.basis_required",
                        "basis",
                        "Укажите основание уничтожения.",
                        "State the basis of the destruction.",
                    )
                ]
            )
        now = self._now()
        retention = self.settings.retention
        pseudonym = f"pd-{self.deps.random.new_id()[:12]}"
        with self._uow() as uow:
            actor, account, _ = self._reach_account(
                uow, actor, "accounts.depersonalise", account_id
            )
            last = _last_activity(uow, account_id, account.created_at)
            links = links_of(uow, account)
            due = [h for h in HOLDINGS if retention.due(h.collection.name, last, now)]
            if not any(h.collection is ACCOUNTS for h in due):
                raise ValidationError.of(
                    [
                        Violation(
                            "depersonalise.retention_running",
                            "account_id",
                            "Срок хранения данных учетной записи еще не истек.",
                            "The retention period of the account's data has not passed.",
                        )
                    ]
                )
            counts, files, mine = [], set(), set()
            for holding in due:
                if not holding.collection.personal:
                    continue
                records = records_of(uow, holding, account_id, links)
                files |= _files(records)
                mine |= {(holding.collection.name, r.id) for r in records}
                repo = uow.repository(holding.collection)
                for record in records:
                    repo.update(_erased(record, holding.collection.personal, pseudonym))
                counts.append((holding.collection.name, len(records)))
            files -= _still_used(uow, files, mine)
            act = uow.repository(DESTRUCTION_ACTS).add(
                DestructionAct(
                    self.deps.random.new_id(),
                    0,
                    account_id,
                    pseudonym,
                    now,
                    actor.id,
                    basis.strip(),
                    tuple(counts),
                    tuple(h.collection.name for h in HOLDINGS if h not in due),
                    len(files),
                )
            )
            happened(uow, AccountDepersonalised(account_id, act.id, len(files), now), actor=actor)
            uow.commit()
        for digest in sorted(files):  # only once the erasure is committed
            self._delete_file(digest)
        return act

    def _delete_file(self, digest: str) -> bool:
        delete = getattr(self.deps.blobs, "delete", None)
        return bool(delete(digest)) if delete is not None else False
