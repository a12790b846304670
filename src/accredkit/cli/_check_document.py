"""``accredkit check-document FILE… [--kind KIND] [--json]``: would the cabinet take these files?"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import attrs

from accredkit.checks.document import check_document
from accredkit.cli._output import Output
from accredkit.cli._progress import steps
from accredkit.cli._views import human_size
from accredkit.domain.documents.formats import DocumentKind


def register(commands: Any) -> None:
    """Add the command to the parser."""
    parser = commands.add_parser(
        "check-document", help="check files against the document rules (format, size, scan)"
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument(
        "--kind",
        choices=[k.value for k in DocumentKind],
        default=DocumentKind.OTHER.value,
        help="document kind (default: other)",
    )
    parser.add_argument(
        "--json", dest="json_here", action="store_true", help="print one JSON document"
    )
    parser.set_defaults(run=run)


def _unreadable(path: str, error: OSError) -> dict[str, Any]:
    reason = error.strerror or type(error).__name__
    return {
        "file": path,
        "ok": False,
        "error": {
            "code": "document.not_found"
            if isinstance(error, FileNotFoundError)
            else "document.cannot_read",
            "message": f"{path}: cannot read the file ({reason})",
            "message_ru": f"{path}: не удалось прочитать файл ({reason})",
        },
    }


def check_path(path: str, kind: str) -> dict[str, Any]:
    """One file's verdict as a JSON-ready dict (``error`` when it cannot be read)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return _unreadable(path, error)
    report = check_document(data, Path(path).name, kind)
    return {"file": path, **report.to_dict()}


def run(args: argparse.Namespace, out: Output) -> int:
    """Check every file; exit 0 only when all of them pass."""
    if args.json_here:
        out = attrs.evolve(out, json_mode=True)
    results = []
    with steps(out, "Проверка файлов", "Checking files", len(args.files)) as advance:
        for path in args.files:  # a folder of scans is a bulk check: a bar on a terminal
            results.append(check_path(path, args.kind))
            advance(1)
    if out.json_mode:
        out.document(results)
    else:
        for result in results:
            _show(result, out)
    return 0 if all(r["ok"] for r in results) else 1


def _show(result: dict[str, Any], out: Output) -> None:
    en = out.lang == "en"
    if "error" in result:
        error = result["error"]
        print(
            f"error [{error['code']}]: {error['message' if en else 'message_ru']}", file=out.stderr
        )
        return
    verdict = (
        ("accepted" if en else "принят") if result["ok"] else ("REFUSED" if en else "ОТКЛОНЁН")
    )
    size = human_size(int(result["size"]), out.lang)
    print(f"{result['file']}: {verdict} ({result['mime']}, {size})", file=out.stdout)
    for violation in result["violations"]:
        text = violation["message_en" if en else "message_ru"]
        print(f"  - {violation['code']}: {text}", file=out.stdout)
