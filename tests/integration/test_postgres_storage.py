"""PostgreSQL engine specifics: durability checks, URLs, failures, ordering, schema growth."""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import psycopg
import psycopg.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accredkit
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.postgres import PostgresStorage, split_url
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.errors import ConfigurationError, PortUnavailable
from accredkit.ports.storage import Collection, Storage
from accredkit.testing.contracts import TextDraft
from accredkit.testing.specimens import SPECIMENS, Specimen, specimen
from tests.support.postgres import PostgresServer


def _database(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


@pytest.fixture
def storage(postgres_url: str) -> Iterator[PostgresStorage]:
    storage = PostgresStorage(postgres_url)
    yield storage
    storage.close()


def test_asynchronous_commit_is_refused_unless_the_url_accepts_it(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    postgres_server.execute(
        f'ALTER DATABASE "{_database(postgres_url)}" SET synchronous_commit = off'
    )
    with pytest.raises(ConfigurationError) as info:
        PostgresStorage(postgres_url)
    assert info.value.code == "storage.async_commit"
    assert "allow_async_commit" in info.value.message
    PostgresStorage(postgres_url + "?allow_async_commit=1").close()


def test_own_url_options_are_not_passed_to_libpq() -> None:
    conninfo, own = split_url(
        "postgres://u:p@db:5433/cab?pool_max=4&sslmode=require&allow_async_commit=1"
    )
    assert conninfo == "postgresql://u:p@db:5433/cab?sslmode=require"
    assert own == {"pool_max": "4", "allow_async_commit": "1"}


def test_unreachable_server_is_port_unavailable_and_hides_the_password() -> None:
    with pytest.raises(PortUnavailable) as info:
        PostgresStorage("postgresql://u:secret@127.0.0.1:1/x?pool_timeout=1&connect_timeout=1")
    assert "secret" not in str(info.value)


def test_both_url_schemes_bootstrap_a_postgres_storage(postgres_url: str, tmp_path: Path) -> None:
    for url in (postgres_url, postgres_url.replace("postgresql://", "postgres://")):
        otp_key = base64.b64encode(bytes(32)).decode()
        config = {
            "storage": url,
            "data_key": "A" * 43 + "=",
            "otp_key": otp_key,
            "base_dir": str(tmp_path),
        }
        cabinet = accredkit.bootstrap(config)
        with cabinet.storage.unit_of_work() as uow:
            assert uow.journal.size() == 0
        cabinet.close()


def test_missing_psycopg_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "accredkit.adapters.storage.postgres", None)
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"storage": "postgresql://localhost/x"})
    assert "pip install accredkit[postgres]" in info.value.message


def test_a_newer_schema_is_refused(postgres_server: PostgresServer, postgres_url: str) -> None:
    PostgresStorage(postgres_url).close()
    postgres_server.execute("UPDATE schema_version SET version = 99", _database(postgres_url))
    with pytest.raises(PortUnavailable) as info:
        PostgresStorage(postgres_url)
    assert info.value.code == "storage.schema_too_new"


def test_an_added_index_is_backfilled_for_existing_rows(postgres_url: str) -> None:
    narrow = Collection("specimens", Specimen, indexes=("owner",))
    first = PostgresStorage(postgres_url)
    with first.unit_of_work() as uow:
        for i in range(5):
            uow.repository(narrow).add(specimen(f"s{i}", rank=i % 2))
        uow.commit()
    first.close()
    second = PostgresStorage(postgres_url)
    with second.unit_of_work() as uow:
        ranked = uow.repository(SPECIMENS).query({"rank": 1}, order_by="rank")
        assert [s.id for s in ranked] == ["s1", "s3"]
    second.close()


def test_a_killed_backend_between_units_of_work_is_survived(
    postgres_server: PostgresServer, storage: PostgresStorage
) -> None:
    with storage.unit_of_work() as uow:
        uow.repository(SPECIMENS).add(specimen("s1"))
        uow.commit()
    postgres_server.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()",
        _database(storage.url),
    )
    with storage.unit_of_work() as uow:
        repo = uow.repository(SPECIMENS)
        repo.update(attrs.evolve(repo.get("s1"), rank=9))
        uow.journal.append(TextDraft("after"))
        uow.commit()
    with storage.unit_of_work() as uow:
        assert uow.repository(SPECIMENS).get("s1").rank == 9
        assert list(uow.journal.read()) == [(0, b"0:after")]


def test_index_columns_are_typed_and_collated_by_code_point(
    postgres_server: PostgresServer, storage: PostgresStorage
) -> None:
    with storage.unit_of_work() as uow:
        uow.repository(SPECIMENS).add(specimen("s1"))
        uow.commit()
    rows = postgres_server.execute(
        "SELECT column_name, data_type, COALESCE(collation_name, '-')"
        " FROM information_schema.columns WHERE table_name = 'c_specimens'"
        " ORDER BY column_name",
        _database(storage.url),
    )
    assert ("ix_rank", "bigint", "-") in rows
    assert ("ix_flag", "bigint", "-") in rows
    assert ("ix_owner", "text", "C") in rows
    assert ("id", "text", "C") in rows


_OWNERS = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=4)


@settings(max_examples=40, deadline=None)
@given(owners=st.lists(_OWNERS, min_size=1, max_size=8), descending=st.booleans())
def test_strings_sort_by_code_point_on_every_engine(
    postgres_server: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
    owners: list[str],
    descending: bool,
) -> None:
    engines: list[Storage] = [
        MemoryStorage(),
        SqliteStorage(Path(tmp_path_factory.mktemp("order")) / "o.db"),
        PostgresStorage(postgres_server.create_schema("postgres")),
    ]
    orders = []
    for engine in engines:
        with engine.unit_of_work() as uow:
            for i, owner in enumerate(owners):
                uow.repository(SPECIMENS).add(specimen(f"s{i}", owner=owner))
            uow.commit()
        with engine.unit_of_work() as uow:
            found = uow.repository(SPECIMENS).query(order_by="owner", descending=descending)
            orders.append([s.id for s in found])
        engine.close()
    expected = sorted(range(len(owners)), key=lambda i: (owners[i], f"s{i}"), reverse=descending)
    assert orders == [[f"s{i}" for i in expected]] * 3


def test_deadlocks_are_retried_inside_the_commit(
    storage: PostgresStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = storage._engine
    real = engine._apply_once
    attempts: list[int] = []

    def deadlocks_twice(*args: Any) -> None:
        attempts.append(1)
        if len(attempts) <= 2:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        real(*args)

    monkeypatch.setattr(engine, "_apply_once", deadlocks_twice)
    with storage.unit_of_work() as uow:
        uow.repository(SPECIMENS).add(specimen("s1"))
        uow.journal.append(TextDraft("once"))
        uow.commit()
    assert len(attempts) == 3
    with storage.unit_of_work() as uow:
        assert list(uow.journal.read()) == [(0, b"0:once")]


def test_endless_serialization_failures_become_port_unavailable(
    storage: PostgresStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def always(*args: Any) -> None:
        raise psycopg.errors.SerializationFailure("could not serialize access")

    monkeypatch.setattr(storage._engine, "_apply_once", always)
    monkeypatch.setattr(storage._engine, "retries", 2)
    with storage.unit_of_work() as uow:
        uow.journal.append(TextDraft("never"))
        with pytest.raises(PortUnavailable):
            uow.commit()
