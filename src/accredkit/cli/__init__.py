"""The ``accredkit`` command: a thin host over the library.

Exit codes: 0 success, 1 a refused or failed operation (its code and hint are
printed), 2 a usage error. Global options (``--home``, ``--json``, ``--lang``) may
come before or after the command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accredkit.cli import (
    _account,
    _application,
    _certificate,
    _check_document,
    _demo,
    _home,
    _identifier,
    _journal,
    _message,
    _notifications,
    _plugins,
    _report,
    _review,
    _staff,
    _ticket,
    _worker,
)
from accredkit.cli._context import CliUsageError
from accredkit.cli._output import Output
from accredkit.errors import AccredkitError

__all__ = ["build_parser", "main"]

_COMMANDS = (
    _home,
    _account,
    _staff,
    _application,
    _review,
    _certificate,
    _message,
    _ticket,
    _report,
    _journal,
    _notifications,
    _check_document,
    _identifier,
    _plugins,
    _worker,
    _demo,
)


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


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, every command registered."""
    parser = argparse.ArgumentParser(
        prog="accredkit",
        description="Accreditation cabinet for medical workers, from the shell.",
    )
    parser.add_argument("--home", help="cabinet home (default: $ACCREDKIT_HOME or ./.accredkit)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru", help="message language")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _COMMANDS:
        module.register(commands)
    for command in commands.choices.values():  # `accredkit plugins --json` works too
        _accept_global_options(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(json_mode=args.json, lang=args.lang)
    try:
        code: int = args.run(args, out)
    except CliUsageError as error:
        out.error(error)
        return 2
    except AccredkitError as error:
        out.error(error)
        return 1
    except OSError as error:
        out.error(AccredkitError(str(error), code="cli.os_error"))
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
