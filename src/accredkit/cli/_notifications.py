"""``accredkit notifications dispatch|remind|outbox|queue``: what a host's scheduler runs.

``outbox`` reads what the development ``outbox:`` senders wrote to the home's JSONL
files — the messages a user would find on their phone or in their mail, codes included.
``queue`` lists the transactional outbox in the database.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from accredkit.adapters.messaging.dev_senders import masked_recipient
from accredkit.cli._context import (
    add_staff_options,
    home_dir,
    open_cabinet,
    recalled,
    session_file,
    session_token,
)
from accredkit.cli._output import Output
from accredkit.cli._views import moscow_minute, outbox_message
from accredkit.domain.authority.actors import (
    SYSTEM as HOST,  # the outbox of this machine, as its scheduler
)
from accredkit.domain.correspondence.outbox import MessageStatus
from accredkit.errors import NotFound
from accredkit.services.schema import ACCOUNTS


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def register(commands: Any) -> None:
    """Add ``notifications`` and its actions to the parser."""
    parser = commands.add_parser(
        "notifications", help="the outbox: codes sent, dispatch, reminders"
    )
    actions = parser.add_subparsers(dest="notifications_command", metavar="ACTION", required=True)
    for name, run, text in (
        ("dispatch", run_dispatch, "send every due message once"),
        ("remind", run_remind, "queue the reminders due (certificate expiry 90/30/7 days)"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--at", type=_moment, help="run as of this time (ISO 8601, UTC)")
        sub.set_defaults(run=run)

    outbox = actions.add_parser("outbox", help="messages the development senders wrote")
    outbox.add_argument("--to", help="only to this phone or e-mail")
    outbox.add_argument("--last", type=int, help="only the last N")
    outbox.set_defaults(run=run_outbox)

    last = actions.add_parser(
        "last-code", help="DEVELOPMENT outbox: the newest code sent to this home's account"
    )
    last.add_argument("contact", choices=("phone", "email"))
    last.add_argument(
        "--account", help="default: the signed-in account, else the one registered last here"
    )
    add_staff_options(last, None)
    last.set_defaults(run=run_last_code)

    queue = actions.add_parser("queue", help="the transactional outbox in the database")
    queue.add_argument("--status", choices=[s.value for s in MessageStatus])
    queue.set_defaults(run=run_queue)


def run_dispatch(args: argparse.Namespace, out: Output) -> int:
    """Send what is due; exit 1 if something failed for good."""
    with open_cabinet(args) as cabinet:
        report = cabinet.notifications.dispatch(HOST, args.at)
    document = {
        "ok": not report.failed,
        "sent": list(report.sent),
        "retrying": list(report.retrying),
        "failed": list(report.failed),
    }
    out.fields(
        document,
        [
            ("Отправлено", "Sent", len(report.sent)),
            ("Повтор позже", "Retrying", len(report.retrying)),
            ("Не доставлено", "Failed", len(report.failed)),
        ],
    )
    return 0 if not report.failed else 1


def run_remind(args: argparse.Namespace, out: Output) -> int:
    """Queue the reminders due; each is queued once, ever."""
    with open_cabinet(args) as cabinet:
        report = cabinet.notifications.remind(HOST, args.at)
    out.fields(
        {"ok": True, "queued": list(report.queued)},
        [("Напоминаний в очереди", "Reminders queued", len(report.queued))],
    )
    return 0


def _written(path: Path | None) -> list[dict[str, Any]]:
    if path is None or not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run_outbox(args: argparse.Namespace, out: Output) -> int:
    """The messages the development senders wrote, oldest first."""
    with open_cabinet(args) as cabinet:
        paths = [getattr(cabinet.sms, "path", None), getattr(cabinet.email, "path", None)]
    found = [m for path in paths for m in _written(path)]
    if args.to:
        found = [m for m in found if m["to"] == masked_recipient(args.to)]
    if args.last:
        found = found[-args.last :]
    out.listing(
        {"ok": True, "files": [str(p) for p in paths if p], "messages": found},
        ("channel", "to", "text"),
        [(m["channel"], m["to"], " ".join(str(m["text"]).split())) for m in found],
    )
    return 0


_CODE = re.compile(r"(?<![0-9])([0-9]{6})(?![0-9])")


def run_last_code(args: argparse.Namespace, out: Output) -> int:
    """The six digits of the newest message to the account's phone or e-mail.

    Only the development senders write messages a shell can read (``outbox:`` files);
    with a real SMS gateway the code is on the phone, and this command finds nothing.
    """
    home = home_dir(args)
    with open_cabinet(args) as cabinet:
        file = session_file(args)
        if args.account:
            account_id = str(args.account)
        elif (home / file).exists():
            account_id = cabinet.accounts.authenticate(session_token(home, file)).account_id
        else:
            account_id = recalled(home, "account_id", None, "учётную запись", "account")
        # A development tool's own look-up, past the use cases (nobody is signed in yet).
        with cabinet.storage.unit_of_work() as uow:
            found = uow.repository(ACCOUNTS).get(account_id)
        paths = [getattr(cabinet.sms, "path", None), getattr(cabinet.email, "path", None)]
    to = masked_recipient(str(found.phone if args.contact == "phone" else found.email))
    for message in reversed([m for path in paths for m in _written(path)]):
        match = _CODE.search(str(message["text"])) if message["to"] == to else None
        if match:
            if out.json_mode:
                out.document({"ok": True, "to": to, "code": match.group(1)})
            else:
                print(match.group(1), file=out.stdout)
            return 0
    raise NotFound(
        f"no code was written to {to} in this home's outbox",
        message_ru=f"В outbox этого кабинета нет кода для {to}.",
        code="cli.no_code",
        hint_ru='Коды видны здесь только с учебной отправкой (sms = "outbox:…").',
        hint_en='Codes are readable here only with the development senders (sms = "outbox:…").',
    )


def run_queue(args: argparse.Namespace, out: Output) -> int:
    """Queued, sent and failed notifications, newest first."""
    with open_cabinet(args) as cabinet:
        found = cabinet.notifications.outbox(HOST, status=args.status)
    out.listing(
        {"ok": True, "messages": [outbox_message(m) for m in found]},
        ("status", "channel", "to", "template", "created"),
        [
            (m.status.value, m.channel.value, m.recipient, m.template, moscow_minute(m.created_at))
            for m in found
        ],
    )
    return 0
