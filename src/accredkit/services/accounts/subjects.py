"""The data subject's rights (152-ФЗ): what is held about me, and withdrawing consent.

- ``request_subject_report``: the person asks; the request is due in 10 working days.
- ``subject_report``: an operator answers with everything held about the person, by
  collection, with purposes and recipients — as JSON and as printable text; every
  open request of the person is marked answered. Both are journaled (ids only).
- ``withdraw_consent``: the account stops being verified, so new applications and
  status notifications stop; decisions, acts and certificates are kept, as the law on
  accreditation requires; the person is told both in a message, and it is journaled.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import attrs

from accredkit.converter import converter
from accredkit.domain.accounts.account import Account
from accredkit.domain.accounts.activity_events import (
    ConsentWithdrawal,
    SubjectReportAnswered,
    SubjectReportRequested,
)
from accredkit.domain.accounts.subject_requests import (
    ANSWER_WORKING_DAYS,
    SubjectRequest,
    SubjectRequestKind,
)
from accredkit.domain.authority.actors import Actor
from accredkit.domain.correspondence.support import answer_due
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._base import AccountsBase
from accredkit.services.accounts.subject_data import HOLDINGS, SECRET_FIELDS, Holding
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, SUBJECT_REQUESTS

__all__ = [
    "ConsentWithdrawn",
    "SubjectReport",
    "SubjectRightsUseCases",
    "SubjectSection",
    "links_of",
    "records_of",
]

STOPS = (
    ("новые заявления на аккредитацию", "new applications for accreditation"),
    ("уведомления о ходе заявлений и напоминания", "status notifications and reminders"),
)
KEPT = (
    (
        "решения, акты и свидетельства об аккредитации: их хранение требует закон",
        "decisions, acts and accreditation certificates: the law requires keeping them",
    ),
    (
        "журнал аудита (только идентификаторы и хэши)",
        "the audit journal (ids and hashes only)",
    ),
)


@attrs.frozen
class SubjectSection:
    """What one collection holds about the person, why, and who receives it."""

    collection: str
    purpose_ru: str
    purpose_en: str
    recipients_ru: tuple[str, ...]
    recipients_en: tuple[str, ...]
    records: tuple[dict[str, Any], ...] = attrs.field(repr=False)


@attrs.frozen
class SubjectReport:
    """The answer to a subject's request: everything held about one account."""

    account_id: str
    generated_at: datetime
    answered_by: str
    requests: tuple[str, ...]
    sections: tuple[SubjectSection, ...]

    def to_json(self) -> str:
        """Machine-readable: one JSON document, sections in a fixed order."""
        return json.dumps(
            converter().unstructure(self), ensure_ascii=False, sort_keys=True, indent=2
        )

    def printable(self, language: str = "ru") -> str:
        """The report as a person reads it on paper."""
        ru = language != "en"
        lines = [
            "Сведения об обработке персональных данных" if ru else "Processing of personal data",
            f"{'Учетная запись' if ru else 'Account'}: {self.account_id}",
            f"{'Дата' if ru else 'Date'}: {self.generated_at:%Y-%m-%d %H:%M} UTC",
            "",
        ]
        for section in self.sections:
            if not section.records:
                continue
            purpose = section.purpose_ru if ru else section.purpose_en
            recipients = section.recipients_ru if ru else section.recipients_en
            lines.append(f"{section.collection}: {purpose}")
            if recipients:
                lines.append(f"  {'получатели' if ru else 'recipients'}: {', '.join(recipients)}")
            for record in section.records:
                for key, value in sorted(record.items()):
                    lines.append(f"  {key}: {value}")
                lines.append("")
        return "\n".join(lines)


@attrs.frozen
class ConsentWithdrawn:
    """What withdrawing consent changes, as the person is told it."""

    account_id: str
    at: datetime
    stops: tuple[tuple[str, str], ...] = STOPS
    kept: tuple[tuple[str, str], ...] = KEPT

    def text(self, language: str = "ru") -> str:
        """The notice to the person."""
        index = 1 if language == "en" else 0
        head = ("Согласие отозвано.", "Consent withdrawn.")[index]
        stop = ("Прекращается", "Stops")[index]
        keep = ("Сохраняется", "Kept")[index]
        return "\n".join(
            [
                head,
                f"{stop}: " + "; ".join(item[index] for item in self.stops) + ".",
                f"{keep}: " + "; ".join(item[index] for item in self.kept) + ".",
            ]
        )


def records_of(
    uow: UnitOfWork, holding: Holding, account_id: str, links: dict[str, list[str]]
) -> list[Any]:
    """The records of ``holding`` about ``account_id`` (``links``: see ``links_of``)."""
    repo = uow.repository(holding.collection)
    if holding.link == "id":
        found = repo.find(account_id)
        return [] if found is None else [found]
    values = links.get(holding.link, [account_id])
    return [item for value in values for item in repo.query({holding.link: value})]


def links_of(uow: UnitOfWork, account: Account) -> dict[str, list[str]]:
    """The values that link records to ``account`` besides its id: applications, contacts."""
    applications = next(h for h in HOLDINGS if h.link == "applicant_id")
    return {
        "application_id": [a.id for a in records_of(uow, applications, account.id, {})],
        "recipient": [str(account.phone), str(account.email)],
    }


def _shown(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = converter().unstructure(item)
    return {k: v for k, v in data.items() if k not in SECRET_FIELDS}


class SubjectRightsUseCases(AccountsBase):
    """Subject requests and consent withdrawal (mixed into ``Accounts``)."""

    def _answer_due(self, now: datetime) -> datetime:
        calendar = self.deps.calendar
        if calendar is None:  # no calendar wired: count every day, never later than due
            return now + timedelta(days=ANSWER_WORKING_DAYS)
        return answer_due(now, ANSWER_WORKING_DAYS, calendar.is_working_day)

    def request_subject_report(self, actor: Actor) -> SubjectRequest:
        """The person asks what the cabinet holds about them; due in 10 working days."""
        now = self._now()
        with self._uow() as uow:
            actor, _, _ = self._reach_account(
                uow, actor, "accounts.request_subject_report", actor.id
            )
            request = uow.repository(SUBJECT_REQUESTS).add(
                SubjectRequest(
                    self.deps.random.new_id(),
                    0,
                    actor.id,
                    SubjectRequestKind.REPORT,
                    now,
                    self._answer_due(now),
                )
            )
            happened(uow, SubjectReportRequested(actor.id, request.id, now), actor=actor)
            uow.commit()
        return request

    def subject_report(self, actor: Actor, account_id: str) -> SubjectReport:
        """Everything held about ``account_id``, answered by an operator.

        Raises:
            PermissionDenied: the actor is not an operator.
            NotFound: there is no such account.
        """
        now = self._now()
        with self._uow() as uow:
            actor, account, _ = self._reach_account(
                uow, actor, "accounts.subject_report", account_id
            )
            links = links_of(uow, account)
            sections = tuple(
                SubjectSection(
                    h.collection.name,
                    h.purpose_ru,
                    h.purpose_en,
                    h.recipients_ru,
                    h.recipients_en,
                    tuple(_shown(r) for r in records_of(uow, h, account_id, links)),
                )
                for h in HOLDINGS
            )
            requests = uow.repository(SUBJECT_REQUESTS)
            answered = []
            for request in requests.query({"account_id": account_id, "answered_at": None}):
                answered.append(requests.update(request.answer(actor.id, now)).id)
            happened(uow, SubjectReportAnswered(account_id, len(answered), now), actor=actor)
            uow.commit()
        return SubjectReport(account_id, now, actor.id, tuple(answered), sections)

    def withdraw_consent(self, actor: Actor) -> ConsentWithdrawn:
        """The person withdraws consent; they are told what stops and what is kept."""
        now = self._now()
        notice = ConsentWithdrawn(actor.id, now)
        with self._uow() as uow:
            repo = uow.repository(ACCOUNTS)
            actor, account, _ = self._reach_account(
                uow, actor, "accounts.withdraw_consent", actor.id
            )
            changed, events = account.withdraw_consent(now)
            repo.update(changed)
            self._record(uow, events)
            happened(uow, ConsentWithdrawal(actor.id, now))
            self._notify(uow, account, "consent_withdrawn", now)
            uow.commit()
        return notice
