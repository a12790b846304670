"""The shipped storage contract and state machine, run on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from accredkit.adapters.storage.postgres import PostgresStorage
from accredkit.testing.contracts import StorageContract
from accredkit.testing.storage_machine import storage_machine
from tests.support.postgres import PostgresServer


class TestPostgresStorage(StorageContract[PostgresStorage]):
    @pytest.fixture
    def storage(self, postgres_url: str) -> Iterator[PostgresStorage]:
        storage = PostgresStorage(postgres_url)
        yield storage
        storage.close()


_MACHINE_SETTINGS = settings(max_examples=200, stateful_step_count=12, deadline=None)


def test_postgres_storage_agrees_with_the_reference(postgres_server: PostgresServer) -> None:
    database = "machine"
    postgres_server.create_database(database)

    def fresh() -> PostgresStorage:
        # A schema per example: as isolated as a database, and far cheaper to make.
        return PostgresStorage(postgres_server.create_schema(database, pool_max="2"))

    try:
        run_state_machine_as_test(storage_machine(fresh), settings=_MACHINE_SETTINGS)
    finally:
        postgres_server.drop_database(database)
