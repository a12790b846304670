"""The journal tamper campaign on a PostgreSQL database of 1,000 entries.

The campaign itself lives in ``tests.support.tamper``; this module provides the
PostgreSQL site. The pristine journal is built once per module; each test works on a
clone made with ``CREATE DATABASE … TEMPLATE``, and the older copy of the database is a
template taken at 900 entries, restored the same way.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest

from accredkit.bootstrap.cabinet import Cabinet, bootstrap
from tests.support.postgres import PostgresServer
from tests.support.tamper import JournalTamperCampaign, build_journal, site_config


@attrs.frozen
class PostgresSite:
    """A cabinet on ``database``; ``old`` is the database kept by ``save_old_copy``."""

    server: PostgresServer
    root: Path
    database: str
    old: str

    def open(self) -> Cabinet:
        return bootstrap(site_config(self.root, self.server.url(self.database, pool_max="2")))

    def sql(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        query = statement.replace("?", "%s").encode()
        with psycopg.connect(self.server.url(self.database), autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return list(cursor.fetchall()) if cursor.description else []

    def _clone(self, source: str, target: str) -> None:
        self.server.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')

    def save_old_copy(self) -> None:
        self._clone(self.database, self.old)

    def restore_old_copy(self) -> None:
        self.server.drop_database(self.database)
        self._clone(self.old, self.database)

    def copy(self, root: Path) -> PostgresSite:
        shutil.copytree(self.root, root)
        clone = f"{self.database}_{uuid.uuid4().hex[:8]}"
        self._clone(self.database, clone)
        return PostgresSite(self.server, root, clone, self.old)

    def drop(self) -> None:
        """Drop this database and every copy made from it."""
        rows = self.server.execute(
            f"SELECT datname FROM pg_database WHERE datname LIKE '{self.database}%'"
        )
        for (name,) in rows:
            self.server.drop_database(str(name))


@pytest.fixture(scope="module")
def pristine(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PostgresSite]:
    database = f"tamper_{uuid.uuid4().hex[:8]}"
    postgres_server.create_database(database)
    site = PostgresSite(
        postgres_server, tmp_path_factory.mktemp("pristine"), database, f"{database}_old"
    )
    build_journal(site)
    yield site
    site.drop()


class TestPostgresJournalTamper(JournalTamperCampaign):
    # The entry's bytes decoded, edited as text and encoded again, all inside the server.
    TEXT_REWRITE = (
        "UPDATE journal SET data = convert_to(replace(convert_from(data, 'UTF8'),"
        " 'app_', 'app-'), 'UTF8') WHERE seq = 42"
    )

    @pytest.fixture
    def site(self, pristine: PostgresSite, tmp_path: Path) -> Iterator[PostgresSite]:
        site = pristine.copy(tmp_path / "site")
        yield site
        site.drop()
