"""The whole cabinet story from the shell, one command at a time, every result as JSON.

Runs ``accredkit.cli.main`` in-process (each subprocess start costs an import of
accredkit; ``test_cli_errors.py`` and the demo tests start real processes).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from accredkit.cli import main
from accredkit.domain.certificates.certificate import certificate_number
from accredkit.testing import documents as files
from tests.support.cabinet_people import person_form
from tests.support.pdf_checks import decode_qr

PASSWORD = "сосна у реки шумит"
PHONE, EMAIL = "+79161234567", "ivan.ivanov@example.org"
Run = Callable[..., tuple[int, Any]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.setenv("ACCREDKIT_HOME", str(tmp_path / "home"))

    def run(*args: str, stdin: str = "") -> tuple[int, Any]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*args, "--json"])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return code, json.loads(captured.out)

    return run


def _code(cli: Run, to: str) -> str:
    _, found = cli("notifications", "outbox", "--to", to, "--last", "1")
    match = re.search(r"\b(\d{6})\b", found["messages"][-1]["text"])
    assert match is not None
    return match.group(1)


def _identity_documents(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    made = {
        "passport": (folder / "id-passport.jpg", files.scan(fmt="JPEG", seed=81)),
        "professional_status": (folder / "id-status.pdf", files.text_pdf(seed=82)),
        "pd_consent": (folder / "id-consent.pdf", files.text_pdf(seed=83)),
    }
    for path, data in made.values():
        path.write_bytes(data)
    return {kind: path for kind, (path, _) in made.items()}


def _documents(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    made = {"bad": folder / "passport.pdf", "passport": folder / "passport.jpg"}
    made["bad"].write_bytes(files.scan(fmt="PNG"))
    made["passport"].write_bytes(files.scan(fmt="JPEG"))
    for seed, kind in enumerate(("diploma", "cpd_certificate", "pd_consent"), start=1):
        made[kind] = folder / f"{kind}.pdf"
        made[kind].write_bytes(files.text_pdf(seed=seed))
    return made


ADMINISTRATOR = "100-000-000 09"  # the development home's first administrator


def _staff_sign_in(cli: Run, login: str, password: str, account_id: str) -> None:
    """First sign-in with a DEVELOPMENT e-signature, TOTP enrolled, then in with TOTP."""
    assert cli("account", "dev-certificate", account_id)[0] == 0
    code, first = cli("staff", "login", login, stdin=password + "\n")
    assert (code, first["account_id"]) == (0, account_id)
    secret = cli("account", "enrol-totp", "--staff")[1]["secret"]
    enrolled = cli("account", "enrol-totp", "--finish", "--staff", stdin=pyotp.TOTP(secret).now())
    assert enrolled[0] == 0
    next_step = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))
    code, again = cli("staff", "login", login, stdin=f"{password}\n{next_step}\n")
    assert (code, again["account_id"]) == (0, account_id)


def _add_staff(cli: Run, n: int, *roles: str) -> tuple[str, str, str]:
    """The administrator (signed in) adds a staff account; its login, password and id."""
    form = person_form(n)
    code, added = cli(
        "staff", "add", *(f"--role={role}" for role in roles),
        "--last-name", form.last_name, "--first-name", form.first_name,
        "--middle-name", form.middle_name, "--birth-date", form.birth_date,
        "--snils", form.snils, "--phone", form.phone, "--email", form.email,
        stdin=form.password + "\n",
    )  # fmt: skip
    assert (code, added["roles"]) == (0, sorted(roles))
    return form.snils, form.password, str(added["account_id"])


Staff = dict[str, tuple[str, str, str]]


def _set_up_staff(cli: Run) -> Staff:
    code, home = cli("init")
    assert code == 0
    admin = home["administrator"]
    _staff_sign_in(cli, ADMINISTRATOR, admin["password"], admin["account_id"])
    assert cli("staff", "list")[1]["staff"][0]["roles"] == ["administrator"]
    staff = {
        "operator": _add_staff(cli, 1, "operator"),
        "reviewer": _add_staff(cli, 2, "reviewer", "approver"),  # four eyes still hold
        "approver": _add_staff(cli, 3, "approver"),
    }
    _staff_sign_in(cli, *staff["operator"])
    return staff


def _sign_up(cli: Run) -> str:
    code, added = cli(
        "registry", "add", "--snils", "112-233-445 95", "--name", "Иванов Иван Иванович",
        "--birth-date", "1985-03-07", "--specialty", "Терапия",
    )  # fmt: skip
    assert (code, added["snils"]) == (0, "112-233-445 95")
    code, registered = cli(
        "account", "register", "--last-name", "Иванов", "--first-name", "Иван",
        "--middle-name", "Иванович", "--birth-date", "07.03.1985", "--snils", "11223344595",
        "--phone", "+7 916 123-45-67", "--email", EMAIL, "--consent",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0
    assert registered["codes_sent"] == ["phone", "email"]
    assert cli("account", "confirm", "phone", stdin=_code(cli, PHONE))[1]["phone_confirmed"]
    assert cli("account", "confirm", "email", stdin=_code(cli, EMAIL))[1]["email_confirmed"]
    code, refused = cli("account", "accept-documents")  # nothing uploaded yet
    assert (code, refused["error"]["code"]) == (1, "identity_documents.missing")
    for kind, path in _identity_documents(Path(os.environ["ACCREDKIT_HOME"]).parent).items():
        code, uploaded = cli("account", "upload-document", kind, str(path))
        assert code == 0, uploaded
    assert uploaded["status_label"] == "Документы на проверке"
    code, returned = cli("account", "return-documents", "--reason", "Скан паспорта нечитаем")
    assert (code, returned["status_label"]) == (0, "Документы возвращены: Скан паспорта нечитаем")
    again = str(path.parent / "id-passport.jpg")
    code, uploaded = cli("account", "upload-document", "passport", again)
    assert code == 0, uploaded
    code, accepted = cli("account", "accept-documents")  # the operator, signed in as staff
    assert accepted["identity_documents_accepted"] is True
    assert cli("account", "link-registry", "--staff")[1]["status"] == "verified"
    assert Path(cli("account", "dev-certificate")[1]["certificate"]).is_file()
    return str(registered["account_id"])


def _sign_in_with_totp(cli: Run, me: str, home: Path) -> None:
    code, signed_in = cli("account", "login", "112-233-445 95", stdin=PASSWORD + "\n")
    assert (code, signed_in["account_id"]) == (0, me)
    assert (home / "session").stat().st_mode & 0o777 == 0o600
    _, missing = cli("account", "requirements")
    assert [r["code"] for r in missing["requirements"]] == ["access.second_factor_missing"]
    _, started = cli("account", "enrol-totp")
    secret = started["secret"]
    assert decode_qr(Path(started["qr"])) == started["uri"]  # the otpauth URI as PNG
    assert Path(started["qr"]).with_suffix(".svg").read_bytes().startswith(b"<?xml")
    assert Path(started["qr"]).stat().st_mode & 0o777 == 0o600
    code, enrolled = cli("account", "enrol-totp", "--finish", stdin=pyotp.TOTP(secret).now())
    assert (code, len(enrolled["recovery_codes"])) == (0, 10)
    assert not Path(started["qr"]).exists()  # removed once the app holds the secret
    assert cli("account", "requirements")[1]["met"] is True
    assert cli("account", "logout")[1]["ok"] is True
    assert cli("application", "list")[0] == 1  # nobody signed in now
    next_step = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))
    code, again = cli("account", "login", EMAIL, stdin=f"{PASSWORD}\n{next_step}\n")
    assert (code, again["account_id"]) == (0, me)


def test_the_whole_story_from_the_shell(cli: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = _documents(tmp_path / "docs")
    staff = _set_up_staff(cli)
    me = _sign_up(cli)
    _sign_in_with_totp(cli, me, home)
    _staff_sign_in(cli, *staff["reviewer"])

    code, app = cli(
        "application", "create", "specialized", "--specialty", "Терапия",
        "--experience-years", "6", "--training-hours", "216",
    )  # fmt: skip
    assert (code, app["status"]) == (0, "draft")
    code, refused = cli("application", "attach", str(docs["bad"]), "--kind", "passport")
    assert code == 1
    assert refused["error"]["code"] == "document.type_mismatch"
    for kind in app["required_documents"]:
        code, attached = cli("application", "attach", str(docs[kind]), "--kind", kind)
        assert (code, attached["document"]["ok"]) == (0, True)
    assert len(attached["documents"]) == 4
    assert cli("application", "submit")[1]["status"] == "submitted"

    _, queue = cli("review", "queue")
    assert [item["id"] for item in queue["queue"]] == [app["id"]]
    assert cli("review", "take", app["id"])[1]["status"] == "processing"
    _, asked = cli("review", "request-info", "Приложите удостоверение")
    assert asked["status"] == "needs_info"
    assert asked["info_request"]["question"] == "Приложите удостоверение"
    assert cli("application", "status")[1]["status"] == "needs_info"
    assert cli("application", "answer", "Приложено")[1]["status"] == "processing"
    assert cli("message", "send", "Добрый день!")[1]["side"] == "applicant"
    _, thread = cli("message", "list", "--staff")
    assert [m["text"] for m in thread["messages"]] == ["Добрый день!"]
    _, sent = cli("review", "send-for-approval")
    assert sent["status"] == "under_review"
    code, own = cli("review", "approve")  # the reviewer holds approver too: four eyes
    assert (code, own["error"]["code"]) == (1, "application.four_eyes")
    _staff_sign_in(cli, *staff["approver"])
    _, approved = cli("review", "approve")
    assert [h["to"] for h in approved["history"]] == [
        "submitted", "processing", "needs_info", "processing", "under_review", "approved",
    ]  # fmt: skip

    assert cli("notifications", "dispatch")[1]["sent"]
    assert cli("notifications", "dispatch")[1]["sent"] == []
    _, phone = cli("notifications", "outbox", "--to", PHONE)
    assert any("одобрено" in m["text"] for m in phone["messages"])
    assert cli("notifications", "queue", "--status", "sent")[1]["messages"]

    _, certificate = cli("certificate", "show")
    assert (certificate["specialty"], certificate["status"]) == ("Терапия", "valid")
    _, exported = cli("certificate", "export")
    code, verdict = cli("certificate", "verify", exported["path"])
    assert (code, verdict["code"], verdict["number"]) == (
        0,
        "certificate.valid",
        certificate["number"],
    )
    forged = tmp_path / "forged.json"
    forged.write_text(Path(exported["path"]).read_text("utf-8").replace("Терапия", "Хирургия"))
    code, verdict = cli("certificate", "verify", str(forged))
    assert (code, verdict["code"]) == (1, "certificate.tampered")
    _, pdf = cli("certificate", "export", "--pdf")
    assert Path(pdf["path"]).read_bytes().startswith(b"%PDF-")
    assert pdf["path"].endswith(f"{certificate['number']}.pdf")
    code, public = cli("certificate", "check", certificate["number"].replace("АК", "AK"))
    assert (code, public["status"], public["specialty"]) == (0, "valid", "Терапия")
    assert public["holder_id"].startswith("***-***-")
    code, public = cli("certificate", "check", certificate_number(2026, 99))
    assert (code, public["status"], public["holder"]) == (1, "unknown", None)

    today = datetime.now(UTC).date().isoformat()
    _, mine = cli("report", "--from", today, "--to", today)
    assert [p["status"] for p in mine["procedures"]] == ["approved"]
    _, body = cli("report", "--from", today, "--to", today, "--staff")
    assert body["by_outcome"]["approved"] == 1
    code, ticket = cli(
        "ticket", "open", "--category", "documents", "--subject", "Скан", "--text", "?"
    )
    assert (code, ticket["number"]) == (0, "ТП-000001")
    assert [t["number"] for t in cli("ticket", "list")[1]["tickets"]] == ["ТП-000001"]

    ninety = datetime.fromisoformat(certificate["valid_until"]) - timedelta(days=90)
    at = f"{ninety.date()}T09:00:00+00:00"
    assert len(cli("notifications", "remind", "--at", at)[1]["queued"]) == 2
    assert cli("notifications", "remind", "--at", at)[1]["queued"] == []
    assert len(cli("notifications", "dispatch", "--at", at)[1]["sent"]) == 2

    assert cli("journal", "checkpoint")[1]["ok"] is True
    code, journal = cli("journal", "verify")
    assert (code, journal["ok"]) == (0, True)
    assert journal["entries_checked"] > 20
    export = str(tmp_path / "journal.json")
    assert cli("journal", "export", export)[1]["entries"] == journal["entries_checked"]
    assert cli("journal", "verify", "--export", export)[1]["ok"] is True


def test_options_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--home", str(tmp_path / "h"), "--lang", "en"]) == 0
    assert "Cabinet home created" in capsys.readouterr().out
    assert main(["plugins", "--home", str(tmp_path / "h"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["adapters"]
    assert main(["account", "status", "--home", str(tmp_path / "h"), "--lang", "en"]) == 2
    assert "cli.usage" in capsys.readouterr().err


def test_init_refuses_an_existing_home(cli: Run) -> None:
    assert cli("init")[0] == 0
    code, refused = cli("init")
    assert (code, refused["error"]["code"]) == (1, "config.home_exists")


def test_secrets_are_private_files(cli: Run, tmp_path: Path) -> None:
    cli("init")
    home = tmp_path / "home"
    for name in ("accredkit.toml", "blob.key", "issuer/key.pem", "dev-user-ca/ca-key.pem"):
        assert (home / name).stat().st_mode & 0o777 == 0o600, name
    assert "DEVELOPMENT" in (home / "accredkit.toml").read_text("utf-8")
    for path in [home, *home.rglob("*")]:  # every file and folder init made, not just keys
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
