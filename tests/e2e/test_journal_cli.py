"""``accredkit journal``: verify exits 0 or 1 naming the entry; prove, export, checkpoint."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from accredkit.adapters.crypto.keys import KeySigner
from accredkit.bootstrap.cabinet import bootstrap
from accredkit.cli import main
from accredkit.config import Config
from accredkit.domain.authority.actors import SYSTEM
from accredkit.testing.journal_strategies import sample_drafts
from tests.support.seats import seat

CONFIG = """\
storage = "sqlite:///cabinet.db"
data_key = "base64:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="
signer = "x509:keys"
checkpoint = "outside/journal.checkpoint"
otp_key = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "accredkit.toml").write_text(CONFIG)
    KeySigner.generate().save(home / "keys")
    with bootstrap(Config.from_toml(home / "accredkit.toml")) as cabinet:
        for salt in ("a", "b"):
            with cabinet.storage.unit_of_work() as uow:
                for draft in sample_drafts(40, salt=salt):
                    uow.journal.append(draft)
                uow.commit()
            cabinet.journal.checkpoint(SYSTEM)
    return home


def run(home: Path, *args: str) -> int:
    return main(["--home", str(home), "--lang", "en", *args])


def test_verify_exits_zero_on_an_intact_journal(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "journal", "verify") == 0
    assert "intact: 80 entries" in capsys.readouterr().out
    assert run(home, "journal", "verify", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["entries_checked"] == 80


def test_verify_exits_one_naming_the_entry(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(home / "cabinet.db") as db:
        db.execute("DELETE FROM journal WHERE seq = 57")
    assert run(home, "journal", "verify") == 1
    out = capsys.readouterr().out
    assert "no entry 57" in out
    assert "first bad entry: 57" in out
    assert main(["--home", str(home), "--json", "journal", "verify"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["damage"], report["first_bad_seq"]) == ("missing", 57)


def test_prove_prints_checked_proofs(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "journal", "prove", "12") == 0
    assert "verified" in capsys.readouterr().out
    assert run(home, "journal", "prove", "12", "--size", "40", "--json") == 0
    proof = json.loads(capsys.readouterr().out)["proof"]
    assert (proof["kind"], proof["seq"]) == ("inclusion", 12)
    assert run(home, "journal", "prove", "--consistency", "40", "80", "--json") == 0
    assert json.loads(capsys.readouterr().out)["proof"]["kind"] == "consistency"
    assert run(home, "journal", "prove") == 1
    assert "cli.usage" in capsys.readouterr().err
    assert run(home, "journal", "prove", "99") == 1
    assert "journal.not_covered" in capsys.readouterr().err


def test_export_then_verify_the_file_without_the_cabinet(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "journal.export"
    assert run(home, "journal", "export", str(target)) == 0
    assert "Exported 80 entries" in capsys.readouterr().out
    key = tmp_path / "cabinet.pem"
    key.write_bytes(KeySigner.from_directory(home / "keys").public_key_pem())
    nowhere = tmp_path / "no-cabinet-here"
    args = ["journal", "verify", "--export", str(target), "--public-key", str(key)]
    assert run(nowhere, *args) == 0
    assert "intact" in capsys.readouterr().out


def test_checkpoint_seals_new_entries(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (
        bootstrap(Config.from_toml(home / "accredkit.toml")) as cabinet,
        cabinet.storage.unit_of_work() as uow,
    ):
        uow.journal.append(next(sample_drafts(1, salt="c")))
        uow.commit()
    assert run(home, "journal", "checkpoint", "--json") == 0
    assert json.loads(capsys.readouterr().out)["head"]["head"].split("\n")[1] == "81"


def test_a_missing_cabinet_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path / "nowhere", "journal", "verify") == 1
    assert "config.missing_file" in capsys.readouterr().err


# Issue 15, item 5: a rolled-back database is noticed -------------------------------------
def _restore(home: Path, old: Path) -> None:
    for suffix in ("-wal", "-shm"):
        (home / f"cabinet.db{suffix}").unlink(missing_ok=True)
    shutil.copy(old, home / "cabinet.db")


def test_a_restored_older_database_is_caught_after_later_work(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = home.parent / "cabinet.db.old"
    shutil.copy(home / "cabinet.db", old)
    with bootstrap(Config.from_toml(home / "accredkit.toml")) as cabinet:
        user = seat(cabinet.storage, "acc-1", at=cabinet.clock.now())  # journals nothing
        cabinet.support.open(user, "login", "Вход", "Не приходит код")  # no checkpoint() call
        assert cabinet.storage.errors == []
        report = cabinet.journal.verify(SYSTEM)
        assert report.ok
        assert report.unsigned_entries == 0  # the default keeps the checkpoint current
    _restore(home, old)
    assert run(home, "journal", "verify") == 1
    out = capsys.readouterr().out
    assert "entries 80…80 are gone" in out
    (home / "outside" / "journal.checkpoint").unlink()
    assert run(home, "journal", "verify", "--json") == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["damage"] == "checkpoint_missing"


def test_a_witness_keeps_the_checkpoint_when_the_file_is_deleted(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "accredkit.toml"
    config.write_text(
        config.read_text() + '\n[settings]\ncheckpoint_witness = "file:witness/head"\n'
    )
    old = home.parent / "cabinet.db.old"
    shutil.copy(home / "cabinet.db", old)
    with bootstrap(Config.from_toml(config)) as cabinet:
        user = seat(cabinet.storage, "acc-1", at=cabinet.clock.now())
        cabinet.support.open(user, "login", "Вход", "Не приходит код")
    assert (home / "witness" / "head").exists()
    _restore(home, old)
    (home / "outside" / "journal.checkpoint").unlink()
    assert run(home, "journal", "verify") == 1
    assert "entries 80…80 are gone" in capsys.readouterr().out
