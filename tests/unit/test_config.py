"""Configuration: from dicts and TOML, with errors that name the key."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import accredkit
from accredkit.adapters.storage.file_blobs import FileBlobStore
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.config import Config
from accredkit.errors import ConfigurationError
from accredkit.plugins.manager import AdapterRequest


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
        f'[accredkit]\nstorage = "sqlite:///db/cabinet.db"\nblobs = "file:blobs"\n'
        f'blob_key = "{key}"\ndata_key = "{key}"\notp_key = "{key}"\nlanguage = "en"\n',
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


# Issue 15, item 12: configuration traps -------------------------------------------------
KEY = base64.b64encode(bytes(range(32))).decode()


def test_a_file_url_with_three_slashes_is_an_absolute_path(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    config = {"blobs": f"file://{tmp_path}/store", "blob_key": KEY}
    with accredkit.bootstrap(Config.from_dict(config, base_dir=base)) as cabinet:
        assert isinstance(cabinet.blobs, FileBlobStore)
        assert cabinet.blobs.root == tmp_path.resolve() / "store"
        cabinet.blobs.put(b"scan")
    assert (tmp_path / "store").is_dir()
    assert list(base.iterdir()) == []


def test_file_urls_follow_rfc_8089(tmp_path: Path) -> None:
    for url, root in (
        ("file:///var/lib/accredkit/blobs", Path("/var/lib/accredkit/blobs")),
        ("file://localhost/var/lib/accredkit/blobs", Path("/var/lib/accredkit/blobs")),
        ("file:blobs", tmp_path.resolve() / "blobs"),
    ):
        request = AdapterRequest("blobs", url, Config(base_dir=str(tmp_path)))
        assert request.config.resolve(request.path()) == root, url
    with pytest.raises(ConfigurationError) as info:
        AdapterRequest("blobs", "file://fileserver/share", Config()).path()
    assert info.value.code == "config.file_url_host"


def test_a_durable_cabinet_without_otp_key_fails_at_bootstrap(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"storage": f"sqlite:///{tmp_path}/c.db", "base_dir": str(tmp_path)})
    assert info.value.code == "config.otp_key"


def test_a_malformed_otp_key_fails_at_bootstrap() -> None:
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap({"otp_key": "not base64!"})
    assert info.value.code == "config.otp_key"


# Issue 15, item 6: the default signer must not forget its key -----------------------------
def test_an_ephemeral_signer_with_durable_storage_is_refused(tmp_path: Path) -> None:
    config = {"storage": "sqlite:///c.db", "otp_key": KEY, "data_key": KEY, "signer": "ephemeral:"}
    with pytest.raises(ConfigurationError) as info:
        accredkit.bootstrap(Config.from_dict(config, base_dir=tmp_path))
    assert info.value.code == "config.ephemeral_signer"


def test_the_default_signer_of_a_durable_cabinet_keeps_its_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    durable = {"storage": "sqlite:///c.db", "otp_key": KEY, "data_key": KEY}
    config = Config.from_dict(durable, base_dir=tmp_path)
    with accredkit.bootstrap(config) as first:
        key = first.signer.public_key_pem()
    assert "created the signing key" in caplog.text
    assert (tmp_path / "signer" / "key.pem").exists()
    with accredkit.bootstrap(config) as second:
        assert second.signer.public_key_pem() == key


def test_retention_periods_come_from_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "accredkit.toml"
    path.write_text(
        "[settings.retention_years]\n"
        'default = 2\nmessages = 3\ntickets = 0.5\ncertificates = "keep"\n',
        encoding="utf-8",
    )
    cabinet = accredkit.bootstrap(Config.from_toml(path))
    policy = cabinet.accounts.settings.retention
    year = timedelta(days=365)
    assert policy.period("messages") == 3 * year
    assert policy.period("tickets") == 0.5 * year
    assert policy.period("certificates") is None  # kept, as the law asks
    assert policy.period("acts") is None  # untouched: the built-in rule stays
    assert policy.period("applications") == 2 * year  # the default for the rest


@given(
    value=st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=101),
        st.booleans(),
        st.text().filter(lambda t: t != "keep"),
        st.lists(st.integers(), max_size=2),
    )
)
def test_a_wrong_retention_period_fails_at_bootstrap(value: object) -> None:
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap({"settings": {"retention_years": {"messages": value}}})
    assert refused.value.code == "config.retention"


@pytest.mark.parametrize("value", [-1, 301, True, "60", [60]])
def test_a_wrong_session_touch_interval_fails_at_bootstrap(value: object) -> None:
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap({"settings": {"session_touch_seconds": value}})
    assert refused.value.code == "config.session_touch"


def test_the_session_touch_interval_is_read_from_settings() -> None:
    cabinet = accredkit.bootstrap({"settings": {"session_touch_seconds": 15}})
    assert cabinet.accounts.settings.sessions.touch_interval == timedelta(seconds=15)
    assert accredkit.bootstrap().accounts.settings.sessions.touch_interval == timedelta(minutes=1)


def test_a_retention_period_for_an_unknown_collection_is_named() -> None:
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap({"settings": {"retention_years": {"mesages": 3}}})
    assert refused.value.code == "config.retention"
    assert "mesages" in str(refused.value)
    assert "messages" in str(refused.value)  # the known names are listed
