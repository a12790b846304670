"""The ``accredkit`` command: a thin host over the library.

Exit codes: 0 success, 1 a refused or failed operation (its code and hint are
printed), 2 a usage error. Global options (``--home``, ``--json``, ``--lang``) may
come before or after the command.

Start-up is paid on every command, so the parser is built for the one command asked:
the others are names with a line of help, and their modules (and the library behind
them) are never imported (``docs/cli.md``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["build_parser", "main"]

# command: (module that registers it, one line of help), in the order of `--help`.
_COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("_home", "create a cabinet home (development keys)"),
    "registry": ("_home", "the register of medical workers (CSV)"),
    "account": ("_account", "register, confirm, sign in, recover"),
    "staff": ("_staff", "staff: sign in; administrator: accounts, roles"),
    "application": ("_application", "create, attach, detach, submit, answer, withdraw"),
    "review": ("_review", "the body: queue, processing, decisions"),
    "certificate": ("_certificate", "show, export, verify and revoke certificates"),
    "act": ("_act", "signed acts of decisions: list, export, verify"),
    "message": ("_message", "the thread of an application"),
    "ticket": ("_ticket", "support tickets"),
    "report": ("_report", "the period report (applicant or body)"),
    "journal": ("_journal", "verify, prove, export or seal the audit journal"),
    "notifications": ("_notifications", "the outbox: codes sent, dispatch, reminders"),
    "check-document": ("_check_document", "check files against the document rules"),
    "identifier": ("_identifier", "check СНИЛС, ИНН, ОГРН, phone or e-mail"),
    "plugins": ("_plugins", "list adapters by port and their source"),
    "worker": ("_worker", "send the outbox and queue reminders on a schedule"),
    "serve": ("_worker", "serve the pages and the JSON API over HTTP (accredkit[web])"),
    "demo": ("_demo", "run the cabinet's whole story on a fresh home"),
}

_FIRST_SESSION = """\
a first session, in order (docs/cli.md has each command):
  accredkit init                                   a development home; prints the
                                                   administrator's password once
  accredkit staff login 100-000-000 09             the administrator (then staff add …)
  accredkit account register --last-name … --consent      password on stdin
  accredkit notifications last-code phone          the code the outbox holds
  accredkit account confirm phone                  code on stdin (then email)
  accredkit account login СНИЛС                    password (then code) on stdin
  accredkit application create specialized …       then attach, submit
  accredkit review take / approve                  as staff (staff login)
  accredkit certificate export / verify FILE       offline check
  accredkit journal checkpoint && accredkit journal verify

secrets (passwords, codes) are read from stdin, never from arguments;
dates are DD.MM.YYYY or YYYY-MM-DD, times ISO 8601 (2026-05-01T09:00:00+03:00).
exit codes: 0 done, 1 refused (code and hint on stderr), 2 usage error.
"""


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("accredkit")
        except PackageNotFoundError:  # a source tree on the path, not installed
            found = "unknown"
        parser.exit(message=f"accredkit {found}\n")


def _accept_global_options(parser: argparse.ArgumentParser) -> None:
    """Let ``--home``, ``--json`` and ``--lang`` follow the command too, at every level."""
    for flags, options in (
        (("--home",), {}),
        (("--json",), {"action": "store_true"}),
        (("--lang",), {"choices": ("ru", "en")}),
    ):
        if flags[0] not in parser._option_string_actions:
            parser.add_argument(
                *flags, default=argparse.SUPPRESS, help=argparse.SUPPRESS, **options
            )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _accept_global_options(sub)


def _asked(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not a global option)."""
    words = iter(argv)
    for word in words:
        if word in ("--home", "--lang"):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: every command in full, or, given ``argv``, only the one it
    names in full and the others as names with their help."""
    parser = argparse.ArgumentParser(
        prog="accredkit",
        description="Accreditation cabinet for medical workers, from the shell.",
        epilog=_FIRST_SESSION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--home", help="cabinet home (default: $ACCREDKIT_HOME or ./.accredkit)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="message language")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    asked = _asked(argv) if argv is not None else None
    wanted = {module for module, _ in _COMMANDS.values()}
    if argv is not None:
        wanted = {_COMMANDS[asked][0]} if asked in _COMMANDS else set()
    registered: set[str] = set()
    for name, (module, text) in _COMMANDS.items():
        if module in wanted:
            if module not in registered:
                importlib.import_module(f"accredkit.cli.{module}").register(commands)
                registered.add(module)
        else:
            commands.add_parser(name, help=text, add_help=False)
    from accredkit.cli._examples import add_examples

    for name, command in commands.choices.items():  # `accredkit plugins --json` works too
        if _COMMANDS[name][0] in wanted:
            _accept_global_options(command)
            add_examples(command, (name,))
    return parser


def _quiet_broken_pipe() -> None:
    """``accredkit … | head`` ends quietly: the reader went away, nothing is wrong."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    if argv is None:  # the process's own command line: it ends when the command does
        _quiet_broken_pipe()
        try:
            return _run(words)
        finally:
            _leave_objects_to_exit()
    return _run(words)


def _leave_objects_to_exit() -> None:
    """Keep the interpreter's shutdown from walking every object the command loaded.

    Shutdown runs the cycle collector over all of them (some hundred thousand: the
    classes, the compiled methods, the plugins); the process ends right after and the
    system takes its memory back whole. ``gc.freeze`` moves them out of the collector's
    sight (``docs/benchmarks.md``, "Start-up"). Only for the process's own command line:
    a host calling ``main(argv)`` keeps its collector as it was.
    """
    import gc

    gc.freeze()


def _run(words: list[str]) -> int:
    args = build_parser(words).parse_args(words)  # `--help` and usage errors end here

    from accredkit.cli._context import CliUsageError
    from accredkit.cli._output import Output
    from accredkit.errors import AccredkitError

    out = Output(json_mode=args.json, lang=args.lang)
    try:
        code: int = args.run(args, out)
        out.stdout.flush()
    except CliUsageError as error:
        out.error(error)
        return 2
    except AccredkitError as error:
        out.error(error)
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as error:
        out.error(AccredkitError(str(error), code="cli.os_error"))
        return 1
    except KeyboardInterrupt:
        return 130
    return code


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
