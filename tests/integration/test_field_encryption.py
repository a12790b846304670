"""Personal fields at rest: sealed in the row, found by blind index, keys that rotate."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest

from accredkit.adapters.storage.field_protection import FieldProtection, FieldUnreadable
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.bootstrap.cabinet import bootstrap
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.errors import ConfigurationError
from accredkit.ports.storage import Collection
from accredkit.services.schema import ACCOUNTS
from tests.support.accounts_harness import AccountsHarness, default_form
from tests.support.at_rest import files_under, leaks
from tests.support.cabinet_people import sqlite_config

OLD = base64.b64encode(bytes(range(64, 96))).decode()  # what sqlite_config sets
NEW = base64.b64encode(bytes(range(100, 132))).decode()
FORM = default_form(inn="500100732259")
LOGINS = (FORM.snils, "500100732259", FORM.phone, FORM.email)


@attrs.frozen
class Card:
    id: str
    version: int
    owner: str
    phone: str | None
    note: str = ""


CARDS = Collection(
    "cards", Card, indexes=("owner", "phone"), personal=("id", "phone"), blind=("id", "phone")
)


def _harness(
    folder: Path, seed: int = 1, storage: str | None = None, **keys: str
) -> AccountsHarness:
    config: dict[str, Any] = {**sqlite_config(folder), **keys}
    if storage is not None:
        config["storage"] = storage
    return AccountsHarness(config, seed=seed)  # a new seed per run: fresh random ids


def _claims(folder: Path, storage: str | None) -> list[tuple[str, str]]:
    query = "SELECT id, data FROM c_account_claims ORDER BY id"
    if storage is None:
        with sqlite3.connect(folder / "cabinet.db") as conn:
            return conn.execute(query).fetchall()
    import psycopg

    with psycopg.connect(storage) as conn:
        return [(str(i), str(d)) for i, d in conn.execute(query).fetchall()]


def _logs_in(h: AccountsHarness) -> list[LoginStage]:
    return [h.accounts.login(login, FORM.password).stage for login in LOGINS]


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))


def test_login_by_every_identifier_survives_a_key_rotation(
    tmp_path: Path, storage: str | None
) -> None:
    h = _harness(tmp_path, storage=storage)
    registered = h.register(FORM)
    h.verify(registered)
    assert _logs_in(h) == [LoginStage.ESIGNATURE] * 4
    h.close()
    claims = _claims(tmp_path, storage)

    rotated = _harness(tmp_path, 2, storage, data_key=NEW, data_key_previous=OLD)
    assert _logs_in(rotated) == [LoginStage.ESIGNATURE] * 4
    rotated.close()
    after = _harness(tmp_path, 3, storage, data_key=NEW)  # the old key is no longer needed
    assert _logs_in(after) == [LoginStage.ESIGNATURE] * 4
    assert str(after.account(registered.account_id).snils) == FORM.snils
    after.close()
    assert _claims(tmp_path, storage) == claims  # rotation rewrote no row: same hashes, same seals


def _rows(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sorted((t, *row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))


def test_a_wrong_key_stops_bootstrap_and_writes_nothing(tmp_path: Path) -> None:
    h = _harness(tmp_path)
    h.register(FORM)
    h.close()
    before = _rows(tmp_path / "cabinet.db")
    config = {**sqlite_config(tmp_path), "data_key": NEW}
    with pytest.raises(ConfigurationError) as caught:
        bootstrap(config)
    assert caught.value.code == "config.data_key_wrong"
    assert "data_key_previous" in caught.value.hint_en
    assert _rows(tmp_path / "cabinet.db") == before


def test_a_durable_storage_needs_a_data_key(tmp_path: Path) -> None:
    config = {**sqlite_config(tmp_path), "data_key": None}
    with pytest.raises(ConfigurationError) as caught:
        bootstrap(config)
    assert caught.value.code == "config.data_key"


def test_a_data_key_file_works_like_the_key(tmp_path: Path) -> None:
    (tmp_path / "data.key").write_text(OLD + "\n")
    config = {**sqlite_config(tmp_path), "data_key": None, "data_key_file": "data.key"}
    bootstrap({**config, "base_dir": str(tmp_path)}).close()
    bootstrap(sqlite_config(tmp_path)).close()  # the same key, given inline


def _protected(path: Path) -> SqliteStorage:
    storage = SqliteStorage(path)
    storage.protect(FieldProtection(bytes(32)))
    return storage


def test_blind_fields_are_found_by_equality_and_never_stored_in_clear(tmp_path: Path) -> None:
    storage = _protected(tmp_path / "db.sqlite")
    with storage.unit_of_work() as uow:
        cards = uow.repository(CARDS)
        cards.add(Card("snils:11223344595", 0, "a", "+79161234567", "x"))
        cards.add(Card("snils:98765432100", 0, "b", None))
        # staged and committed rows answer the same way
        assert [c.owner for c in cards.query({"phone": "+79161234567"})] == ["a"]
        uow.commit()
    with storage.unit_of_work() as uow:
        cards = uow.repository(CARDS)
        assert cards.get("snils:11223344595").phone == "+79161234567"
        assert [c.owner for c in cards.query({"phone": "+79161234567"})] == ["a"]
        assert [c.owner for c in cards.query({"phone": None})] == ["b"]
        assert cards.count({"phone": "+79161234567"}) == 1
        with pytest.raises(ValueError, match="keyed hash"):
            cards.query(order_by="phone")
        with pytest.raises(ValueError, match="keyed hash"):
            cards.query(between=("phone", "+7", "+8"))
    storage.close()
    assert leaks(files_under(tmp_path), ["11223344595", "+79161234567"]) == []


def test_without_protection_the_same_rows_would_leak(tmp_path: Path) -> None:
    """The canary search itself finds what is there (so its silence above means something)."""
    storage = SqliteStorage(tmp_path / "plain.sqlite")
    with storage.unit_of_work() as uow:
        uow.repository(CARDS).add(Card("snils:11223344595", 0, "a", "+79161234567"))
        uow.commit()
    storage.close()
    found = leaks(files_under(tmp_path), ["112-233-445 95", "+7 916 123-45-67"])
    assert len(found) >= 2


def test_a_sealed_field_moved_to_another_row_does_not_open(tmp_path: Path) -> None:
    h = _harness(tmp_path)
    first = h.register(FORM)
    second = h.register(default_form(snils="123-456-789 64", phone="+79160000001", email="b@c.ru"))
    h.close()
    with sqlite3.connect(tmp_path / "cabinet.db") as conn:
        rows = dict(conn.execute("SELECT id, data FROM c_accounts").fetchall())
        conn.execute(
            "UPDATE c_accounts SET data = ? WHERE id = ?",
            (rows[first.account_id], second.account_id),
        )
    again = _harness(tmp_path, 2)
    with again.cabinet.storage.unit_of_work() as uow, pytest.raises(FieldUnreadable) as caught:
        uow.repository(ACCOUNTS).get(second.account_id)
    assert caught.value.code == "storage.field_unreadable"
    assert FORM.snils not in str(caught.value)
    again.close()


NOTES = Collection("notes", Card, indexes=("owner",), personal=("phone", "note"))


def test_fields_written_before_sealing_still_read_and_are_sealed_when_rewritten(
    tmp_path: Path,
) -> None:
    plain = SqliteStorage(tmp_path / "db.sqlite")
    with plain.unit_of_work() as uow:
        uow.repository(NOTES).add(Card("n1", 0, "a", "+79161234567", "заметка"))
        uow.commit()
    plain.close()
    storage = _protected(tmp_path / "db.sqlite")
    with storage.unit_of_work() as uow:
        notes = uow.repository(NOTES)
        old = notes.get("n1")
        assert (old.phone, old.note) == ("+79161234567", "заметка")
        notes.update(attrs.evolve(old, note="другая"))
        uow.commit()
    storage.close()
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        [(data,)] = conn.execute("SELECT data FROM c_notes").fetchall()
    assert "+79161234567" not in data  # the rewritten row is sealed (old pages: not zeroed)
    assert data.count('"ak1:') == 2
