"""How the command prints: readable tables for people, one JSON document for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from accredkit.errors import AccredkitError

HEADERS_RU = {  # the tables' column names, as a Russian reader sees them
    "id": "номер",
    "type": "вид",
    "status": "статус",
    "created": "создано",
    "waiting": "ждёт",
    "sent": "отправлено",
    "side": "сторона",
    "author": "автор",
    "text": "текст",
    "channel": "канал",
    "to": "кому",
    "template": "шаблон",
    "port": "порт",
    "scheme": "схема",
    "distribution": "пакет",
    "plugin": "модуль",
    "description": "описание",
    "account": "учётная запись",
    "roles": "роли",
    "number": "номер",
    "category": "категория",
    "due": "ответить до",
    "subject": "тема",
    "code": "код",
    "what to do": "что сделать",
    "value": "значение",
    "kind": "вид",
    "canonical / reason": "запись / причина",
    "detail": "подробности",
    "application": "заявление",
    "submitted": "подано",
    "decided": "решено",
    "figure": "показатель",
}


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
        """Rows aligned under their headers (in Russian in Russian mode)."""
        if self.lang != "en":
            headers = [HEADERS_RU.get(h, h) for h in headers]
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
        """The error with its code, each violation on its own line, then one fitting hint;
        never a traceback, never a sentence twice."""
        if self.json_mode:
            found = error.to_dict()
            wait = getattr(error, "retry_after", None)
            if wait is not None:  # how long a script waits before it asks again
                found["retry_after_seconds"] = round(wait.total_seconds())
            self.document({"ok": False, "error": found})
            return
        en = self.lang == "en"
        violations = getattr(error, "violations", ())
        if len(violations) > 1:
            count = f"{len(violations)} problems" if en else f"замечаний: {len(violations)}"
            print(f"error [{error.code}]: {count}", file=self.stderr)
            for found in violations:
                text = found.message_en if en else found.message_ru
                print(f"  - [{found.code}] {text}", file=self.stderr)
        else:
            print(f"error [{error.code}]: {error.text(self.lang)}", file=self.stderr)
        hint = fitting_hint(error, self.lang)
        if hint and hint not in error.text(self.lang):
            print(f"  {'hint' if en else 'совет'}: {hint}", file=self.stderr)


# Hints the shell gives where the error's own would mislead (``docs/cli.md``): a
# password-style hint under a wrong code, a form hint under a rule of the lifecycle.
_CODE_HINT = (
    "Take a fresh code from the app (it changes every 30 seconds); each code works once.",
    "Возьмите свежий код из приложения (он меняется каждые 30 секунд); код годен один раз.",
)
_HINTS: dict[str, tuple[str, str]] = {
    "totp.wrong": _CODE_HINT,
    "totp.replayed": _CODE_HINT,
    "otp.wrong": (
        "Type the six digits of the newest message (accredkit notifications last-code).",
        "Введите шесть цифр из последнего сообщения (accredkit notifications last-code).",
    ),
    "otp.exhausted": (
        "Ask for a new code: accredkit account resend-code phone (or email).",
        "Запросите новый код: accredkit account resend-code phone (или email).",
    ),
    "otp.expired": (
        "Ask for a new code: accredkit account resend-code phone (or email).",
        "Запросите новый код: accredkit account resend-code phone (или email).",
    ),
    "staff.second_factor_required": (
        "Enrol TOTP (accredkit account enrol-totp --staff), then staff login with a code.",
        "Подключите TOTP (accredkit account enrol-totp --staff) и войдите снова с кодом.",
    ),
    "session.invalid": (
        "The command: accredkit account login LOGIN; for staff, accredkit staff login LOGIN.",
        "Команда: accredkit account login ЛОГИН; для сотрудника — accredkit staff login ЛОГИН.",
    ),
    "application.four_eyes": (
        "Another staff member with the approver role decides: not the one who sent it.",
        "Решение принимает другой сотрудник с ролью согласующего, не отправивший заявление.",
    ),
}
_FORM_HINTS = {
    "Исправьте отмеченные поля и отправьте снова.",
    "Correct the marked fields and submit again.",
}


def fitting_hint(error: AccredkitError, lang: str) -> str:
    """The hint for ``error``: the shell's own where the library's would not fit."""
    if error.code in _HINTS:
        en, ru = _HINTS[error.code]
        return en if lang == "en" else ru
    hint = error.hint(lang)
    if hint in _FORM_HINTS and not getattr(error, "violations", ()):
        return (
            "This step is not open to you now: see accredkit application status."
            if lang == "en"
            else "Этот шаг сейчас вам недоступен: см. accredkit application status."
        )
    return hint
