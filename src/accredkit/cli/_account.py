"""``accredkit account …``: registration, contacts, login, second factor, recovery, block.

Passwords and codes are read from stdin (a hidden prompt on a terminal), one per line,
never from arguments. Codes arrive in the home's outbox files:
``accredkit notifications outbox --to PHONE``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import accredkit
from accredkit.bootstrap.cabinet import Cabinet
from accredkit.cli._context import (
    SESSION_FILE,
    acting,
    add_staff_options,
    applicant,
    home_dir,
    open_cabinet,
    read_file,
    read_secret,
    recalled,
    remember,
    require_staff,
    session_token,
)
from accredkit.cli._login import (
    run_dev_certificate,
    run_enrol_totp,
    run_login,
    run_logout,
    run_recover,
)
from accredkit.cli._output import Output
from accredkit.cli._views import account, account_rows
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.authority.actors import SYSTEM


def register(commands: Any) -> None:
    """Add ``account`` and its actions to the parser."""
    parser = commands.add_parser("account", help="register, confirm, sign in, recover")
    actions = parser.add_subparsers(dest="account_command", metavar="ACTION", required=True)

    new = actions.add_parser("register", help="register (password on stdin)")
    for name in ("last-name", "first-name", "birth-date", "snils", "phone", "email"):
        new.add_argument(f"--{name}", required=True)
    new.add_argument("--middle-name", default="")
    new.add_argument("--inn", default="")
    new.add_argument("--consent", action="store_true", help="consent to personal data terms")
    new.set_defaults(run=run_register)

    confirm = actions.add_parser("confirm", help="confirm the phone or e-mail (code on stdin)")
    confirm.add_argument("contact", choices=("phone", "email"))
    confirm.add_argument("--account", help="default: the one registered last here")
    confirm.add_argument("--request", help="the code's request id (default: remembered)")
    confirm.set_defaults(run=run_confirm)

    upload = actions.add_parser(
        "upload-document", help="upload an identity document (passport, status, consent)"
    )
    upload.add_argument("kind", choices=[k.value for k in accredkit.IdentityDocumentKind])
    upload.add_argument("file")
    upload.add_argument("--account", help="default: the one registered last here")
    upload.set_defaults(run=run_upload_document)
    resend = actions.add_parser(
        "resend-code", help="a new confirmation code (after otp.exhausted; hourly cap)"
    )
    resend.add_argument("contact", choices=("phone", "email"))
    resend.add_argument("--account", help="default: the one registered last here")
    resend.set_defaults(run=run_resend_code)

    accept = actions.add_parser("accept-documents", help="operator: identity documents accepted")
    accept.add_argument("account", nargs="?")
    add_staff_options(accept, "operator")
    accept.set_defaults(run=run_accept_documents)

    give_back = actions.add_parser(
        "return-documents", help="operator: identity documents returned with a reason"
    )
    give_back.add_argument("account", nargs="?")
    give_back.add_argument("--reason", required=True, help="what the holder should correct")
    add_staff_options(give_back, "operator")
    give_back.set_defaults(run=run_return_documents)

    link = actions.add_parser("link-registry", help="find the account in the register")
    link.add_argument("account", nargs="?")
    add_staff_options(link, "operator")
    link.set_defaults(run=run_link_registry)

    dev = actions.add_parser(
        "dev-certificate", help="DEVELOPMENT e-signature certificate for the account"
    )
    dev.add_argument("account", nargs="?")
    dev.add_argument(
        "--staff",
        action="store_true",
        help="for the staff account made last here (init, staff add)",
    )
    dev.set_defaults(run=run_dev_certificate)

    login = actions.add_parser("login", help="sign in (password, then code, on stdin)")
    login.add_argument("login", help="СНИЛС, ИНН, e-mail or phone")
    login.add_argument("--certificate", help="e-signature certificate PEM")
    login.add_argument("--key", help="its private key PEM")
    login.set_defaults(run=run_login)

    logout = actions.add_parser("logout", help="end the session")
    add_staff_options(logout, None)
    logout.set_defaults(run=run_logout)

    totp = actions.add_parser("enrol-totp", help="start TOTP enrolment; --finish with a code")
    totp.add_argument("--finish", action="store_true", help="read the app's code from stdin")
    add_staff_options(totp, None)
    totp.set_defaults(run=run_enrol_totp)

    recover = actions.add_parser("recover", help="password recovery by an SMS code")
    recover.add_argument("login", nargs="?", help="start: СНИЛС, ИНН, e-mail or phone")
    recover.add_argument(
        "--finish",
        action="store_true",
        help="stdin: code, [TOTP or recovery code], new password",
    )
    recover.set_defaults(run=run_recover)

    block = actions.add_parser("block", help="operator: block an account")
    block.add_argument("account")
    block.add_argument("--reason", required=True)
    add_staff_options(block, "operator")
    block.set_defaults(run=run_block)

    unblock = actions.add_parser("unblock", help="operator: lift an account's block")
    unblock.add_argument("account")
    add_staff_options(unblock, "operator")
    unblock.set_defaults(run=run_unblock)

    for name, run, text in (
        ("status", run_status, "the account's state"),
        ("requirements", run_requirements, "what the account still lacks"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("account", nargs="?", help="default: the signed-in one")
        add_staff_options(sub, "operator")
        sub.set_defaults(run=run)


def _account_id(args: argparse.Namespace, given: str | None) -> str:
    return recalled(home_dir(args), "account_id", given, "учётную запись", "account")


def run_register(args: argparse.Namespace, out: Output) -> int:
    """Register and send the two confirmation codes."""
    password = read_secret("Пароль: " if out.lang == "ru" else "Password: ")
    form = RegistrationForm(
        last_name=args.last_name,
        first_name=args.first_name,
        middle_name=args.middle_name,
        birth_date=args.birth_date,
        snils=args.snils,
        phone=args.phone,
        email=args.email,
        inn=args.inn,
        password=password,
        language=args.lang,
        consent_given=args.consent,
    )
    with open_cabinet(args) as cabinet:
        registered = cabinet.accounts.register(form)
    remember(
        home_dir(args),
        account_id=registered.account_id,
        phone_request=registered.phone_request_id,
        email_request=registered.email_request_id,
    )
    out.fields(
        {"ok": True, "account_id": registered.account_id, "codes_sent": ["phone", "email"]},
        [
            ("Учётная запись", "Account", registered.account_id),
            ("Коды отправлены", "Codes sent", "SMS, e-mail (accredkit notifications outbox)"),
        ],
    )
    return 0


def run_confirm(args: argparse.Namespace, out: Output) -> int:
    """Confirm a contact with the code from stdin."""
    home = home_dir(args)
    account_id = _account_id(args, args.account)
    request = recalled(home, f"{args.contact}_request", args.request, "запрос", "request")
    code = read_secret("Код: " if out.lang == "ru" else "Code: ")
    with open_cabinet(args) as cabinet:
        found = cabinet.accounts.confirm_contact(account_id, args.contact, request, code)
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_resend_code(args: argparse.Namespace, out: Output) -> int:
    """Send a fresh code to the phone or e-mail; the old one stops working."""
    account_id = _account_id(args, args.account)
    with open_cabinet(args) as cabinet:
        request = cabinet.accounts.send_contact_code(account_id, args.contact)
    remember(home_dir(args), **{f"{args.contact}_request": request})
    out.fields(
        {"ok": True, "contact": args.contact, "request": request},
        [
            (
                "Новый код отправлен",
                "New code sent",
                f"{args.contact} (accredkit notifications last-code {args.contact})",
            )
        ],
    )
    return 0


def run_upload_document(args: argparse.Namespace, out: Output) -> int:
    """Upload an identity document, checked like any document.

    Signed in, it is the holder's own upload; before the first sign-in (which needs the
    account confirmed) this machine's host uploads it for the account registered here.
    """
    data = read_file(args.file)
    home = home_dir(args)
    with open_cabinet(args) as cabinet:
        actor = applicant(cabinet, home) if (home / SESSION_FILE).exists() else SYSTEM
        found = cabinet.accounts.submit_identity_document(
            actor, _account_id(args, args.account), args.kind, Path(args.file).name, data
        )
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_return_documents(args: argparse.Namespace, out: Output) -> int:
    """The operator returned the identity documents; the holder is told why."""
    with open_cabinet(args) as cabinet:
        actor = require_staff(args, cabinet)
        found = cabinet.accounts.return_identity_documents(
            actor, _account_id(args, args.account), args.reason
        )
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_accept_documents(args: argparse.Namespace, out: Output) -> int:
    """The operator accepted the identity documents."""
    with open_cabinet(args) as cabinet:
        actor = require_staff(args, cabinet)
        found = cabinet.accounts.accept_identity_documents(actor, _account_id(args, args.account))
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_link_registry(args: argparse.Namespace, out: Output) -> int:
    """Link the account to its register entry by СНИЛС."""
    with open_cabinet(args) as cabinet:
        found = cabinet.accounts.link_registry(
            acting(args, cabinet), _account_id(args, args.account)
        )
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_block(args: argparse.Namespace, out: Output) -> int:
    """Block an account (operator)."""
    with open_cabinet(args) as cabinet:
        found = cabinet.accounts.block(require_staff(args, cabinet), args.account, args.reason)
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_unblock(args: argparse.Namespace, out: Output) -> int:
    """Lift a block (operator)."""
    with open_cabinet(args) as cabinet:
        found = cabinet.accounts.unblock(require_staff(args, cabinet), args.account)
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def _subject(args: argparse.Namespace, cabinet: Cabinet) -> str:
    """The account named, else the signed-in one, else the one registered last here."""
    if args.account:
        return str(args.account)
    if (home_dir(args) / SESSION_FILE).exists():
        return cabinet.accounts.authenticate(session_token(home_dir(args))).account_id
    return _account_id(args, None)


def run_status(args: argparse.Namespace, out: Output) -> int:
    """The account's state."""
    with open_cabinet(args) as cabinet:
        subject = _subject(args, cabinet)
        found = cabinet.accounts.get(acting(args, cabinet), subject)
    out.fields(account(found), account_rows(found, out.lang))
    return 0


def run_requirements(args: argparse.Namespace, out: Output) -> int:
    """What stands between the account and the cabinet (exit 0 either way)."""
    with open_cabinet(args) as cabinet:
        account_id = _subject(args, cabinet)
        found = cabinet.accounts.requirements(acting(args, cabinet), account_id)
    document = {
        "ok": True,
        "account_id": account_id,
        "met": not found,
        "requirements": [{"code": r.code, "message": r.text(out.lang)} for r in found],
    }
    if out.json_mode:
        out.document(document)
    elif not found:
        out.say("Все требования выполнены.", "Every requirement is met.")
    else:
        out.table(("code", "what to do"), [(r.code, r.text(out.lang)) for r in found])
    return 0
