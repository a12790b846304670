"""How the command prints: readable tables for people, one JSON document for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from accredkit.errors import AccredkitError


@attrs.define
class Output:
    """Where and how a command reports its result."""

    json_mode: bool = False
    lang: str = "ru"
    stdout: TextIO = attrs.field(factory=lambda: sys.stdout)
    stderr: TextIO = attrs.field(factory=lambda: sys.stderr)

    def say(self, ru: str, en: str) -> None:
        """A line of narration, skipped in JSON mode."""
        if not self.json_mode:
            print(en if self.lang == "en" else ru, file=self.stdout)

    def document(self, data: Any) -> None:
        """The command's JSON result."""
        json.dump(data, self.stdout, ensure_ascii=False, indent=2, default=str)
        self.stdout.write("\n")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Rows aligned under their headers."""
        cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
        for row in cells:
            print(
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(),
                file=self.stdout,
            )

    def fields(self, document: Any, rows: Sequence[tuple[str, str, object]]) -> None:
        """A short summary: ``document`` in JSON mode, else ``label: value`` lines."""
        if self.json_mode:
            self.document(document)
            return
        labels = [en if self.lang == "en" else ru for ru, en, _ in rows]
        width = max((len(label) for label in labels), default=0)
        for label, (_, _, value) in zip(labels, rows, strict=True):
            print(f"{(label + ':').ljust(width + 1)} {value}", file=self.stdout)

    def listing(
        self, document: Any, headers: Sequence[str], rows: Sequence[Sequence[object]]
    ) -> None:
        """A list: ``document`` in JSON mode, else a table (or a note that it is empty)."""
        if self.json_mode:
            self.document(document)
        elif rows:
            self.table(headers, rows)
        else:
            self.say("(пусто)", "(none)")

    def error(self, error: AccredkitError) -> None:
        """A one-line error with its code and the hint, never a traceback."""
        if self.json_mode:
            self.document({"ok": False, "error": error.to_dict()})
            return
        print(f"error [{error.code}]: {error.text(self.lang)}", file=self.stderr)
        print(
            f"  {'hint' if self.lang == 'en' else 'совет'}: {error.hint(self.lang)}",
            file=self.stderr,
        )
