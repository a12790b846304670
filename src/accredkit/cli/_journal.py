"""``accredkit journal verify|prove|export|checkpoint``: the audit journal from the shell.

``verify`` exits 0 when the journal is intact and 1 when it is not, naming the first
bad entry; with ``--export FILE`` it checks an export offline, with no cabinet.
The cabinet comes from ``HOME/accredkit.toml`` (``--home``, ``$ACCREDKIT_HOME`` or
``./.accredkit``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from accredkit.checks.journal import journal_verify
from accredkit.cli._context import open_cabinet
from accredkit.cli._output import Output
from accredkit.cli._progress import counted
from accredkit.domain.authority.actors import (
    SYSTEM as HOST,  # the machine's own check, as a scheduled job
)
from accredkit.domain.journal.entries import JournalEntry
from accredkit.domain.journal.verify import VerificationReport
from accredkit.errors import ValidationError


def register(commands: Any) -> None:
    """Add the command and its subcommands to the parser."""
    parser = commands.add_parser("journal", help="verify, prove, export or seal the audit journal")
    actions = parser.add_subparsers(dest="journal_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
        return sub

    verify = action("verify", "check every entry against the signed heads (exit 1 if not intact)")
    verify.add_argument("--export", metavar="FILE", help="verify an export file offline")
    verify.add_argument("--public-key", metavar="PEM", help="the cabinet's public key (pin it)")
    verify.add_argument("--key-id", help="the id the export's public key must have")
    verify.add_argument("--thorough", action="store_true", help="decode every entry too")
    verify.set_defaults(run=run_verify)

    prove = action("prove", "prove one entry is in the journal, or that two heads agree")
    prove.add_argument("seq", type=int, nargs="?", help="the entry to prove")
    prove.add_argument("--size", type=int, help="the signed head to prove against")
    prove.add_argument(
        "--consistency", type=int, nargs="+", metavar="SIZE", help="OLD [NEW] head sizes"
    )
    prove.set_defaults(run=run_prove)

    export = action("export", "write entries, heads and the public key for offline checks")
    export.add_argument("path", help="the file to write")
    export.set_defaults(run=run_export)

    seal = action("checkpoint", "sign a tree head over every entry and keep it outside")
    seal.set_defaults(run=run_checkpoint)


def _report(out: Output, report: VerificationReport) -> int:
    if out.json_mode:
        out.document(report.to_dict())
    else:
        out.say(report.message_ru, report.message_en)
        if not report.ok:
            seq = "-" if report.first_bad_seq is None else str(report.first_bad_seq)
            out.say(
                f"  повреждение: {report.damage}; первая плохая запись: {seq}",
                f"  damage: {report.damage}; first bad entry: {seq}",
            )
    return 0 if report.ok else 1


def run_verify(args: argparse.Namespace, out: Output) -> int:
    """Verify the cabinet's journal, or an export file."""
    if args.export:
        key = Path(args.public_key).read_bytes() if args.public_key else None
        with counted(out, "Проверка выгрузки журнала", "Verifying the journal export") as shown:
            report = journal_verify(
                args.export,
                public_key=key,
                key_id=args.key_id,
                thorough=args.thorough,
                progress=shown,
            )
        return _report(out, report)
    with (
        open_cabinet(args) as cabinet,
        counted(out, "Проверка журнала аудита", "Verifying the audit journal") as shown,
    ):
        report = cabinet.journal.verify(HOST, thorough=args.thorough, progress=shown)
    return _report(out, report)


def _usage(message_en: str, message_ru: str) -> ValidationError:
    return ValidationError(message_en, message_ru=message_ru, code="cli.usage")


def run_prove(args: argparse.Namespace, out: Output) -> int:
    """Print an inclusion or a consistency proof, checked before it is printed."""
    if (args.seq is None) == (args.consistency is None) or (
        args.consistency is not None and len(args.consistency) > 2
    ):
        raise _usage(
            "give an entry number, or --consistency OLD [NEW]",
            "Укажите номер записи или --consistency СТАРЫЙ [НОВЫЙ].",
        )
    rows: list[tuple[str, object, str]]
    with open_cabinet(args) as cabinet:
        if args.consistency is not None:
            old, *new = args.consistency
            consistency = cabinet.journal.prove_consistency(HOST, old, new[0] if new else None)
            document = consistency.to_dict()
            rows = [
                ("old head", consistency.old.size, consistency.old.head.root.hex()),
                ("new head", consistency.new.size, consistency.new.head.root.hex()),
                ("path", len(consistency.path), "verified"),
            ]
        else:
            inclusion = cabinet.journal.prove_inclusion(HOST, args.seq, args.size)
            document = inclusion.to_dict()
            entry = JournalEntry.decode(inclusion.entry)
            rows = [
                ("entry", inclusion.seq, f"{entry.action} {entry.subject_type}/{entry.subject_id}"),
                ("head", inclusion.head.size, inclusion.head.head.root.hex()),
                ("path", len(inclusion.path), "verified"),
            ]
    if out.json_mode:
        out.document({"ok": True, "proof": document})
    else:
        out.table(("", "value", "detail"), rows)
    return 0


def run_export(args: argparse.Namespace, out: Output) -> int:
    """Write the export file."""
    with (
        open_cabinet(args) as cabinet,
        counted(out, "Выгрузка журнала аудита", "Exporting the audit journal") as shown,
    ):
        result = cabinet.journal.export(HOST, args.path, progress=shown)
    if out.json_mode:
        out.document(
            {
                "ok": True,
                "path": result.path,
                "entries": result.entries,
                "heads": result.heads,
                "checkpoint": result.checkpoint,
            }
        )
    else:
        out.say(
            f"Выгружено записей: {result.entries}, снимков: {result.heads} → {result.path}",
            f"Exported {result.entries} entries and {result.heads} heads to {result.path}",
        )
    return 0


def run_checkpoint(args: argparse.Namespace, out: Output) -> int:
    """Sign a tree head and print it."""
    with open_cabinet(args) as cabinet:
        head = cabinet.journal.checkpoint(HOST)
    if out.json_mode:
        out.document({"ok": True, "head": head.to_dict()})
    else:
        out.say(
            f"Контрольная точка: {head.size} записей, корень {head.head.root.hex()}",
            f"Checkpoint: {head.size} entries, root {head.head.root.hex()}",
        )
    return 0
