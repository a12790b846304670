"""The journal tamper campaign on a SQLite database of 1,000 entries.

The campaign itself lives in ``tests.support.tamper``; this module provides the
SQLite site: raw SQL through ``sqlite3``, the database file copied whole, and an old
copy taken with the online backup API.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest

from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from tests.support.tamper import JournalTamperCampaign, build_journal, site_config


@attrs.frozen
class SqliteSite:
    """A cabinet whose database is ``root/cabinet.db``; the old copy is ``root/old.db``."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "cabinet.db"

    def open(self) -> Cabinet:
        return bootstrap(site_config(self.root, "sqlite:///cabinet.db"))

    def sql(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database) as db:
            return list(db.execute(statement, params).fetchall())

    def save_old_copy(self) -> None:
        with sqlite3.connect(self.database) as live, sqlite3.connect(self.root / "old.db") as old:
            live.backup(old)

    def restore_old_copy(self) -> None:
        for leftover in self.root.glob("cabinet.db*"):
            leftover.unlink()
        shutil.copy(self.root / "old.db", self.database)

    def copy(self, root: Path) -> SqliteSite:
        shutil.copytree(self.root, root)
        return SqliteSite(root)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> SqliteSite:
    site = SqliteSite(tmp_path_factory.mktemp("pristine"))
    build_journal(site)
    return site


class TestSqliteJournalTamper(JournalTamperCampaign):
    # A text value where a blob was: SQLite lets any column hold any type.
    TEXT_REWRITE = (
        "UPDATE journal SET data = replace(CAST(data AS TEXT), 'app_', 'app-') WHERE seq = 42"
    )

    @pytest.fixture
    def site(self, pristine: SqliteSite, tmp_path: Path) -> SqliteSite:
        return pristine.copy(tmp_path / "site")
