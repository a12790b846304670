"""A throwaway PostgreSQL server for tests and benchmarks.

``PostgresServer.start()`` runs ``initdb`` into a fresh temporary directory and starts the
cluster with ``pg_ctl`` on a free loopback port (its unix socket stays in the same
directory), with ``fsync=on`` and ``synchronous_commit=on`` so durability tests mean
something. PostgreSQL refuses to run as root, so when we are root the server runs as the
unprivileged ``postgres`` user (``runuser``) and the directory is handed to that user.

Adapter authors can reuse it::

    server = PostgresServer.start()
    url = server.create_database("mine")
    ...
    server.stop()
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

import attrs

__all__ = ["BINDIR_ENV", "REQUIRE_ENV", "PostgresServer", "PostgresUnavailable", "find_bindir"]

REQUIRE_ENV = "ACCREDKIT_REQUIRE_POSTGRES"
BINDIR_ENV = "ACCREDKIT_PG_BINDIR"
_SERVER_USER = "postgres"
_SETTINGS = {
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "max_connections": "200",
    "shared_buffers": "128MB",
    "listen_addresses": "127.0.0.1",
    "log_min_messages": "warning",
    "timezone": "UTC",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be started here (binaries missing, start failed)."""


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def find_bindir() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Looks at ``$ACCREDKIT_PG_BINDIR``, then ``pg_config --bindir``, then the newest
    ``/usr/lib/postgresql/*/bin``, then ``PATH``.

    Raises:
        PostgresUnavailable: no server binaries were found.
    """
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    newest_first = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    candidates.extend(Path(p) for p in newest_first)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for directory in candidates:
        if all((directory / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return directory
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install them "
        "(apt-get install postgresql) or set ACCREDKIT_PG_BINDIR"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@attrs.define
class PostgresServer:
    """A running throwaway cluster; ``stop()`` shuts it down and deletes its files."""

    root: Path
    port: int
    bindir: Path
    as_user: str | None
    user: str = "postgres"
    _stopped: bool = False

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.root / "data"

    @classmethod
    def start(cls, *, settings: dict[str, str] | None = None) -> PostgresServer:
        """``initdb`` and start a new cluster; the caller must ``stop()`` it.

        Args:
            settings: server settings added to (or overriding) the durable defaults.

        Raises:
            PostgresUnavailable: binaries missing, or the server did not start.
        """
        bindir = find_bindir()
        as_user = _SERVER_USER if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="accredkit-pg-"))
        if as_user is not None:
            try:
                entry = pwd.getpwnam(as_user)
            except KeyError as error:
                shutil.rmtree(root, ignore_errors=True)
                raise PostgresUnavailable(f"running as root but no {as_user!r} user") from error
            os.chown(root, entry.pw_uid, entry.pw_gid)
        server = cls(root=root, port=0, bindir=bindir, as_user=as_user)
        try:
            server._initdb()
            server._launch({**_SETTINGS, **(settings or {})})
        except BaseException:
            server.stop()
            raise
        return server

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if check and done.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed ({done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-2000:]}"
            )
        return done

    def _initdb(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-instructions",
        )

    def _launch(self, settings: dict[str, str]) -> None:
        options = " ".join(f"-c {k}={v}" for k, v in settings.items())
        last = ""
        for _ in range(5):
            self.port = _free_port()
            done = self._run(
                str(self.bindir / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.root / "server.log"),
                "-o",
                f"-p {self.port} -k {self.root} {options}",
                check=False,
            )
            if done.returncode == 0:
                return
            last = self.log_tail() or done.stderr
        raise PostgresUnavailable(f"pg_ctl start failed: {last.strip()[-2000:]}")

    def log_tail(self, chars: int = 2000) -> str:
        """The end of the server log, for error messages."""
        try:
            return (self.root / "server.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def url(self, database: str = "postgres", **params: str) -> str:
        """A ``postgresql://`` URL for ``database`` on this server."""
        query = urlencode(params)
        base = f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"
        return f"{base}?{query}" if query else base

    def execute(self, statement: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one SQL statement in autocommit mode; rows it returned, if any."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement.encode())
            return list(cursor.fetchall()) if cursor.description else []

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (a fresh name if none is given); its URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"unsafe database name {name!r}")
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def create_schema(self, database: str, name: str | None = None, **params: str) -> str:
        """Create an empty schema in ``database``; a URL whose search path is that schema.

        Much cheaper than a database per test when a suite needs hundreds of empty stores.
        """
        name = name or f"s_{uuid.uuid4().hex[:12]}"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"unsafe schema name {name!r}")
        self.execute(f'CREATE SCHEMA "{name}"', database)
        return self.url(database, options=f"-csearch_path={name}", **params)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, disconnecting whoever is still connected."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"unsafe database name {name!r}")
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and delete its directory."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run(
                    str(self.bindir / "pg_ctl"),
                    "stop",
                    "-m",
                    "fast",
                    "-w",
                    "-D",
                    str(self.data_dir),
                    check=False,
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
