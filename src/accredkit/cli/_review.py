"""``accredkit review …``: the accrediting body's queue and decisions.

Staff act with ``--as ID --role reviewer|approver``: the command trusts the shell user
(staff authentication is the host's job; this is a development tool).
"""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._application import add_app_argument, app_id
from accredkit.cli._context import (
    add_staff_options,
    home_dir,
    open_cabinet,
    remember,
    require_staff,
)
from accredkit.cli._output import Output
from accredkit.cli._views import application, application_rows, status_label
from accredkit.domain.applications.lifecycle import ApplicationStatus


def register(commands: Any) -> None:
    """Add ``review`` and its actions to the parser."""
    parser = commands.add_parser("review", help="the body: queue, processing, decisions")
    actions = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    queue = actions.add_parser("queue", help="applications waiting, oldest first")
    queue.add_argument("--status", choices=[s.value for s in ApplicationStatus])
    add_staff_options(queue, "reviewer")
    queue.set_defaults(run=run_queue)

    for name, run, role, text in (
        ("take", run_take, "reviewer", "take a submitted application into processing"),
        ("send-for-approval", run_send, "reviewer", "hand the case to the commission"),
        ("approve", run_approve, "approver", "accredit: certificate and act are issued"),
    ):
        sub = actions.add_parser(name, help=text)
        add_app_argument(sub)
        sub.add_argument("--reason")
        add_staff_options(sub, role)
        sub.set_defaults(run=run)

    ask = actions.add_parser("request-info", help="ask the applicant for more material")
    ask.add_argument("question")
    ask.add_argument("--app", help="default: the last one here")
    ask.add_argument("--days", type=int, help="working days to answer (default 10)")
    add_staff_options(ask, "reviewer")
    ask.set_defaults(run=run_request_info)

    reject = actions.add_parser("reject", help="decide not to accredit (reason required)")
    add_app_argument(reject)
    reject.add_argument("--reason", required=True)
    add_staff_options(reject, "approver")
    reject.set_defaults(run=run_reject)


def _show(args: argparse.Namespace, out: Output, found: Any) -> int:
    remember(home_dir(args), application_id=found.id)
    out.fields(application(found), application_rows(found, out.lang))
    return 0


def run_queue(args: argparse.Namespace, out: Output) -> int:
    """The queue by status and age."""
    with open_cabinet(args) as cabinet:
        items = cabinet.reviews.queue(require_staff(args, cabinet), args.status)
    out.listing(
        {
            "ok": True,
            "queue": [
                {**application(i.application), "waiting_hours": i.waiting.total_seconds() / 3600}
                for i in items
            ],
        },
        ("id", "type", "status", "waiting"),
        [
            (
                i.application.id,
                i.application.type_code,
                status_label(i.application.status, out.lang),
                _hours(i.waiting.total_seconds() / 3600, out.lang),
            )
            for i in items
        ],
    )
    return 0


def _hours(hours: float, lang: str) -> str:
    """``2.5 h`` in English, ``2,5 ч`` in Russian."""
    return f"{hours:.1f} h" if lang == "en" else f"{hours:.1f} ч".replace(".", ",")


def run_take(args: argparse.Namespace, out: Output) -> int:
    """Accept into processing."""
    with open_cabinet(args) as cabinet:
        application = app_id(args)
        found = cabinet.reviews.take(require_staff(args, cabinet), application)
    return _show(args, out, found)


def run_request_info(args: argparse.Namespace, out: Output) -> int:
    """Ask for more material with a working-day deadline."""
    with open_cabinet(args) as cabinet:
        found = cabinet.reviews.request_info(
            require_staff(args, cabinet), app_id(args), args.question, working_days=args.days
        )
    return _show(args, out, found)


def run_send(args: argparse.Namespace, out: Output) -> int:
    """Send for approval (на согласование)."""
    with open_cabinet(args) as cabinet:
        found = cabinet.reviews.send_for_approval(
            require_staff(args, cabinet), app_id(args), args.reason
        )
    return _show(args, out, found)


def run_approve(args: argparse.Namespace, out: Output) -> int:
    """Approve; four eyes: not the one who sent it for approval."""
    with open_cabinet(args) as cabinet:
        staff = require_staff(args, cabinet)
        found = cabinet.reviews.approve(staff, app_id(args), args.reason)
        issued = [
            c
            for c in cabinet.certificates.of_holder(staff, found.applicant_id)
            if c.application_id == found.id
        ]
    number = issued[0].number if issued else None
    remember(home_dir(args), application_id=found.id)
    rows = application_rows(found, out.lang)
    if number:
        rows.append(("Свидетельство", "Certificate", number))
    out.fields({**application(found), "certificate_number": number}, rows)
    return 0


def run_reject(args: argparse.Namespace, out: Output) -> int:
    """Reject with a reason."""
    with open_cabinet(args) as cabinet:
        application = app_id(args)
        found = cabinet.reviews.reject(require_staff(args, cabinet), application, args.reason)
    return _show(args, out, found)
