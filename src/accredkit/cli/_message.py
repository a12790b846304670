"""``accredkit message send|list``: the thread of an application (applicant or staff)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from accredkit.cli._application import app_id
from accredkit.cli._context import acting, add_staff_options, open_cabinet, read_file
from accredkit.cli._output import Output
from accredkit.cli._views import message


def register(commands: Any) -> None:
    """Add ``message`` and its actions to the parser."""
    parser = commands.add_parser("message", help="the thread of an application")
    actions = parser.add_subparsers(dest="message_command", metavar="ACTION", required=True)

    send = actions.add_parser("send", help="write in the thread")
    send.add_argument("text")
    send.add_argument("--app", help="default: the last one here")
    send.add_argument("--attach", action="append", default=[], metavar="FILE")
    add_staff_options(send, "reviewer")
    send.set_defaults(run=run_send)

    listing = actions.add_parser("list", help="read the thread (marks it read)")
    listing.add_argument("--app", help="default: the last one here")
    add_staff_options(listing, "reviewer")
    listing.set_defaults(run=run_list)


def run_send(args: argparse.Namespace, out: Output) -> int:
    """Send as the signed-in applicant, or as staff with ``--as``."""
    uploads = [(Path(path).name, read_file(path)) for path in args.attach]
    with open_cabinet(args) as cabinet:
        sent = cabinet.messages.send(acting(args, cabinet), app_id(args), args.text, uploads)
    out.fields(
        {"ok": True, **message(sent)},
        [("Сообщение", "Message", sent.id), ("Заявление", "Application", sent.application_id)],
    )
    return 0


def run_list(args: argparse.Namespace, out: Output) -> int:
    """The thread, oldest first."""
    with open_cabinet(args) as cabinet:
        thread = cabinet.messages.thread(acting(args, cabinet), app_id(args))
    out.listing(
        {"ok": True, "messages": [message(m) for m in thread]},
        ("sent", "side", "author", "text"),
        [
            (m.sent_at.isoformat(timespec="minutes"), m.side.value, m.author_id, m.text)
            for m in thread
        ],
    )
    return 0
