"""``accredkit certificate show|export|verify|check``: the certificate (свидетельство).

``verify FILE`` needs no cabinet: only the file and the issuer's CA certificate or
public key (by default the home's ``issuer/ca.pem``). ``check NUMBER`` is the public
check: no session, only what the public registry shows. ``export --pdf`` writes the
signed PDF a person opens; ``export --act ID --pdf`` an act of decision.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

import accredkit
from accredkit.bootstrap.cabinet import Cabinet
from accredkit.checks.certificates import CertificateVerdict
from accredkit.cli._context import (
    acting,
    add_staff_options,
    applicant,
    home_dir,
    open_cabinet,
    read_file,
    require_staff,
    write_private,
)
from accredkit.cli._home import Home
from accredkit.cli._output import Output
from accredkit.cli._views import certificate, certificate_rows
from accredkit.domain.certificates.certificate import Certificate, parse_certificate_number
from accredkit.domain.certificates.public_check import PublicAnswer
from accredkit.errors import NotFound, ValidationError


def register(commands: Any) -> None:
    """Add ``certificate`` and its actions to the parser."""
    parser = commands.add_parser("certificate", help="show, export, verify and revoke certificates")
    actions = parser.add_subparsers(dest="certificate_command", metavar="ACTION", required=True)

    show = actions.add_parser("show", help="a certificate (default: your newest)")
    show.add_argument("certificate", nargs="?", metavar="ID|NUMBER")
    show.set_defaults(run=run_show)

    export = actions.add_parser("export", help="write the signed file for offline checks")
    export.add_argument("certificate", nargs="?", metavar="ID|NUMBER")
    export.add_argument("--output", "-o", help="default: HOME/exports/NUMBER.json (or .pdf)")
    export.add_argument("--pdf", action="store_true", help="the signed PDF instead of JSON")
    export.add_argument("--act", metavar="ACT_ID", help="export this act of decision instead")
    add_staff_options(export, None)
    export.set_defaults(run=run_export)

    check = actions.add_parser("check", help="the public check: valid, revoked, expired?")
    check.add_argument("number", metavar="NUMBER")
    check.add_argument("--proof", help="the s= part of the QR code's address")
    check.set_defaults(run=run_check)

    revoke = actions.add_parser("revoke", help="staff (approver, operator): annul a certificate")
    revoke.add_argument("certificate", metavar="NUMBER", help="its number (АК-…) or id")
    revoke.add_argument("--reason", required=True, help="why, as the act will say")
    add_staff_options(revoke, "approver")
    revoke.set_defaults(run=run_revoke, staff=True)

    verify = actions.add_parser("verify", help="check an exported file offline")
    verify.add_argument("file", metavar="FILE")
    verify.add_argument("--trusted", action="append", help="CA certificate or public key PEM")
    verify.add_argument("--at", type=date.fromisoformat, help="judge validity on this day")
    verify.set_defaults(run=run_verify)


def find(args: argparse.Namespace, cabinet: Cabinet) -> Certificate:
    """The certificate named by id or number, else the signed-in holder's newest.

    Raises:
        NotFound: no such certificate, or the holder has none yet.
    """
    given = args.certificate
    reader = acting(args, cabinet)
    if given:
        try:
            parse_certificate_number(given)
        except ValidationError:
            return cabinet.certificates.show(reader, given)
        return cabinet.certificates.by_number(reader, given)
    holder = applicant(cabinet, home_dir(args))
    found = cabinet.certificates.of_holder(holder, holder.id)
    if not found:
        raise NotFound(
            f"account {holder.id} holds no certificate yet",
            message_ru="У вас ещё нет свидетельства.",
            code="certificate.none",
        )
    return found[0]


def run_show(args: argparse.Namespace, out: Output) -> int:
    """Print the certificate's fields."""
    with open_cabinet(args) as cabinet:
        found = find(args, cabinet)
    out.fields(certificate(found), certificate_rows(found, out.lang))
    return 0


def run_export(args: argparse.Namespace, out: Output) -> int:
    """Write the signed JSON file, or with ``--pdf`` the signed PDF (certificate or act)."""
    suffix = ".pdf" if args.pdf else ".json"
    with open_cabinet(args) as cabinet:
        if args.act:
            name = f"act-{args.act}"
            data = (
                cabinet.acts.pdf(acting(args, cabinet), args.act)
                if args.pdf
                else cabinet.acts.export(acting(args, cabinet), args.act)
            )
            rows = [("Акт", "Act", args.act)]
            document: dict[str, Any] = {"ok": True, "act": args.act}
        else:
            found = find(args, cabinet)
            name = found.number
            data = (
                cabinet.certificates.pdf(acting(args, cabinet), found.id)
                if args.pdf
                else cabinet.certificates.export(acting(args, cabinet), found.id)
            )
            rows = [("Свидетельство", "Certificate", found.number)]
            document = {"ok": True, "number": found.number}
    target = Path(args.output) if args.output else Home(home_dir(args)).exports / (name + suffix)
    write_private(target, data)
    out.fields({**document, "path": str(target)}, [*rows, ("Файл", "File", target)])
    return 0


def run_revoke(args: argparse.Namespace, out: Output) -> int:
    """Revoke: the certificate stops being valid at once; the public check says so."""
    with open_cabinet(args) as cabinet:
        staff = require_staff(args, cabinet)
        found = find(args, cabinet)
        revoked = cabinet.certificates.revoke(staff, found.id, args.reason)
    out.fields(certificate(revoked), certificate_rows(revoked, out.lang))
    return 0


def run_check(args: argparse.Namespace, out: Output) -> int:
    """The public check; exit 0 only for a valid certificate (1: revoked, expired, unknown)."""
    with open_cabinet(args) as cabinet:
        status = cabinet.certificates.public_status(args.number, args.proof)
    document = {
        "status": str(status.answer),
        "number": status.number,
        "holder": status.holder_name,
        "holder_id": status.holder_id,
        "accreditation": status.accreditation_title,
        "specialty": status.specialty,
        "issued_on": status.issued_on,
        "valid_until": status.valid_until,
        "issuer": status.issuer_name,
    }
    rows: list[tuple[str, str, object]] = [
        ("Свидетельство", "Certificate", status.number),
        ("Статус", "Status", str(status.answer) if out.lang == "en" else status.answer.label_ru),
    ]
    if status.holder_name is not None:
        rows += [
            ("Владелец", "Holder", status.holder_name),
            ("СНИЛС / ОГРН", "SNILS / OGRN", status.holder_id),
            ("Вид аккредитации", "Accreditation", status.accreditation_title),
            ("Специальность", "Specialty", status.specialty or "—"),
            ("Действительно", "Valid", f"{status.issued_on} … {status.valid_until}"),
        ]
    out.fields(document, rows)
    return 0 if status.answer is PublicAnswer.VALID else 1


def run_verify(args: argparse.Namespace, out: Output) -> int:
    """Verify offline; exit 1 with the verdict's code unless genuine, trusted and current."""
    data = read_file(args.file)
    trusted = args.trusted or [str(Home(home_dir(args)).issuer / "ca.pem")]
    verdict = accredkit.verify_certificate(data, [Path(t) for t in trusted], at=args.at)
    return show_verdict(out, verdict, ("Свидетельство", "Certificate"))


def show_verdict(out: Output, verdict: CertificateVerdict, what: tuple[str, str]) -> int:
    """Print an offline verdict (certificate or act); 0 when genuine, trusted and current."""
    document = {
        "ok": verdict.ok,
        "code": verdict.code,
        "message": verdict.message_en,
        "message_ru": verdict.message_ru,
        "number": verdict.number,
        "trusted_by": verdict.trusted_by,
    }
    if out.json_mode:
        out.document(document)
    elif verdict.ok:
        out.fields(
            document,
            [
                (
                    "Проверка",
                    "Verified",
                    verdict.message_en if out.lang == "en" else verdict.message_ru,
                ),
                *([(*what, verdict.number)] if verdict.number else []),
            ],
        )
    else:
        text = verdict.message_en if out.lang == "en" else verdict.message_ru
        print(f"error [{verdict.code}]: {text}", file=out.stderr)
        hint = (
            "  hint: ask the issuer for the original file; never edit a signed certificate."
            if out.lang == "en"
            else "  совет: запросите исходный файл у выдавшей организации; "
            "подписанное свидетельство не редактируют."
        )
        print(hint, file=out.stderr)
    return 0 if verdict.ok else 1
