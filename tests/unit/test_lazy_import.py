"""``import accredkit`` costs nothing until a name is used (``docs/cli.md``), and every
public name still resolves, to the object its module defines."""

from __future__ import annotations

import importlib
import subprocess
import sys

import accredkit
from accredkit import _WHERE

HEAVY: tuple[str, ...] = ("accredkit.", "PIL", "pypdf", "pikepdf", "pypdfium2", "magic")
HEAVY += ("holidays", "cryptography", "fpdf", "pyhanko", "segno", "attr", "cattrs")


def test_import_accredkit_loads_no_module_of_its_own_or_heavy_library() -> None:
    probe = (
        f"import sys, accredkit; print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_public_name_resolves_where_it_is_defined() -> None:
    assert sorted(_WHERE) == sorted(accredkit.__all__)
    for name in accredkit.__all__:
        assert getattr(accredkit, name) is getattr(importlib.import_module(_WHERE[name]), name)


def test_the_bootstrap_module_does_not_hide_the_bootstrap_function() -> None:
    importlib.import_module("accredkit.bootstrap.cabinet")
    assert callable(accredkit.bootstrap)
    assert accredkit.bootstrap.__module__ == "accredkit.bootstrap.cabinet"


def test_bootstrap_loads_only_the_adapters_its_configuration_names() -> None:
    # Plugins are found without importlib.metadata, and a built-in adapter's module loads
    # in its factory (docs/benchmarks.md, "Start-up").
    unused = (
        "importlib.metadata",
        "accredkit.adapters.storage.sqlite",
        "accredkit.adapters.storage.file_blobs",
        "accredkit.adapters.registry.csv_registry",
        "accredkit.adapters.checkpoints.file",
    )
    probe = (
        "import sys, accredkit; cabinet = accredkit.bootstrap(eager=False); "
        "print(type(cabinet.storage.inner).__name__, type(cabinet.registry).__name__); "
        f"print(sorted(m for m in {unused!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    built, loaded = done.stdout.strip().splitlines()
    assert built == "MemoryStorage MemoryRegistry"
    assert loaded == "[]"
