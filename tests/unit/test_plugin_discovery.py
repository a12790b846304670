"""Entry-point discovery finds exactly what ``importlib.metadata`` finds, in its order."""

from __future__ import annotations

import os
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accredkit.plugins import discovery

GROUP = "accredkit"

_names = st.sampled_from(["alpha", "Alpha", "alpha_pkg", "alpha.pkg", "alpha-pkg", "beta"])
_entry = st.tuples(
    st.sampled_from(["one", "two", "gost"]),
    st.sampled_from(["json", "json:dumps", "os.path:join", "json : loads [extra]"]),
)
_distribution = st.fixed_dictionaries(
    {
        "name": _names,
        "version": st.sampled_from(["1.0", "2.0.dev0"]),
        "kind": st.sampled_from([".dist-info", ".egg-info"]),
        "group": st.sampled_from([GROUP, "console_scripts"]),
        "entries": st.lists(_entry, max_size=3),
        "comment": st.booleans(),
        "metadata": st.booleans(),
    }
)


def _write(root: Path, dist: dict[str, object]) -> None:
    folder = root / f"{str(dist['name']).replace('-', '_')}-{dist['version']}{dist['kind']}"
    if folder.exists():
        return
    folder.mkdir()
    if dist["metadata"]:
        header = "METADATA" if dist["kind"] == ".dist-info" else "PKG-INFO"
        (folder / header).write_text(
            f"Metadata-Version: 2.1\nName: {dist['name']}\nVersion: {dist['version']}\n\nbody\n",
            encoding="utf-8",
        )
    lines = ["# generated" if dist["comment"] else "", f"[{dist['group']}]"]
    lines += [f"{name} = {value}" for name, value in dist["entries"]]  # type: ignore[attr-defined]
    lines += ["", "[other]", "x = y"]
    (folder / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _reference(group: str) -> list[discovery.EntryPoint]:
    return [
        discovery.EntryPoint(
            name=ep.name, value=ep.value, dist_name=ep.dist.name if ep.dist else None
        )
        for ep in metadata.entry_points(group=group)
    ]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(roots=st.lists(st.lists(_distribution, max_size=4), min_size=1, max_size=3))
def test_scanner_agrees_with_importlib_metadata(
    roots: list[list[dict[str, object]]],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = []
    for distributions in roots:
        root = tmp_path_factory.mktemp("site")
        for dist in distributions:
            _write(root, dist)
        paths.append(str(root))
    with monkeypatch.context() as patch:
        patch.setattr(sys, "path", [*paths, "/nonexistent/entry"])
        for group in (GROUP, "console_scripts", "absent"):
            assert discovery.entry_points(group) == _reference(group)


def test_the_real_environment_agrees_for_every_group_it_declares() -> None:
    groups = {ep.group for dist in metadata.distributions() for ep in dist.entry_points}
    assert GROUP in groups
    for group in sorted(groups):
        assert discovery.entry_points(group) == _reference(group), group


def test_a_zipped_path_entry_is_read_by_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n\n")
        bundle.writestr("zipped-1.0.dist-info/entry_points.txt", f"[{GROUP}]\nzip = json\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    found = discovery.entry_points(GROUP)
    assert found == [discovery.EntryPoint(name="zip", value="json", dist_name="zipped")]


class _HookDistribution(metadata.Distribution):
    """A distribution an import hook ships, with no directory on ``sys.path``."""

    def read_text(self, filename: str) -> str | None:
        return {
            "METADATA": "Name: hooked\nVersion: 1.0\n\n",
            "entry_points.txt": f"[{GROUP}]\nhook = json\n",
        }.get(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        return Path(path)


class _HookFinder:
    @staticmethod
    def find_spec(*_: object) -> None:
        return None

    @staticmethod
    def find_distributions(*_: object, **__: object) -> list[metadata.Distribution]:
        return [_HookDistribution()]


def test_an_import_hook_that_ships_distributions_is_read_by_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "meta_path", [_HookFinder(), *sys.meta_path])
    found = discovery.entry_points(GROUP)
    assert discovery.EntryPoint(name="hook", value="json", dist_name="hooked") in found
    assert found == _reference(GROUP)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("json", "json"),
        ("json:dumps", "dumps"),
        ("os.path:join", "join"),
        ("json:loads [x]", "loads"),
    ],
)
def test_load_walks_to_the_named_object(value: str, expected: str) -> None:
    loaded = discovery.EntryPoint(name="n", value=value, dist_name=None).load()
    assert getattr(loaded, "__name__", None).rpartition(".")[2] == expected  # type: ignore[union-attr]


def test_a_malformed_value_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="malformed entry point value"):
        discovery.EntryPoint(name="n", value="not a module!", dist_name=None).load()
