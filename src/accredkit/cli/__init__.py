"""The ``accredkit`` command: a thin host over the library.

Exit codes: 0 success, 1 a refused or failed operation (its code and hint are
printed), 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from accredkit.cli import _check_document, _demo, _identifier, _journal, _plugins
from accredkit.cli._output import Output
from accredkit.errors import AccredkitError

__all__ = ["build_parser", "main"]

_COMMANDS = (_check_document, _demo, _identifier, _journal, _plugins)


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = Output(json_mode=args.json, lang=args.lang)
    try:
        code: int = args.run(args, out)
    except AccredkitError as error:
        out.error(error)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
