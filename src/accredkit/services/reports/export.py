"""Reports as files: CSV (one table per file) and JSON (one document per report).

CSV columns come in a fixed order with Russian or English headers; cell values are
stable codes and ISO 8601 UTC times, so a spreadsheet or a script reads them the same
way in either language. ``bom=True`` prefixes the UTF-8 byte-order mark Excel needs to
recognise UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from accredkit.domain.reports import ApplicantReport, BodyReport, ProcessingTimes

__all__ = [
    "FIGURE_COLUMNS",
    "OVERDUE_COLUMNS",
    "PROCEDURE_COLUMNS",
    "Lang",
    "figures_csv",
    "overdue_csv",
    "procedures_csv",
    "report_json",
]

Lang = Literal["ru", "en"]

PROCEDURE_COLUMNS: Final = (
    "application_id",
    "type_code",
    "status",
    "submitted_at",
    "decided_at",
    "outcome",
)
FIGURE_COLUMNS: Final = ("section", "key", "value")
OVERDUE_COLUMNS: Final = (
    "application_id",
    "type_code",
    "status",
    "reason",
    "due_at",
    "overdue_hours",
)

_HEADERS: Final[dict[str, tuple[str, str]]] = {
    "application_id": ("Заявление", "Application"),
    "type_code": ("Вид аккредитации", "Accreditation type"),
    "status": ("Статус", "Status"),
    "submitted_at": ("Подано (UTC)", "Submitted (UTC)"),
    "decided_at": ("Решение (UTC)", "Decided (UTC)"),
    "outcome": ("Итог", "Outcome"),
    "section": ("Раздел", "Section"),
    "key": ("Показатель", "Key"),
    "value": ("Значение", "Value"),
    "reason": ("Причина", "Reason"),
    "due_at": ("Срок (UTC)", "Due (UTC)"),
    "overdue_hours": ("Просрочено, ч", "Overdue, hours"),
}


def _time(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def _hours(span: timedelta | None) -> str:
    return "" if span is None else f"{span.total_seconds() / 3600:.2f}"


def _days(span: timedelta | None) -> str:
    return "" if span is None else f"{span.total_seconds() / 86400:.2f}"


def _csv(columns: Sequence[str], rows: Iterable[Sequence[object]], lang: Lang, bom: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_HEADERS[c][0 if lang == "ru" else 1] for c in columns)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def procedures_csv(report: ApplicantReport, *, lang: Lang = "ru", bom: bool = False) -> bytes:
    """An applicant's procedures as CSV, columns ``PROCEDURE_COLUMNS``."""
    rows = (
        (
            r.application_id,
            r.type_code,
            r.status,
            _time(r.submitted_at),
            _time(r.decided_at),
            r.outcome,
        )
        for r in report.procedures
    )
    return _csv(PROCEDURE_COLUMNS, rows, lang, bom)


def _processing_rows(times: ProcessingTimes) -> list[tuple[str, str, object]]:
    return [
        ("processing", "decided", times.decided),
        ("processing", "median_hours", _hours(times.median)),
        ("processing", "p90_hours", _hours(times.p90)),
        ("processing", "median_days", _days(times.median)),
        ("processing", "p90_days", _days(times.p90)),
    ]


def figures_csv(report: BodyReport, *, lang: Lang = "ru", bom: bool = False) -> bytes:
    """The body's figures as CSV in long form: ``section, key, value`` rows."""
    rows: list[tuple[str, str, object]] = [
        ("period", "from", _time(report.period.start)),
        ("period", "to", _time(report.period.end)),
        ("period", "generated_at", _time(report.generated_at)),
        ("total", "", report.total),
    ]
    rows += [("by_type", k, v) for k, v in report.by_type.items()]
    rows += [("by_status", k, v) for k, v in report.by_status.items()]
    rows += [("by_outcome", k, v) for k, v in report.by_outcome.items()]
    rows += _processing_rows(report.processing)
    rows.append(("overdue", "count", len(report.overdue)))
    return _csv(FIGURE_COLUMNS, rows, lang, bom)


def overdue_csv(report: BodyReport, *, lang: Lang = "ru", bom: bool = False) -> bytes:
    """The overdue items as CSV, most overdue first, columns ``OVERDUE_COLUMNS``."""
    rows = (
        (i.application_id, i.type_code, i.status, i.reason, _time(i.due_at), _hours(i.overdue_by))
        for i in report.overdue
    )
    return _csv(OVERDUE_COLUMNS, rows, lang, bom)


def _seconds(span: timedelta | None) -> float | None:
    return None if span is None else span.total_seconds()


def report_json(report: ApplicantReport | BodyReport, *, indent: int | None = None) -> str:
    """The whole report as one JSON document (times ISO 8601, durations in seconds)."""
    period = {"from": _time(report.period.start), "to": _time(report.period.end)}
    document: dict[str, Any]
    if isinstance(report, ApplicantReport):
        document = {
            "report": "applicant",
            "account_id": report.account_id,
            "period": period,
            "generated_at": _time(report.generated_at),
            "procedures": [
                {
                    "application_id": r.application_id,
                    "type_code": r.type_code,
                    "status": str(r.status),
                    "submitted_at": _time(r.submitted_at) or None,
                    "decided_at": _time(r.decided_at) or None,
                    "outcome": str(r.outcome),
                }
                for r in report.procedures
            ],
        }
    else:
        times = report.processing
        document = {
            "report": "body",
            "period": period,
            "generated_at": _time(report.generated_at),
            "total": report.total,
            "by_type": report.by_type,
            "by_status": report.by_status,
            "by_outcome": report.by_outcome,
            "processing": {
                "decided": times.decided,
                "median_seconds": _seconds(times.median),
                "p90_seconds": _seconds(times.p90),
            },
            "overdue_after_working_days": report.overdue_after_working_days,
            "overdue": [
                {
                    "application_id": i.application_id,
                    "type_code": i.type_code,
                    "status": str(i.status),
                    "reason": i.reason,
                    "due_at": _time(i.due_at),
                    "overdue_seconds": i.overdue_by.total_seconds(),
                }
                for i in report.overdue
            ],
        }
    return json.dumps(document, ensure_ascii=False, indent=indent)
