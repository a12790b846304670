"""What an adapter factory is given: the URL asked for and the whole configuration.

Kept apart from the plugin manager so the built-in registrations can name it without
importing the manager that registers them (no import circle; docs/architecture.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import attrs

from accredkit.config import Config
from accredkit.errors import ConfigurationError

__all__ = ["AdapterRequest"]


def _file_url_path(url: str, rest: str) -> str:
    if not rest.startswith("//"):
        return rest
    host, slash, path = rest[2:].partition("/")
    if host not in ("", "localhost"):
        raise ConfigurationError(
            f"{url!r}: a file URL names a file on this machine (file:///path), not on {host!r}",
            message_ru=f"{url!r}: файл должен быть на этом компьютере (file:///путь).",
            code="config.file_url_host",
            value=url,
        )
    return "/" + path.lstrip("/") if slash else ""


@attrs.frozen
class AdapterRequest:
    """What a factory gets: the URL asked for, split, and the whole configuration."""

    port: str
    url: str
    config: Config
    random_bytes: Callable[[int], bytes] = secrets.token_bytes
    """The cabinet's random source (salts, nonces, seeds): seeded in reproducible runs."""
    key: bytes | None = attrs.field(default=None, repr=False)
    """Key material bootstrap derived for this port (the sealer's key), else ``None``."""

    @property
    def scheme(self) -> str:
        """The URL scheme, e.g. ``sqlite``."""
        return self.url.split(":", 1)[0]

    @property
    def rest(self) -> str:
        """Everything after ``scheme:``."""
        return self.url.split(":", 1)[1]

    def path(self) -> str:
        """The location as a path (relative ones are resolved against ``base_dir`` later).

        ``file:`` URLs follow RFC 8089: ``file:///abs`` and ``file://localhost/abs`` are
        absolute, ``file:rel`` is relative; another host is refused. Other schemes keep
        the SQLAlchemy-style form: ``x:///rel``, ``x:////abs`` or ``x:rel``.

        Raises:
            ConfigurationError: a ``file:`` URL names a host (``config.file_url_host``).
        """
        rest = self.rest.split("?", 1)[0]
        if self.scheme == "file":
            return _file_url_path(self.url, rest)
        if rest.startswith("//"):
            rest = rest[2:]
            if rest.startswith("/"):
                rest = rest[1:]
        return rest.split("?", 1)[0]
