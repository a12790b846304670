"""The shipped storage contract and state machine, run on accredkit's own engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.testing.contracts import StorageContract
from accredkit.testing.storage_machine import storage_machine


class TestMemoryStorage(StorageContract[MemoryStorage]):
    @pytest.fixture
    def storage(self) -> Iterator[MemoryStorage]:
        yield MemoryStorage()


class TestSqliteStorage(StorageContract[SqliteStorage]):
    @pytest.fixture
    def storage(self, tmp_path: Path) -> Iterator[SqliteStorage]:
        storage = SqliteStorage(tmp_path / "cabinet.db")
        yield storage
        storage.close()


class _Counter:
    n = 0


def _sqlite_factory(root: Path) -> SqliteStorage:
    _Counter.n += 1
    return SqliteStorage(root / f"machine-{_Counter.n}.db")


_MACHINE_SETTINGS = settings(max_examples=200, stateful_step_count=12, deadline=None)


@pytest.fixture(scope="module")
def machine_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("machines")


def test_memory_storage_agrees_with_the_reference() -> None:
    machine = storage_machine(MemoryStorage)
    run_state_machine_as_test(machine, settings=_MACHINE_SETTINGS)


def test_sqlite_storage_agrees_with_the_reference(machine_dir: Path) -> None:
    machine = storage_machine(lambda: _sqlite_factory(machine_dir))
    run_state_machine_as_test(machine, settings=_MACHINE_SETTINGS)
