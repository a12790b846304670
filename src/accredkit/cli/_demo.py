"""``accredkit demo``: the cabinet's story, narrated, on real adapters."""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._identifier import check
from accredkit.cli._output import Output

_SAMPLES = (
    ("СНИЛС врача", "A doctor's SNILS", "112 233 445 95"),
    ("ИНН врача", "A doctor's INN", "500100732259"),
    ("ИНН клиники", "A clinic's INN", "7707083893"),
    ("ОГРН клиники", "A clinic's OGRN", "1027700132195"),
    ("Телефон", "Phone", "8 (912) 345-67-89"),
    ("СНИЛС с опечаткой", "A SNILS with a typo", "112 233 445 96"),
)


def register(commands: Any) -> None:
    """Add the command to the parser."""
    parser = commands.add_parser("demo", help="run the cabinet's story end to end")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Narrate each step; exit 0 only if every step did what it should."""
    out.say("Демонстрация accredkit: проверка идентификаторов", "accredkit demo: identifiers")
    ok = True
    for ru, en, text in _SAMPLES:
        result = check(text)
        expect_valid = "опечаткой" not in ru
        ok &= result["valid"] == expect_valid
        verdict = result["canonical"] if result["valid"] else result["error"]["code"]
        out.say(f"  {ru}: {text} → {verdict}", f"  {en}: {text} → {verdict}")
    out.say("Готово." if ok else "Шаг не удался.", "Done." if ok else "A step failed.")
    return 0 if ok else 1
