"""``accredkit identifier VALUE…``: what kind of identifier each value is, and is it valid."""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._output import Output
from accredkit.domain.contacts import Email, Phone, parse_login
from accredkit.domain.identifiers import Inn, Ogrn, Snils
from accredkit.errors import InvalidIdentifier

_PARSERS: dict[str, type[Snils] | type[Inn] | type[Ogrn] | type[Phone]] = {
    "snils": Snils,
    "inn": Inn,
    "ogrn": Ogrn,
    "phone": Phone,
}


def register(commands: Any) -> None:
    """Add the command to the parser."""
    parser = commands.add_parser("identifier", help="check СНИЛС, ИНН, ОГРН, phone or e-mail")
    parser.add_argument("values", nargs="+", metavar="VALUE")
    parser.add_argument("--kind", choices=sorted(_PARSERS), help="expect this kind")
    parser.set_defaults(run=run)


def check(text: str, kind: str | None = None) -> dict[str, Any]:
    """One value's verdict as a JSON-ready dict."""
    value: Snils | Inn | Ogrn | Phone | Email
    try:
        if kind is not None:
            value = _PARSERS[kind].parse(text)
            found = kind
        elif len("".join(c for c in text if c.isdigit())) in (13, 15) and "@" not in text:
            value = Ogrn.parse(text)
            found = "ogrn" if value.kind == "ogrn" else "ogrnip"
        else:
            login = parse_login(text)
            value, found = login.value, login.kind
    except InvalidIdentifier as error:
        return {"input": text, "valid": False, "kind": kind, "error": error.to_dict()}
    return {"input": text, "valid": True, "kind": found, "canonical": str(value)}


def run(args: argparse.Namespace, out: Output) -> int:
    """Check every value; exit 0 only when all are valid."""
    results = [check(text, args.kind) for text in args.values]
    if out.json_mode:
        out.document(results)
    else:
        rows = []
        for r in results:
            verdict = (
                r["canonical"]
                if r["valid"]
                else r["error"]["message" if out.lang == "en" else "message_ru"]
            )
            rows.append((r["input"], r["kind"] or "?", "ok" if r["valid"] else "INVALID", verdict))
        out.table(("value", "kind", "status", "canonical / reason"), rows)
    return 0 if all(r["valid"] for r in results) else 1
