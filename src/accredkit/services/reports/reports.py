"""Period reports: an applicant's own procedures, and the body's figures and overdue items.

Every query filters on indexed fields (``applicant_id``, ``organisation_ogrn``, ``status``,
a ``submitted_at`` range) and reads index columns with ``Repository.values``, or only
counts them with ``Repository.tally`` (the body's figures by type and status) — no
application is decoded, so a month over a large cabinet stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.moscow import MOSCOW, moscow_date
from accredkit.domain.reports import ApplicantReport, BodyReport, OverdueItem, Period, ProcedureRow
from accredkit.errors import PermissionDenied
from accredkit.ports.calendar import WorkingCalendar
from accredkit.ports.clock import Clock
from accredkit.ports.storage import Repository, Storage
from accredkit.services.authority import Authority
from accredkit.services.schema import APPLICATIONS, ApplicationQuery
from accredkit.services.screening import screened

__all__ = ["ReportService"]

_ROW_FIELDS = ("id", "type_code", "status", "submitted_at", "decided_at")
_AWAITING_BODY = (ApplicationStatus.SUBMITTED, ApplicationStatus.PROCESSING)
_COUNTED = ("type_code", "status")
_TIMES = ("submitted_at", "decided_at")
# Only a decision sets ``decided_at``
# (``record_decision`` in domain/applications/lifecycle_changes.py).
_DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
_BODY_ROLES = (Role.REVIEWER, Role.APPROVER, Role.OPERATOR, Role.AUDITOR)


class _Weekdays:
    """Monday to Friday: the fallback when no production calendar is wired."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


_STATUSES = {str(s): s for s in ApplicationStatus}
_parse = datetime.fromisoformat


def _rows(raw: Iterable[tuple[object, ...]]) -> list[ProcedureRow]:
    return [
        ProcedureRow(
            str(id_),
            str(type_code),
            _STATUSES[str(status)],
            None if sub is None else _parse(str(sub)),
            None if dec is None else _parse(str(dec)),
        )
        for id_, type_code, status, sub, dec in raw
    ]


def _moscow_midnight(day: date) -> datetime:
    """The moment (in UTC) a Moscow calendar day begins."""
    return datetime.combine(day, datetime.min.time(), MOSCOW).astimezone(UTC)


@screened
class ReportService:
    """Reports over a period ``[start, end)`` of submission times.

    Args:
        storage: Where applications live.
        clock: The report time (``generated_at``; what is overdue is judged then).
        calendar: Working days for the no-progress rule (default: Monday to Friday).
        overdue_after_working_days: A submitted or in-processing application is overdue
            once this many working days have passed since the day it was submitted.
    """

    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        authority: Authority,
        *,
        calendar: WorkingCalendar | None = None,
        overdue_after_working_days: int = 10,
    ) -> None:
        if overdue_after_working_days < 1:
            raise ValueError("overdue_after_working_days must be at least 1")
        self._storage = storage
        self._clock = clock
        self._authority = authority
        self._calendar = calendar or _Weekdays()
        self._after = overdue_after_working_days
        self._due_at: dict[date, datetime] = {}

    def applicant_report(
        self, actor: Actor, start: datetime, end: datetime, account_id: str | None = None
    ) -> ApplicantReport:
        """The procedures of ``account_id`` (default: the actor) submitted in the period.

        A representative's own report also lists the organisation's procedures; asking
        for a colleague's account lists only the organisation's among theirs.

        Args:
            actor: Who asks.
            start: Period start (inclusive), UTC-aware.
            end: Period end (exclusive), UTC-aware.
            account_id: Whose procedures; staff may name any account.

        Returns:
            The procedures ordered by submission time, then id.

        Raises:
            ValidationError: a bad period (``report.bad_period``).
            PermissionDenied: an applicant asked for another account
                (``report.other_account``).
        """
        with self._storage.unit_of_work() as uow:
            actor = self._authority.admit(uow, actor, "reports.applicant_report")
            period = Period.of(start, end)
            between = ("submitted_at", period.start, period.end)
            account = actor.id if account_id is None else account_id
            body = actor.holds(*_BODY_ROLES)
            ogrn = None if body else actor.organisation_ogrn
            if not body and account != actor.id and ogrn is None:
                raise PermissionDenied(
                    f"{actor.id} may not read the report of another account",
                    message_ru="Отчет по чужой учетной записи недоступен.",
                    code="report.other_account",
                )
            repo = uow.repository(APPLICATIONS)
            fields = (*_ROW_FIELDS, "organisation_ogrn")
            raw = repo.values(fields, {"applicant_id": account}, between=between)
            if ogrn is not None:
                raw = [r for r in raw if account == actor.id or r[-1] == ogrn]
                if account == actor.id:
                    org = repo.values(fields, {"organisation_ogrn": ogrn}, between=between)
                    raw = list(dict.fromkeys([*raw, *org]))
        rows = _rows(r[:-1] for r in raw)
        rows.sort(key=lambda r: (r.submitted_at, r.application_id))
        return ApplicantReport(account, period, self._clock.now(), tuple(rows))

    def body_report(self, actor: Actor, start: datetime, end: datetime) -> BodyReport:
        """The body's figures for the procedures submitted in ``[start, end)``.

        Counts by type, status and outcome; processing times (median and 90th
        percentile of decided − submitted); and every open application overdue now.

        Raises:
            ValidationError: a bad period (``report.bad_period``).
            PermissionDenied: the actor is not the body's staff (``permission.role``).
        """
        with self._storage.unit_of_work() as uow:
            self._authority.admit(uow, actor, "reports.body_report")
            period = Period.of(start, end)
            now = self._clock.now()
            between = ("submitted_at", period.start, period.end)
            repo = uow.repository(APPLICATIONS)
            counts = {
                (str(type_code), _STATUSES[str(status)]): n
                for (type_code, status), n in repo.tally(_COUNTED, between=between).items()
            }
            durations = [
                _parse(str(decided)) - _parse(str(submitted))
                for status in _DECIDED
                for submitted, decided in repo.values(_TIMES, {"status": status}, between=between)
                if decided is not None
            ]
            overdue = self._overdue(repo, now)
        return BodyReport.of_counts(period, now, counts, durations, overdue, self._after)

    def _overdue(
        self, repo: Repository[Application, ApplicationQuery], now: datetime
    ) -> list[OverdueItem]:
        found: list[OverdueItem] = []
        # Due times grow with the submission day, so only submissions up to the last
        # overdue day need reading: a range on the index, not every open application.
        last_day = moscow_date(now)
        while self._due(_moscow_midnight(last_day)) >= now:
            last_day -= timedelta(days=1)
        until = ("submitted_at", None, _moscow_midnight(last_day + timedelta(days=1)))
        for status in _AWAITING_BODY:
            fields = ("id", "type_code", "submitted_at")
            for id_, type_code, submitted in repo.values(fields, {"status": status}, between=until):
                due = self._due(_parse(str(submitted)))  # the range skips missing values
                found.append(
                    OverdueItem(str(id_), str(type_code), status, "no_progress", due, now - due)
                )
        waiting = repo.values(
            ("id", "type_code", "info_deadline"),
            {"status": ApplicationStatus.NEEDS_INFO},
            between=("info_deadline", None, now),
        )
        for id_, type_code, deadline_text in waiting:
            deadline = _parse(str(deadline_text))
            found.append(
                OverdueItem(
                    str(id_),
                    str(type_code),
                    ApplicationStatus.NEEDS_INFO,
                    "info_deadline_passed",
                    deadline,
                    now - deadline,
                )
            )
        return found

    def _due(self, submitted_at: datetime) -> datetime:
        """The end of the N-th working day after the submission day (Moscow days)."""
        day = moscow_date(submitted_at)
        due_at = self._due_at.get(day)
        if due_at is None:
            due, left = day, self._after
            while left:
                due += timedelta(days=1)
                if self._calendar.is_working_day(due):
                    left -= 1
            due_at = _moscow_midnight(due + timedelta(days=1))
            self._due_at[day] = due_at
        return due_at
