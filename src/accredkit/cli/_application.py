"""``accredkit application …``: the signed-in applicant's applications.

``APP`` may be left out: the application created last in this home is meant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from accredkit.cli._context import (
    CliUsageError,
    applicant,
    home_dir,
    open_cabinet,
    read_file,
    recalled,
    remember,
)
from accredkit.cli._output import Output
from accredkit.cli._views import (
    application,
    application_rows,
    header,
    moscow_minute,
    status_label,
)
from accredkit.domain.documents.formats import DocumentKind
from accredkit.errors import NotFound

KINDS = [k.value for k in DocumentKind]


def add_app_argument(parser: argparse.ArgumentParser) -> None:
    """The optional ``APP`` positional (default: the one remembered in the home)."""
    parser.add_argument("app", nargs="?", metavar="APP", help="default: the last one here")


def app_id(args: argparse.Namespace) -> str:
    """The application ``APP`` names, or the one remembered in the home."""
    return recalled(home_dir(args), "application_id", args.app, "заявление", "application")


def register(commands: Any) -> None:
    """Add ``application`` and its actions to the parser."""
    parser = commands.add_parser(
        "application", help="create, attach, detach, submit, answer, withdraw"
    )
    actions = parser.add_subparsers(dest="application_command", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="open a draft of an accreditation type")
    create.add_argument("type", help="e.g. general, specialized, temporary, repeat")
    create.add_argument("--catalogue", help="default: portal")
    create.add_argument("--specialty")
    create.add_argument("--experience-years", type=int, default=0)
    create.add_argument("--training-hours", type=int, default=0)
    create.add_argument("--cpd-hours", type=int, default=0)
    create.set_defaults(run=run_create)

    attach = actions.add_parser("attach", help="attach a document (checked by content)")
    attach.add_argument("file", metavar="FILE")
    attach.add_argument("--app", help="default: the last one here")
    attach.add_argument(
        "--kind",
        choices=KINDS,
        help="what the document is (asked on a terminal, required otherwise)",
    )
    attach.set_defaults(run=run_attach)

    detach = actions.add_parser("detach", help="take a document off a draft or an answer")
    detach.add_argument("document", metavar="DOCUMENT", help="its file name or SHA-256 (prefix)")
    detach.add_argument("--app", help="default: the last one here")
    detach.set_defaults(run=run_detach)

    for name, run, text in (
        ("submit", run_submit, "submit the application"),
        ("status", run_status, "where the application stands"),
    ):
        sub = actions.add_parser(name, help=text)
        add_app_argument(sub)
        sub.set_defaults(run=run)

    answer = actions.add_parser("answer", help="answer the body's request for information")
    answer.add_argument("text")
    answer.add_argument("--app", help="default: the last one here")
    answer.set_defaults(run=run_answer)

    withdraw = actions.add_parser("withdraw", help="withdraw the application")
    add_app_argument(withdraw)
    withdraw.add_argument("--reason")
    withdraw.set_defaults(run=run_withdraw)

    listing = actions.add_parser("list", help="your applications, newest first")
    listing.set_defaults(run=run_list)


def _show(out: Output, found: Any) -> int:
    out.fields(application(found), application_rows(found, out.lang))
    return 0


def run_create(args: argparse.Namespace, out: Output) -> int:
    """Open a draft after the eligibility check."""
    from accredkit.domain.applications.eligibility import ApplicantProfile

    profile = ApplicantProfile(
        specialty=args.specialty,
        experience_years=args.experience_years,
        training_hours=args.training_hours,
        cpd_hours=args.cpd_hours,
    )
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home_dir(args))
        try:
            found = cabinet.applications.create(actor, args.type, profile, catalogue=args.catalogue)
        except NotFound as missing:
            if missing.code != "catalogue.type_not_found":
                raise
            types = ", ".join(t.code for t in cabinet.catalogues.get(args.catalogue).types)
            raise NotFound(
                missing.message,
                message_ru=missing.message_ru,
                code=missing.code,
                value=args.type,
                hint_ru=f"Выберите один из видов: {types}.",
                hint_en=f"Choose one of the types: {types}.",
            ) from None
    remember(home_dir(args), application_id=found.id)
    return _show(out, found)


def _kind(args: argparse.Namespace, out: Output) -> str:
    """``--kind``, else asked on a terminal; never a silent ``other``.

    Raises:
        CliUsageError: no ``--kind`` and nobody at a terminal to ask.
    """
    if args.kind:
        return str(args.kind)
    choices = ", ".join(KINDS)
    if sys.stdin.isatty() and sys.stdout.isatty():
        asked = input(f"{'Kind' if out.lang == 'en' else 'Вид документа'} ({choices}): ").strip()
        if asked in KINDS:
            return asked
    raise CliUsageError(
        f"name the document's kind with --kind: {choices}",
        message_ru=f"Укажите вид документа в --kind: {choices}.",
        code="cli.kind_missing",
        hint_ru="Например: accredkit application attach diploma.pdf --kind diploma",
        hint_en="For example: accredkit application attach diploma.pdf --kind diploma",
    )


def run_attach(args: argparse.Namespace, out: Output) -> int:
    """Attach a file; a bad one is refused with every reason (exit 1)."""
    kind = _kind(args, out)
    data = read_file(args.file)
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home_dir(args))
        found, report = cabinet.applications.attach(
            actor, app_id(args), data, Path(args.file).name, kind
        )
    document = {**application(found), "document": report.to_dict()}
    out.fields(document, application_rows(found, out.lang))
    return 0


def run_detach(args: argparse.Namespace, out: Output) -> int:
    """Take a document off: named by its file name or its SHA-256 (a prefix will do)."""
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home_dir(args))
        found = cabinet.applications.get(actor, app_id(args))
        named = args.document
        matches = [d for d in found.documents if named in (d.filename, Path(named).name)] or [
            d for d in found.documents if len(named) >= 6 and d.sha256.startswith(named)
        ]
        if len({d.sha256 for d in matches}) != 1:
            attached = ", ".join(f"{d.filename} ({d.sha256[:12]})" for d in found.documents)
            raise CliUsageError(
                f"no single attached document is {named!r}; attached: {attached or 'none'}",
                message_ru=f"Среди приложенных нет ровно одного «{named}»; "
                f"приложены: {attached or 'ничего'}.",
                code="cli.document_unknown",
                hint_ru="Назовите файл или начало его SHA-256 (accredkit application status).",
                hint_en="Name the file or the start of its SHA-256 (accredkit application status).",
            )
        found = cabinet.applications.detach(actor, found.id, matches[0].sha256)
    return _show(out, found)


def run_submit(args: argparse.Namespace, out: Output) -> int:
    """Submit: the account's access and the document set are checked."""
    with open_cabinet(args) as cabinet:
        found = cabinet.applications.submit(applicant(cabinet, home_dir(args)), app_id(args))
    return _show(out, found)


def run_status(args: argparse.Namespace, out: Output) -> int:
    """The application as its applicant sees it."""
    with open_cabinet(args) as cabinet:
        found = cabinet.applications.get(applicant(cabinet, home_dir(args)), app_id(args))
    return _show(out, found)


def run_answer(args: argparse.Namespace, out: Output) -> int:
    """Answer the request for information; the case goes back to processing."""
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home_dir(args))
        found = cabinet.applications.answer(actor, app_id(args), args.text)
    return _show(out, found)


def run_withdraw(args: argparse.Namespace, out: Output) -> int:
    """Withdraw the application."""
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home_dir(args))
        found = cabinet.applications.withdraw(actor, app_id(args), args.reason)
    return _show(out, found)


def run_list(args: argparse.Namespace, out: Output) -> int:
    """Every application of the signed-in applicant."""
    with open_cabinet(args) as cabinet:
        found = cabinet.applications.list(applicant(cabinet, home_dir(args)))
    out.listing(
        {"ok": True, "applications": [application(a) for a in found]},
        header(
            out.lang,
            ("заявление", "вид", "статус", "создано (МСК)"),
            ("id", "type", "status", "created (Moscow)"),
        ),
        [
            (a.id, a.type_code, status_label(a.status, out.lang), moscow_minute(a.created_at))
            for a in found
        ],
    )
    return 0
