"""What every cabinet command shares: the home, the cabinet, who acts, secrets, remembered ids.

The shell is one applicant and one staff member at a time, as two browsers are:
``account login`` keeps the applicant's session token in ``HOME/session`` and
``staff login`` the staff member's in ``HOME/staff-session`` (mode 0600). Staff commands
act as the staff member, with the roles the cabinet holds for the account — never a
role the shell names (``docs/authority.md``).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accredkit._private_files import private_folder
from accredkit.errors import AccredkitError, AuthenticationFailed, ConfigurationError

CONFIG_FILE = "accredkit.toml"
SESSION_FILE = "session"
STAFF_SESSION_FILE = "staff-session"
STATE_FILE = "cli-state.json"

if TYPE_CHECKING:
    from accredkit.bootstrap.cabinet import Cabinet
    from accredkit.domain.authority.actors import Actor


class CliUsageError(AccredkitError):
    """The command line itself is wrong (exit code 2)."""

    default_code = "cli.usage"
    default_hint_ru = "Посмотрите справку: accredkit КОМАНДА --help."
    default_hint_en = "See the help: accredkit COMMAND --help."


def home_dir(args: argparse.Namespace) -> Path:
    """The cabinet home: ``--home``, else ``$ACCREDKIT_HOME``, else ``./.accredkit``."""
    given = getattr(args, "home", None)
    return Path(given or os.environ.get("ACCREDKIT_HOME") or ".accredkit")


def open_cabinet(args: argparse.Namespace) -> Cabinet:
    """The cabinet configured in ``HOME/accredkit.toml``.

    Raises:
        ConfigurationError: there is no configuration in the home (run ``accredkit init``).
    """
    path = home_dir(args) / CONFIG_FILE
    if not path.is_file():
        raise ConfigurationError(
            f"no cabinet configuration at {path}",
            message_ru=f"Не найден файл настроек кабинета {path}.",
            code="config.missing_file",
            value=str(path),
            hint_ru="Создайте кабинет командой «accredkit init» или укажите --home.",
            hint_en="Create the cabinet with 'accredkit init', or point --home at one.",
        )
    from accredkit.bootstrap.cabinet import bootstrap  # the library, only once a command needs it
    from accredkit.config import Config

    return bootstrap(Config.from_toml(path), eager=False)  # a command builds what it uses


def write_private(path: Path, data: bytes | str) -> None:
    """Write ``path`` readable by its owner only (0600), replacing what was there."""
    private_folder(path.parent)
    raw = data.encode() if isinstance(data, str) else data
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(raw)
    path.chmod(0o600)


def read_secret(prompt: str) -> str:
    """A password or a code: typed at a hidden prompt on a terminal, else one line of stdin.

    Raises:
        CliUsageError: stdin ended before the secret was given.
    """
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise CliUsageError(
            f"expected {prompt.rstrip(': ')} on standard input",
            message_ru=f"Ожидалось на стандартном вводе: {prompt.rstrip(': ')}",
            hint_ru="Секреты не передаются аргументами: подайте их строкой на stdin.",
            hint_en="Secrets never go in arguments: give them as lines on stdin.",
        )
    return line.rstrip("\r\n")


def load_state(home: Path) -> dict[str, Any]:
    """Ids the shell remembers between commands (last account, application, requests)."""
    try:
        data = json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(home: Path, **values: Any) -> None:
    """Add ``values`` to the remembered ids."""
    state = load_state(home)
    state.update(values)
    write_private(home / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=2))


def recalled(home: Path, key: str, given: str | None, what_ru: str, what_en: str) -> str:
    """``given`` if set, else the remembered ``key``.

    Raises:
        CliUsageError: neither is there.
    """
    value = given or load_state(home).get(key)
    if not value:
        raise CliUsageError(
            f"name the {what_en}: nothing is remembered in this home yet",
            message_ru=f"Укажите {what_ru}: в этом кабинете ещё ничего не запомнено.",
        )
    return str(value)


def session_token(home: Path, file: str = SESSION_FILE) -> str:
    """The token ``account login`` (or ``staff login``) left in the home.

    Raises:
        AuthenticationFailed: nobody is signed in.
    """
    try:
        return (home / file).read_text(encoding="ascii").strip()
    except OSError:
        staff = file == STAFF_SESSION_FILE
        raise AuthenticationFailed(
            "no staff member is signed in in this home" if staff else "nobody is signed in",
            message_ru="В этом кабинете не вошёл сотрудник."
            if staff
            else "В этом кабинете никто не вошёл.",
            code="cli.not_signed_in",
            hint_ru="Войдите: accredkit staff login ЛОГИН (пароль и код — на stdin)."
            if staff
            else "Войдите: accredkit account login ЛОГИН (пароль — на stdin).",
            hint_en="Sign in: accredkit staff login LOGIN (password and code on stdin)."
            if staff
            else "Sign in: accredkit account login LOGIN (password on stdin).",
        ) from None


def add_staff_options(parser: argparse.ArgumentParser, default_role: str | None) -> None:
    """``--staff``: act as the staff member signed in with ``staff login``.

    Commands only staff run act as that member anyway; ``default_role`` names, for the
    help text, the role the command is meant for. The roles are the cabinet's, never
    the shell's (``docs/authority.md``).
    """
    role = f" ({default_role})" if default_role else ""
    parser.add_argument(
        "--staff", action="store_true", help=f"act as the signed-in staff member{role}"
    )


def require_staff(args: argparse.Namespace, cabinet: Cabinet) -> Actor:
    """The staff member signed in in the home (``staff login``), with the cabinet's roles."""
    return cabinet.actor(session_token(home_dir(args), STAFF_SESSION_FILE))


def applicant(cabinet: Cabinet, home: Path) -> Actor:
    """The signed-in applicant of ``home`` (``account login``)."""
    return cabinet.actor(session_token(home))


def acting(args: argparse.Namespace, cabinet: Cabinet) -> Actor:
    """The staff member with ``--staff``, else the signed-in applicant."""
    if getattr(args, "staff", False):
        return require_staff(args, cabinet)
    return applicant(cabinet, home_dir(args))


def session_file(args: argparse.Namespace) -> str:
    """Where this command's session lives: the staff member's with ``--staff``."""
    return STAFF_SESSION_FILE if getattr(args, "staff", False) else SESSION_FILE


def read_file(path: str) -> bytes:
    """A file's bytes, or a one-line ``file.not_found`` / ``file.unreadable`` error."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigurationError(
            f"{path}: no such file",
            message_ru=f"{path}: файл не найден.",
            code="file.not_found",
            value=path,
            hint_ru="Проверьте путь и имя файла.",
            hint_en="Check the path and the file name.",
        ) from None
    except OSError as error:
        raise ConfigurationError(
            f"{path}: cannot read ({error.strerror})",
            message_ru=f"{path}: не удалось прочитать ({error.strerror}).",
            code="file.unreadable",
            value=path,
            hint_ru="Проверьте права доступа к файлу.",
            hint_en="Check the file's permissions.",
        ) from None
