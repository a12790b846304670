"""``accredkit staff``: staff sign in like applicants; an administrator keeps their roles.

``staff login`` keeps the staff member's session in ``HOME/staff-session``; every staff
command acts as that account with the roles the cabinet holds for it
(``docs/authority.md``). ``staff add``, ``grant``, ``revoke`` and ``list`` are the
administrator's.
"""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._context import (
    home_dir,
    open_cabinet,
    read_secret,
    remember,
    require_staff,
)
from accredkit.cli._login import run_login
from accredkit.cli._output import Output
from accredkit.domain.accounts.registration import RegistrationForm
from accredkit.domain.authority.actors import STAFF_ROLES

__all__ = ["FORM_FIELDS", "register", "registration_form"]

FORM_FIELDS = ("last-name", "first-name", "birth-date", "snils", "phone", "email")
_ROLES = sorted(str(role) for role in STAFF_ROLES)


def register(commands: Any) -> None:
    """Add ``staff`` and its actions to the parser."""
    parser = commands.add_parser("staff", help="staff: sign in; administrator: accounts, roles")
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    login = actions.add_parser("login", help="sign in as staff (password, then code, on stdin)")
    login.add_argument("login", help="СНИЛС, ИНН, e-mail or phone")
    login.add_argument("--certificate", help="e-signature certificate PEM")
    login.add_argument("--key", help="its private key PEM")
    login.set_defaults(run=run_login, staff=True)

    add = actions.add_parser("add", help="administrator: a staff account (password on stdin)")
    for name in FORM_FIELDS:
        add.add_argument(f"--{name}", required=True)
    add.add_argument("--middle-name", default="")
    add.add_argument("--role", action="append", required=True, choices=_ROLES, dest="roles")
    add.set_defaults(run=run_add)

    for name, run in (("grant", run_grant), ("revoke", run_revoke)):
        sub = actions.add_parser(name, help=f"administrator: {name} a staff role")
        sub.add_argument("account")
        sub.add_argument("role", choices=_ROLES)
        sub.set_defaults(run=run)

    listing = actions.add_parser("list", help="staff accounts and their roles")
    listing.set_defaults(run=run_list)


def registration_form(args: argparse.Namespace, password: str) -> RegistrationForm:
    """The registration form from ``FORM_FIELDS`` and the password read from stdin."""
    return RegistrationForm(
        last_name=args.last_name,
        first_name=args.first_name,
        middle_name=args.middle_name,
        birth_date=args.birth_date,
        snils=args.snils,
        phone=args.phone,
        email=args.email,
        password=password,
        language=args.lang,
        consent_given=True,
    )


def run_add(args: argparse.Namespace, out: Output) -> int:
    """The administrator creates a staff account; its holder confirms and signs in."""
    password = read_secret("Пароль: " if out.lang == "ru" else "Password: ")
    with open_cabinet(args) as cabinet:
        admin = require_staff(args, cabinet)
        registered = cabinet.staff.create(admin, registration_form(args, password), args.roles)
    remember(
        home_dir(args),
        staff_account_id=registered.account_id,
        phone_request=registered.phone_request_id,
        email_request=registered.email_request_id,
    )
    out.fields(
        {"ok": True, "account_id": registered.account_id, "roles": sorted(args.roles)},
        [
            ("Сотрудник", "Staff account", registered.account_id),
            ("Роли", "Roles", ", ".join(sorted(args.roles))),
        ],
    )
    return 0


def _change(args: argparse.Namespace, out: Output, *, grant: bool) -> int:
    with open_cabinet(args) as cabinet:
        admin = require_staff(args, cabinet)
        change = cabinet.staff.grant if grant else cabinet.staff.revoke
        member = change(admin, args.account, args.role)
    roles = [str(role) for role in member.roles]
    out.fields(
        {"ok": True, "account_id": member.id, "roles": roles},
        [("Сотрудник", "Staff account", member.id), ("Роли", "Roles", ", ".join(roles))],
    )
    return 0


def run_grant(args: argparse.Namespace, out: Output) -> int:
    """Grant a staff role (journaled; counts on the member's next request)."""
    return _change(args, out, grant=True)


def run_revoke(args: argparse.Namespace, out: Output) -> int:
    """Revoke a staff role (journaled; counts on the member's next request)."""
    return _change(args, out, grant=False)


def run_list(args: argparse.Namespace, out: Output) -> int:
    """Every staff account with its roles."""
    with open_cabinet(args) as cabinet:
        members = cabinet.staff.list(require_staff(args, cabinet))
    out.listing(
        {
            "ok": True,
            "staff": [{"account_id": m.id, "roles": [str(r) for r in m.roles]} for m in members],
        },
        ("account", "roles"),
        [(m.id, ", ".join(str(r) for r in m.roles)) for m in members],
    )
    return 0
