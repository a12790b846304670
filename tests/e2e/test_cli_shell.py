"""``accredkit`` as a real process: the demo in both languages, and bad input at the shell.

Bad input gives exit 1 or 2, a one-line error with its code, then its hint — never a
traceback. The demo's home serves as the cabinet the bad input is tried on.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def accredkit(
    home: Path, *args: str, stdin: str = "", lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCREDKIT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "accredkit", "--lang", lang, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo") / "home"
    done = accredkit(home, "--home", str(home), "demo", lang="ru")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for step in range(1, 20):
        assert f"[{step:2}/19]" in done.stdout
    assert "✗" not in done.stdout
    assert "Журнал аудита проверен, свидетельство проверено офлайн." in done.stdout
    assert str(home / "cabinet.db") in done.stdout
    return home


def test_demo_in_russian_runs_every_step(demo_home: Path) -> None:
    assert (demo_home / "exports" / "journal.json").is_file()
    assert list((demo_home / "exports").glob("АК-*.json"))
    assert list((demo_home / "exports").glob("АК-*.pdf"))
    assert (demo_home / "outbox" / "sms.jsonl").read_text("utf-8").count("\n") > 5


def test_demo_in_english_ends_verified(tmp_path: Path) -> None:
    done = accredkit(tmp_path, "--home", str(tmp_path / "en"), "demo", "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[19/19] Audit journal" in done.stdout
    assert "The journal is verified and the certificate verified offline." in done.stdout


def _refused(done: subprocess.CompletedProcess[str], code: str, exit_code: int = 1) -> None:
    assert done.returncode == exit_code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    first, hint = done.stderr.splitlines()
    assert first.startswith(f"error [{code}]: ")
    assert hint.startswith("  hint: ")


def test_a_missing_file(demo_home: Path) -> None:
    done = accredkit(demo_home, "application", "attach", "no-such-scan.pdf", "--kind", "passport")
    _refused(done, "file.not_found")


def test_a_wrong_snils(demo_home: Path) -> None:
    done = accredkit(
        demo_home, "account", "register", "--last-name", "Петров", "--first-name", "Пётр",
        "--birth-date", "01.02.1980", "--snils", "112-233-445 96", "--phone", "+79160000001",
        "--email", "petrov@example.org", "--consent", stdin="длинная фраза про сосну\n",
    )  # fmt: skip
    _refused(done, "snils.checksum")


def test_a_wrong_password(demo_home: Path) -> None:
    done = accredkit(demo_home, "account", "login", "112-233-445 95", stdin="not my password\n")
    _refused(done, "auth.failed")


def test_an_unknown_application(demo_home: Path) -> None:
    done = accredkit(demo_home, "application", "status", "0123456789abcdef")
    _refused(done, "application.not_found")
    done = accredkit(demo_home, "review", "take", "0123456789abcdef")  # as the demo's reviewer
    _refused(done, "application.not_found")


def test_a_tampered_certificate(demo_home: Path, tmp_path: Path) -> None:
    [exported] = (demo_home / "exports").glob("АК-*.json")
    forged = tmp_path / "forged.json"
    forged.write_text(exported.read_text("utf-8").replace("Терапия", "Хирургия"), "utf-8")
    _refused(accredkit(demo_home, "certificate", "verify", str(forged)), "certificate.tampered")
    assert accredkit(demo_home, "certificate", "verify", str(exported)).returncode == 0


def test_usage_errors_exit_two(demo_home: Path) -> None:
    done = accredkit(demo_home, "account", "login", "112-233-445 95")  # no password on stdin
    _refused(done, "cli.usage", exit_code=2)
    done = accredkit(demo_home, "application", "frobnicate")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_no_home(tmp_path: Path) -> None:
    _refused(accredkit(tmp_path / "nowhere", "application", "list"), "config.missing_file")


def test_every_file_and_folder_of_the_demo_home_is_private(demo_home: Path) -> None:
    """Database (with its -wal/-shm), blobs, keys, outbox and exports: 0600 and 0700."""
    found = [demo_home, *demo_home.rglob("*")]
    assert any(p.name == "cabinet.db" for p in found)
    assert any(p.parent.parent.name == "blobs" for p in found if p.is_file())
    loose = [
        f"{p.relative_to(demo_home)} {p.stat().st_mode & 0o777:o}"
        for p in found
        if p.stat().st_mode & 0o777 != (0o700 if p.is_dir() else 0o600)
    ]
    assert loose == []


def test_the_demo_outbox_names_no_phone_or_address(demo_home: Path) -> None:
    written = (demo_home / "outbox" / "sms.jsonl").read_text("utf-8")
    written += (demo_home / "outbox" / "email.jsonl").read_text("utf-8")
    assert "+7 *** ***-45-67" in written
    for value in ("+79161234567", "79161234567", "ivan.ivanov@example.org"):
        assert value not in written, value


def test_the_start_up_floors_are_loaded_by_the_listing_they_bound(demo_home: Path) -> None:
    # The floors printed beside `application list` (benchmarks/bench_startup.py) import
    # only what the listing itself loads, so they bound it from below (docs/benchmarks.md).
    from benchmarks.bench_startup import _LIBRARIES, _LISTING_MODULES

    floor = [name.strip() for name in f"{_LIBRARIES}, {_LISTING_MODULES}".split(",")]
    probe = (
        "import sys, contextlib, io\n"
        "from accredkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['--home', {str(demo_home)!r}, 'application', 'list'])\n"
        "print(code, len(out.getvalue().splitlines()))\n"
        f"print(sorted(m for m in {floor!r} if m not in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    status, missing = done.stdout.splitlines()
    code, lines = status.split()
    assert code == "0"
    assert int(lines) > 1  # a header and the demo's application
    assert missing == "[]"
