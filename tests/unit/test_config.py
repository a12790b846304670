"""Configuration: from dicts and TOML, with errors that name the key."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

import accredkit
from accredkit.adapters.file_blobs import FileBlobStore
from accredkit.adapters.sqlite_storage import SqliteStorage
from accredkit.config import Config
from accredkit.errors import ConfigurationError


def test_default_bootstrap_is_all_in_memory() -> None:
    cabinet = accredkit.bootstrap()
    assert cabinet.config == Config()
    assert "durable" not in cabinet.storage.capabilities


def test_unknown_key_is_named_with_the_known_ones() -> None:
    with pytest.raises(ConfigurationError) as info:
        Config.from_dict({"storrage": "memory:"})
    assert "storrage" in str(info.value)
    assert "storage" in str(info.value)
    assert info.value.code == "config.unknown_key"


def test_a_value_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="'storage'"):
        Config.from_dict({"storage": 5})


def test_toml_file_resolves_paths_against_its_folder(tmp_path: Path) -> None:
    key = base64.b64encode(bytes(range(32))).decode()
    (tmp_path / "accredkit.toml").write_text(
        f'[accredkit]\nstorage = "sqlite:///db/cabinet.db"\nblobs = "file:///blobs"\n'
        f'blob_key = "{key}"\ndata_key = "{key}"\nlanguage = "en"\n',
        encoding="utf-8",
    )
    config = Config.from_toml(tmp_path / "accredkit.toml")
    with accredkit.bootstrap(config) as cabinet:
        assert isinstance(cabinet.storage.inner, SqliteStorage)
        assert cabinet.storage.inner.path == tmp_path.resolve() / "db" / "cabinet.db"
        assert isinstance(cabinet.blobs, FileBlobStore)
        assert cabinet.blobs.root == tmp_path.resolve() / "blobs"
    assert (tmp_path / "db" / "cabinet.db").exists()


def test_missing_toml_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        Config.from_toml(tmp_path / "nope.toml")
    assert info.value.code == "config.missing_file"


def test_broken_toml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("storage = [", encoding="utf-8")
    with pytest.raises(ConfigurationError) as info:
        Config.from_toml(tmp_path / "bad.toml")
    assert info.value.code == "config.bad_toml"


def test_file_blobs_without_a_key_fail_at_bootstrap_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"blobs": f"file://{tmp_path}/blobs"})
    assert "'blobs'" in str(info.value)
    assert "blob_key" in str(info.value)


def test_signer_directory_without_a_key_fails_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"signer": f"x509:{tmp_path}/keys"})
    assert "'signer'" in str(info.value)


def test_bad_language_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="language"):
        Config(language="de")


def test_calendar_overrides_must_be_dates() -> None:
    with pytest.raises(ConfigurationError, match="calendar_overrides"):
        accredkit.bootstrap({"calendar_overrides": {"not-a-date": True}})
