"""Key files hold the raw 32 bytes or their base64 text (docs/configuration.md).

A random key begins or ends with a byte that reads as whitespace about one time in
twenty; such a file is still the raw key, not text to be trimmed.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accredkit
from accredkit._key_files import read_key_file
from accredkit.errors import ConfigurationError

EDGED = b"\n" + bytes(range(100, 130)) + b" "  # 32 bytes, whitespace at both ends
OTP_KEY = base64.b64encode(bytes(range(32))).decode()


def _config(folder: Path, blob_key: Path, data_key: Path) -> dict[str, str]:
    return {
        "storage": f"sqlite:///{folder}/cabinet.db",
        "blobs": f"file:///{folder}/blobs",
        "blob_key_file": str(blob_key),
        "data_key_file": str(data_key),
        "otp_key": OTP_KEY,
    }


def test_raw_keys_with_whitespace_at_their_edges_open_the_cabinet_again(tmp_path: Path) -> None:
    assert len(EDGED) == 32
    blob_key, data_key = tmp_path / "blob.key", tmp_path / "data.key"
    blob_key.write_bytes(EDGED)
    data_key.write_bytes(EDGED[::-1])
    with accredkit.bootstrap(_config(tmp_path, blob_key, data_key)) as cabinet:
        digest = cabinet.blobs.put(b"%PDF-1.7 a document")
    with accredkit.bootstrap(_config(tmp_path, blob_key, data_key)) as again:
        assert again.blobs.get(digest) == b"%PDF-1.7 a document"
    data_key.write_bytes(bytes(32))  # another key no longer opens the stored data key
    with pytest.raises(ConfigurationError) as refused:
        accredkit.bootstrap(_config(tmp_path, blob_key, data_key))
    assert refused.value.code == "config.data_key_wrong"


@settings(max_examples=60)
@given(key=st.binary(min_size=32, max_size=32))
def test_any_32_bytes_are_the_raw_key(key: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("keys") / "key"
    path.write_bytes(key)
    assert read_key_file(path, "blob_key_file", "blob_key") == key


@pytest.mark.parametrize("text", ["{}", "{}\n", "  base64:{}\n", "\r\n{}\r\n"])
def test_base64_text_in_a_file_is_the_key_it_spells(tmp_path: Path, text: str) -> None:
    path = tmp_path / "key"
    path.write_text(text.format(base64.b64encode(EDGED).decode()), encoding="ascii")
    assert read_key_file(path, "data_key_file", "data_key") == EDGED


@pytest.mark.parametrize("content", [b"", b"short", b"not base64 at all, but long enough!!"])
def test_a_file_holding_neither_form_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "key"
    path.write_bytes(content)
    with pytest.raises(ConfigurationError) as refused:
        read_key_file(path, "blob_key_file", "blob_key")
    assert refused.value.code == "config.blob_key"


def test_a_missing_file_is_refused_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"data_key_file .* cannot be read") as refused:
        read_key_file(tmp_path / "absent.key", "data_key_file", "data_key")
    assert refused.value.code == "config.data_key"
