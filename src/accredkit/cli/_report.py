"""``accredkit report --from DAY --to DAY``: the period report (CSV, JSON or a table).

The signed-in applicant gets their own procedures; staff (``--as``) get the body's
figures. Days are UTC dates; ``--to`` is included.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

from accredkit.cli._context import acting, add_staff_options, open_cabinet, write_private
from accredkit.cli._output import Output
from accredkit.cli._progress import working
from accredkit.cli._views import moscow_minute, status_label
from accredkit.domain.reports import ApplicantReport, BodyReport
from accredkit.services.reports.export import figures_csv, procedures_csv, report_json


def register(commands: Any) -> None:
    """Add ``report`` to the parser."""
    parser = commands.add_parser("report", help="the period report (applicant or body)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
    parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--output", "-o", help="write to this file instead of stdout")
    add_staff_options(parser, "reviewer")
    parser.set_defaults(run=run)


def _when(moment: datetime | None) -> str:
    return moscow_minute(moment) if moment is not None else "—"


def _table(report: ApplicantReport | BodyReport, out: Output) -> None:
    if isinstance(report, ApplicantReport):
        out.listing(
            None,
            ("application", "type", "status", "submitted", "decided"),
            [
                (
                    r.application_id,
                    r.type_code,
                    status_label(r.status, out.lang),
                    _when(r.submitted_at),
                    _when(r.decided_at),
                )
                for r in report.procedures
            ],
        )
        return
    rows: list[tuple[str, object]] = [("total", report.total)]
    rows += [(f"type {k}", v) for k, v in report.by_type.items()]
    rows += [(f"status {k}", v) for k, v in report.by_status.items() if v]
    rows += [(f"outcome {k}", v) for k, v in report.by_outcome.items()]
    rows.append(("overdue", len(report.overdue)))
    out.table(("figure", "value"), rows)


def run(args: argparse.Namespace, out: Output) -> int:
    """Build the report and print or write it."""
    start = datetime.combine(args.start, time(), tzinfo=UTC)
    end = datetime.combine(args.end + timedelta(days=1), time(), tzinfo=UTC)
    with (
        open_cabinet(args) as cabinet,
        working(out, "Отчёт за период", "The period report"),
    ):
        actor = acting(args, cabinet)
        report: ApplicantReport | BodyReport
        if actor.is_staff:
            report = cabinet.reports.body_report(actor, start, end)
        else:
            report = cabinet.reports.applicant_report(actor, start, end)
    lang: Literal["ru", "en"] = "en" if out.lang == "en" else "ru"
    form = "json" if out.json_mode and not args.output else args.format
    if form == "table" and not args.output:
        _table(report, out)
        return 0
    if form == "csv" and isinstance(report, ApplicantReport):
        data = procedures_csv(report, lang=lang)
    elif form == "csv" and isinstance(report, BodyReport):
        data = figures_csv(report, lang=lang)
    else:
        data = (report_json(report, indent=2) + "\n").encode()
    if not args.output:
        out.stdout.write(data.decode("utf-8"))
        return 0
    write_private(Path(args.output), data)
    if out.json_mode:
        out.document({"ok": True, "path": args.output})
    else:
        out.say(f"Отчёт записан: {args.output}", f"Report written to {args.output}")
    return 0
