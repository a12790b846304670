"""``Config``: what a host chooses — adapters by URL, keys, and where things live.

Built from a dict or a TOML file; an unknown key fails at once, naming the key and the
keys that exist. Relative paths resolve against ``base_dir`` (a TOML file's folder).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from accredkit.errors import ConfigurationError

__all__ = ["Config"]

_LANGUAGES = ("ru", "en")


def _url(name: str) -> Any:
    def check(instance: Config, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or ":" not in value:
            raise ConfigurationError(
                f"config key {name!r} must be an adapter URL such as 'memory:' (got {value!r})",
                message_ru=f"Ключ {name!r} должен быть адресом адаптера, например 'memory:'.",
                code="config.bad_url",
                value=value,
            )

    return check


@attrs.frozen(kw_only=True)
class Config:
    """A cabinet's configuration. ``Config()`` is the in-memory one."""

    storage: str = attrs.field(default="memory:", validator=_url("storage"))
    blobs: str = attrs.field(default="memory:", validator=_url("blobs"))
    sms: str = attrs.field(default="outbox:", validator=_url("sms"))
    email: str = attrs.field(default="outbox:", validator=_url("email"))
    signer: str = attrs.field(default="auto:", validator=_url("signer"))
    registry: str = attrs.field(default="memory:", validator=_url("registry"))
    calendar: str = attrs.field(default="holidays:", validator=_url("calendar"))
    inspector: str = attrs.field(default="standard:", validator=_url("inspector"))
    passwords: str = attrs.field(default="argon2id:", validator=_url("passwords"))
    totp: str = attrs.field(default="rfc6238:", validator=_url("totp"))
    sealer: str = attrs.field(default="aes-gcm:", validator=_url("sealer"))
    blob_key: str | None = attrs.field(default=None, repr=False)
    blob_key_file: str | None = None
    data_key: str | None = attrs.field(default=None, repr=False)
    data_key_file: str | None = None
    data_key_previous: str | None = attrs.field(default=None, repr=False)
    checkpoint: str | None = None
    calendar_country: str = "RU"
    calendar_overrides: dict[str, bool] = attrs.field(factory=dict)
    language: str = "ru"
    otp_key: str | None = attrs.field(default=None, repr=False)
    settings: dict[str, Any] = attrs.field(factory=dict)
    base_dir: str = "."

    def __attrs_post_init__(self) -> None:
        if self.language not in _LANGUAGES:
            raise ConfigurationError(
                f"config key 'language' must be one of {_LANGUAGES} (got {self.language!r})",
                code="config.language",
                value=self.language,
            )

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Every key a configuration may hold."""
        return tuple(f.name for f in attrs.fields(cls))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base_dir: str | Path | None = None) -> Config:
        """Build from a mapping; refuse unknown keys and wrong types by name.

        Raises:
            ConfigurationError: a key is unknown or a value has the wrong type.
        """
        known = cls.keys()
        values = dict(data)
        for key in values:
            if key not in known:
                raise ConfigurationError(
                    f"unknown config key {key!r}; known keys: {', '.join(sorted(known))}",
                    message_ru=f"Неизвестный ключ настроек {key!r}.",
                    code="config.unknown_key",
                    value=key,
                )
        for key in ("calendar_overrides", "settings"):
            if key in values and not isinstance(values[key], Mapping):
                raise ConfigurationError(
                    f"config key {key!r} must be a table", code="config.bad_type", value=key
                )
        for key, value in values.items():
            if key not in ("calendar_overrides", "settings") and not (
                value is None or isinstance(value, str)
            ):
                raise ConfigurationError(
                    f"config key {key!r} must be a string (got {type(value).__name__})",
                    code="config.bad_type",
                    value=key,
                )
        if base_dir is not None:
            values.setdefault("base_dir", str(base_dir))
        return cls(**values)

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Read a TOML file (top-level keys, or an ``[accredkit]`` table).

        Raises:
            ConfigurationError: the file is missing, is not TOML, or holds unknown keys.
        """
        file = Path(path)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigurationError(
                f"configuration file {file} does not exist",
                message_ru=f"Файл настроек {file} не найден.",
                code="config.missing_file",
                value=str(file),
            ) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigurationError(
                f"configuration file {file} is not valid TOML: {error}",
                code="config.bad_toml",
                value=str(file),
            ) from error
        section = data.get("accredkit", data)
        return cls.from_dict(section, base_dir=file.parent.resolve())

    def resolve(self, path: str) -> Path:
        """``path`` made absolute against ``base_dir``."""
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else Path(self.base_dir) / candidate
