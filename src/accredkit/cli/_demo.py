"""``accredkit [--home DIR] demo [--lang ru|en]``: the cabinet's story, narrated, on real adapters.

A fresh home (the one ``--home`` names, else a new temporary directory) with SQLite,
encrypted files, outbox messages and development keys; then every step of the story,
with a progress display. Exit 0 only if every step did what it should.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from accredkit.bootstrap.cabinet import bootstrap
from accredkit.cli._demo_people import FORM, StepFailed, Story
from accredkit.cli._demo_story import STEPS, where
from accredkit.cli._home import add_worker, create_home
from accredkit.cli._output import Output
from accredkit.config import Config
from accredkit.errors import AccredkitError


def register(commands: Any) -> None:
    """Add the command to the parser."""
    parser = commands.add_parser("demo", help="run the cabinet's whole story on a fresh home")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Make the home, narrate each step; exit 0 only if every step did what it should."""
    en = out.lang == "en"
    root = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="accredkit-demo-"))
    home = create_home(root, language=out.lang)
    add_worker(root, FORM.snils, "Иванов Иван Иванович", "1985-03-07", ["Терапия"])
    out.say(
        f"Демонстрация accredkit: кабинет медицинского работника от регистрации до свидетельства.\n"
        f"Кабинет: {root} (SQLite, зашифрованные файлы, SMS и e-mail в outbox/, "
        f"учебные ключи — DEVELOPMENT)\n",
        f"accredkit demo: a medical worker's cabinet from registration to certificate.\n"
        f"Home: {root} (SQLite, encrypted files, SMS and e-mail in outbox/, "
        f"development keys)\n",
    )
    started = time.perf_counter()
    done: list[dict[str, Any]] = []
    with bootstrap(Config.from_toml(home.config)) as cabinet:
        story = Story(home, cabinet, en)
        total = len(STEPS)
        for number, (ru, en_title, step) in enumerate(STEPS, start=1):
            out.say(f"[{number:2}/{total}] {ru}", f"[{number:2}/{total}] {en_title}")
            try:
                detail = step(story)
            except (StepFailed, AccredkitError) as failure:
                reason = failure.code if isinstance(failure, AccredkitError) else str(failure)
                out.say(f"        ✗ шаг не удался: {reason}", f"        ✗ step failed: {reason}")
                if out.json_mode:
                    out.document(
                        {
                            "ok": False,
                            "home": str(root),
                            "failed": en_title,
                            "reason": reason,
                            "steps": done,
                        }
                    )
                return 1
            out.say(f"        ✓ {detail}", f"        ✓ {detail}")
            done.append({"step": number, "title": en_title, "detail": detail})
    seconds = time.perf_counter() - started
    places = where(home, story.facts)
    if out.json_mode:
        out.document(
            {
                "ok": True,
                "home": str(root),
                "steps": done,
                "journal_verified": True,
                "certificate_verified": True,
                "paths": {en_label: str(path) for _, en_label, path in places},
                "seconds": round(seconds, 2),
            }
        )
        return 0
    out.say(
        f"\nВсе {len(STEPS)} шагов выполнены за {seconds:.1f} с. "
        "Журнал аудита проверен, свидетельство проверено офлайн.\nГде что лежит:",
        f"\nAll {len(STEPS)} steps done in {seconds:.1f} s. "
        "The journal is verified and the certificate verified offline.\nWhere everything is:",
    )
    out.fields(None, [(f"  {ru}", f"  {en_label}", path) for ru, en_label, path in places])
    out.say(
        f"\nПродолжить из командной строки: accredkit --home {root} application list",
        f"\nCarry on from the shell: accredkit --home {root} --lang en application list",
    )
    return 0
