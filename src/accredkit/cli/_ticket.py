"""``accredkit ticket open|list``: support tickets with a working-day answer deadline."""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._context import acting, add_staff_options, open_cabinet
from accredkit.cli._output import Output
from accredkit.cli._views import ticket
from accredkit.domain.correspondence.support import TicketCategory


def register(commands: Any) -> None:
    """Add ``ticket`` and its actions to the parser."""
    parser = commands.add_parser("ticket", help="support tickets")
    actions = parser.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)

    new = actions.add_parser("open", help="open a ticket as the signed-in user")
    new.add_argument("--category", choices=[c.value for c in TicketCategory], default="other")
    new.add_argument("--subject", required=True)
    new.add_argument("--text", required=True)
    new.set_defaults(run=run_open)

    listing = actions.add_parser("list", help="your tickets (staff: every ticket)")
    listing.add_argument("--status", choices=("open", "answered", "closed"))
    add_staff_options(listing, "operator")
    listing.set_defaults(run=run_list)


def run_open(args: argparse.Namespace, out: Output) -> int:
    """Open the ticket; it gets a number and an answer due time."""
    with open_cabinet(args) as cabinet:
        actor = acting(args, cabinet)
        found = cabinet.support.open(actor, args.category, args.subject, args.text)
    out.fields(
        {"ok": True, **ticket(found)},
        [
            ("Обращение", "Ticket", found.number),
            ("Ответ до", "Answer due", found.answer_due.isoformat(timespec="minutes")),
        ],
    )
    return 0


def run_list(args: argparse.Namespace, out: Output) -> int:
    """Tickets, oldest due first."""
    with open_cabinet(args) as cabinet:
        found = cabinet.support.list(acting(args, cabinet), status=args.status)
    out.listing(
        {"ok": True, "tickets": [ticket(t) for t in found]},
        ("number", "category", "status", "due", "subject"),
        [
            (t.number, t.category.value, t.status.value, t.answer_due.date(), t.subject)
            for t in found
        ],
    )
    return 0
