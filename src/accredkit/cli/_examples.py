"""One example per command, shown at the foot of its ``--help`` (``docs/cli.md``).

Kept in one table, so a command without an example is easy to see (a test walks the
parser and fails on one).
"""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, str] = {
    "init": "accredkit init --home ./cabinet",
    "registry add": 'accredkit registry add --snils 112-233-445-95 --name "Иванов Иван Иванович"'
    " --birth-date 1985-03-07",
    "account register": 'echo "сосна у реки шумит" | accredkit account register --last-name Иванов'
    " --first-name Иван --birth-date 07.03.1985 --snils 112-233-445-95"
    ' --phone "+7 916 123-45-67" --email ivan@example.org --consent',
    "account confirm": "accredkit notifications last-code phone | accredkit account confirm phone",
    "account resend-code": "accredkit account resend-code phone",
    "account upload-document": "accredkit account upload-document passport passport.jpg",
    "account accept-documents": "accredkit account accept-documents",
    "account return-documents": 'accredkit account return-documents --reason "Скан нечитаем"',
    "account link-registry": "accredkit account link-registry --staff",
    "account dev-certificate": "accredkit account dev-certificate",
    "account login": 'echo "сосна у реки шумит" | accredkit account login 112-233-445-95',
    "account logout": "accredkit account logout",
    "account enrol-totp": "accredkit account enrol-totp   # then: … | accredkit account"
    " enrol-totp --finish",
    "account recover": "accredkit account recover 112-233-445-95",
    "account block": 'accredkit account block ACCOUNT --reason "Заявление владельца"',
    "account unblock": "accredkit account unblock ACCOUNT",
    "account status": "accredkit account status",
    "account requirements": "accredkit account requirements",
    "staff login": 'printf \'%s\\n%s\\n\' "$PASSWORD" "$CODE" | accredkit staff login'
    " 100-000-000-09",
    "staff add": 'echo "$PASSWORD" | accredkit staff add --role reviewer --last-name Экспертова'
    ' --first-name Рита --birth-date 01.02.1979 --snils "400-001-001 41"'
    ' --phone "+7 917 999-00-01" --email rita@cabinet.example',
    "staff grant": "accredkit staff grant ACCOUNT approver",
    "staff revoke": "accredkit staff revoke ACCOUNT approver",
    "staff list": "accredkit staff list",
    "application create": "accredkit application create specialized --specialty Терапия"
    " --experience-years 6 --training-hours 216",
    "application attach": "accredkit application attach diploma.pdf --kind diploma",
    "application detach": "accredkit application detach diploma.pdf",
    "application submit": "accredkit application submit",
    "application status": "accredkit application status",
    "application answer": 'accredkit application answer "Удостоверение приложено"',
    "application withdraw": 'accredkit application withdraw --reason "Передумал"',
    "application list": "accredkit application list",
    "review queue": "accredkit review queue --status submitted",
    "review take": "accredkit review take APP",
    "review send-for-approval": "accredkit review send-for-approval",
    "review approve": "accredkit review approve",
    "review request-info": 'accredkit review request-info "Приложите удостоверение за 2025 год"',
    "review reject": 'accredkit review reject --reason "Стаж меньше требуемого"',
    "certificate show": "accredkit certificate show АК-2026-000001-5",
    "certificate export": "accredkit certificate export --pdf",
    "certificate check": "accredkit certificate check АК-2026-000001-5",
    "certificate revoke": "accredkit certificate revoke АК-2026-000001-5"
    ' --reason "Ошибка в данных"',
    "certificate verify": "accredkit certificate verify exports/АК-2026-000001-5.json",
    "act list": "accredkit act list",
    "act export": "accredkit act export ACT --pdf",
    "act verify": "accredkit act verify exports/act-ACT.json",
    "message send": 'accredkit message send "Добрый день!"',
    "message list": "accredkit message list",
    "ticket open": 'accredkit ticket open --category documents --subject Скан --text "Не грузится"',
    "ticket list": "accredkit ticket list",
    "report": "accredkit report --from 2026-01-01 --to 2026-03-31 --format csv -o q1.csv",
    "journal verify": "accredkit journal verify",
    "journal prove": "accredkit journal prove 42",
    "journal export": "accredkit journal export journal.json",
    "journal checkpoint": "accredkit journal checkpoint",
    "notifications dispatch": "accredkit notifications dispatch",
    "notifications remind": "accredkit notifications remind --at 2026-09-01T09:00:00+03:00",
    "notifications outbox": 'accredkit notifications outbox --to "+7 916 123-45-67" --last 3',
    "notifications last-code": "accredkit notifications last-code email",
    "notifications queue": "accredkit notifications queue --status failed",
    "check-document": "accredkit check-document scan.pdf --kind passport",
    "identifier": "accredkit identifier 112-233-445-95 7707083893",
    "plugins": "accredkit plugins --json",
    "worker": "accredkit worker --interval 10",
    "serve": "accredkit serve --port 8000",
    "demo": "accredkit demo --lang en",
}

DATES = "dates: DD.MM.YYYY or YYYY-MM-DD; times: ISO 8601 with an offset (+03:00 is Moscow)"


def add_examples(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> None:
    """Put each command's example (and the date formats) at the foot of its help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                add_examples(sub, (*path, name))
            return
    example = EXAMPLES.get(" ".join(path))
    if example is not None:
        parser.epilog = f"example:\n  {example}\n\n{DATES}"
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
