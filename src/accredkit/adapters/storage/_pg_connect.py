"""How the PostgreSQL engine connects: the URL's own options, the pool, the server checked.

``postgresql://user:password@host:5432/db?pool_min=1&pool_max=10&pool_timeout=30
&allow_async_commit=1&retries=8``: those options are accredkit's, every other parameter
goes to libpq (docs/configuration.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from accredkit.errors import ConfigurationError, PortUnavailable

__all__ = ["Connection", "PoolOptions", "check_server", "open_pool", "redact", "split_url"]

Connection = psycopg.Connection[tuple[Any, ...]]
_OWN_PARAMS = {"pool_min", "pool_max", "pool_timeout", "allow_async_commit", "retries"}


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def split_url(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string and accredkit's own options from ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ConfigurationError(f"not a postgresql:// URL: {redact(url)!r}", value=url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    own = {k: v for k, v in query if k in _OWN_PARAMS}
    rest = [(k, v) for k, v in query if k not in _OWN_PARAMS]
    conninfo = urlunsplit(parts._replace(scheme="postgresql", query=urlencode(rest)))
    return conninfo, own


@attrs.frozen
class PoolOptions:
    """What the URL asks of the engine beyond libpq's parameters."""

    retries: int
    allow_async_commit: bool


def open_pool(url: str) -> tuple[ConnectionPool[Connection], PoolOptions]:
    """The opened pool for ``url`` (every connection autocommit) and the engine's options.

    Raises:
        ConfigurationError: a pool option is not a number.
        PortUnavailable: no connection within ``pool_timeout`` seconds.
    """
    conninfo, own = split_url(url)
    try:
        pool_min = int(own.get("pool_min", "1"))
        pool_max = int(own.get("pool_max", str(max(pool_min, 10))))
        timeout = float(own.get("pool_timeout", "30"))
        retries = int(own.get("retries", "8"))
    except ValueError as error:
        raise ConfigurationError(f"bad pool option in {redact(url)!r}: {error}") from error
    allow_async_commit = own.get("allow_async_commit", "0").lower() in ("1", "true")
    pool: ConnectionPool[Connection] = ConnectionPool(
        conninfo,
        min_size=pool_min,
        max_size=pool_max,
        timeout=timeout,
        kwargs={"autocommit": True},
        open=False,
        name="accredkit",
    )
    try:
        pool.open(wait=True, timeout=timeout)
    except PoolTimeout as error:
        pool.close()
        raise PortUnavailable(
            f"cannot connect to PostgreSQL at {redact(url)}",
            message_ru="Не удалось подключиться к PostgreSQL.",
            code="storage.unavailable",
        ) from error
    return pool, PoolOptions(retries, allow_async_commit)


def check_server(conn: Connection, *, allow_async_commit: bool) -> None:
    """Refuse a server that could lose an acknowledged commit, or that is not UTF-8."""
    settings: dict[str, str] = dict(
        conn.execute(
            "SELECT name, setting FROM pg_settings"
            " WHERE name IN ('synchronous_commit', 'fsync', 'server_encoding')"
        ).fetchall()
    )
    if settings.get("server_encoding") != "UTF8":
        raise ConfigurationError(
            f"PostgreSQL database encoding is {settings.get('server_encoding')}, not UTF8",
            code="storage.encoding",
        )
    unsafe = settings.get("synchronous_commit") == "off" or settings.get("fsync") == "off"
    if unsafe and not allow_async_commit:
        raise ConfigurationError(
            "PostgreSQL runs with synchronous_commit=off or fsync=off: an acknowledged "
            "commit could be lost in a crash. Turn them on, or add "
            "?allow_async_commit=1 to the URL to accept the risk.",
            message_ru=(
                "PostgreSQL работает с synchronous_commit=off или fsync=off: "
                "подтвержденные изменения могут потеряться при сбое."
            ),
            code="storage.async_commit",
        )
