"""``accredkit act …``: the signed acts of an application's decisions — list, export, verify.

An act is the body's decision as a signed record (``docs/certificates.md``); the
applicant and the body read them, and anyone holding the issuer's CA checks an
exported act offline, as a certificate.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from accredkit.cli._application import add_app_argument, app_id
from accredkit.cli._context import (
    acting,
    add_staff_options,
    home_dir,
    open_cabinet,
    read_file,
    write_private,
)
from accredkit.cli._home import Home
from accredkit.cli._output import Output
from accredkit.cli._views import moscow_minute


def register(commands: Any) -> None:
    """Add ``act`` and its actions to the parser."""
    parser = commands.add_parser("act", help="signed acts of decisions: list, export, verify")
    actions = parser.add_subparsers(dest="act_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the acts of an application, oldest first")
    add_app_argument(listing)
    add_staff_options(listing, None)
    listing.set_defaults(run=run_list)

    export = actions.add_parser("export", help="write an act's signed file (JSON or --pdf)")
    export.add_argument("act", metavar="ACT", help="the act's id (accredkit act list)")
    export.add_argument("--pdf", action="store_true", help="the signed PDF instead of JSON")
    export.add_argument("--output", "-o", help="default: HOME/exports/act-ACT.json")
    add_staff_options(export, None)
    export.set_defaults(run=run_export)

    verify = actions.add_parser("verify", help="check an exported act offline")
    verify.add_argument("file", metavar="FILE")
    verify.add_argument(
        "--trusted", action="append", help="CA or issuer PEM (default: the home's issuer CA)"
    )
    verify.set_defaults(run=run_verify)


def run_list(args: argparse.Namespace, out: Output) -> int:
    """The application's acts."""
    with open_cabinet(args) as cabinet:
        found = cabinet.acts.of_application(acting(args, cabinet), app_id(args))
    document = {
        "ok": True,
        "acts": [
            {
                "id": act.id,
                "decision": str(act.decision),
                "decided_at": act.decided_at.isoformat(),
                "certificate_id": act.certificate_id,
            }
            for act in found
        ],
    }
    ru = out.lang != "en"
    out.listing(
        document,
        ("акт", "решение", "принято (МСК)") if ru else ("act", "decision", "decided (Moscow)"),
        [(a.id, _decision(str(a.decision), ru), moscow_minute(a.decided_at)) for a in found],
    )
    return 0


_DECISIONS_RU = {"approved": "одобрено", "rejected": "отклонено", "info_request": "запрос сведений"}


def _decision(value: str, ru: bool) -> str:
    return _DECISIONS_RU.get(value, value) if ru else value


def run_export(args: argparse.Namespace, out: Output) -> int:
    """Write the act's signed JSON (or PDF) file."""
    with open_cabinet(args) as cabinet:
        reader = acting(args, cabinet)
        data = (
            cabinet.acts.pdf(reader, args.act)
            if args.pdf
            else cabinet.acts.export(reader, args.act)
        )
    suffix = ".pdf" if args.pdf else ".json"
    target = (
        Path(args.output)
        if args.output
        else Home(home_dir(args)).exports / f"act-{args.act}{suffix}"
    )
    write_private(target, data)
    out.fields(
        {"ok": True, "act": args.act, "path": str(target)},
        [("Акт", "Act", args.act), ("Файл", "File", target)],
    )
    return 0


def run_verify(args: argparse.Namespace, out: Output) -> int:
    """Verify an exported act offline; exit 1 unless intact and signed by a trusted issuer."""
    import accredkit
    from accredkit.cli._certificate import show_verdict

    data = read_file(args.file)
    trusted = args.trusted or [str(Home(home_dir(args)).issuer / "ca.pem")]
    verdict = accredkit.verify_act(data, [Path(t) for t in trusted])
    return show_verdict(out, verdict, ("Акт", "Act"))
