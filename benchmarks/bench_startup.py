"""Start-up: ``import accredkit``, ``accredkit --help`` and a one-shot command against
``python -c pass``, each a fresh interpreter started in the same run.

A shell user pays the start-up on every command, so it is measured as a person meets it:
a new process each time (``docs/cli.md``). The one-shot command lists the applications
of the applicant signed in in a home the demo prepared once.

Two floors are reported beside it (no target): the third-party libraries such a command
loads, and those libraries with the cabinet's modules it cannot list without (the
aggregates it decodes — application, account, session — the permission table, the
storage engine, the configuration and the plugin manager), imported with nothing run
(docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks._runner import Benchmark, Work

_HOME: list[Path] = []


def _env() -> dict[str, str]:
    """This checkout's sources first on the path, as the benchmark runner's own.

    The example plugins too (``examples/*/src``): every command loads the installed
    plugins, and an editable install may point at another checkout.
    """
    root = Path(__file__).parents[1]
    sources = [str(root / "src"), *sorted(str(p) for p in root.glob("examples/*/src"))]
    path = os.environ.get("PYTHONPATH")
    source = os.pathsep.join(sources)
    env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{path}" if path else source}
    # An installed package has its bytecode compiled (pip does it on install): let the
    # warm-up run write it here too, so the figures are start-up, not compilation.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _starts(argv: Sequence[str], times: int) -> Work:
    env = _env()

    def work() -> None:
        for _ in range(times):
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)

    return work


def _times(quick: bool) -> int:
    return 3 if quick else 10


def _pass(quick: bool) -> Work:
    return _starts([sys.executable, "-c", "pass"], _times(quick))


def _import(quick: bool) -> tuple[Work, Work, int]:
    ours = _starts([sys.executable, "-c", "import accredkit"], _times(quick))
    return ours, _pass(quick), _times(quick)


def _help(quick: bool) -> tuple[Work, Work, int]:
    ours = _starts([sys.executable, "-m", "accredkit", "--help"], _times(quick))
    return ours, _pass(quick), _times(quick)


def _prepared_home() -> Path:
    """A home where the demo left an applicant signed in (made once per run)."""
    if not _HOME:
        root = Path(tempfile.mkdtemp(prefix="accredkit-bench-startup-"))
        atexit.register(shutil.rmtree, root, True)
        home = root / "home"
        subprocess.run(
            [sys.executable, "-m", "accredkit", "--home", str(home), "demo"],
            env=_env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _HOME.append(home)
    return _HOME[0]


def _list(quick: bool) -> tuple[Work, Work, int]:
    home = str(_prepared_home())
    argv = [sys.executable, "-m", "accredkit", "--home", home, "application", "list"]
    return _starts(argv, _times(quick)), _pass(quick), _times(quick)


_LIBRARIES = (
    "argparse, sqlite3, tomllib, attrs, cattrs, cattrs.preconf.json, pluggy, "
    "cryptography.hazmat.primitives.ciphers.aead, cryptography.hazmat.primitives.serialization"
)
_LISTING_MODULES = (
    "accredkit.cli._output, accredkit.config, accredkit.plugins.manager, "
    "accredkit.adapters.storage.sqlite, accredkit.domain.applications.application, "
    "accredkit.domain.accounts.account, accredkit.domain.accounts.sessions, "
    "accredkit.domain.authority.permissions"
)


def _libraries(quick: bool) -> tuple[Work, Work, int]:
    ours = _starts([sys.executable, "-c", f"import {_LIBRARIES}"], _times(quick))
    return ours, _pass(quick), _times(quick)


def _listing_modules(quick: bool) -> tuple[Work, Work, int]:
    code = f"import {_LIBRARIES}, {_LISTING_MODULES}"
    return _starts([sys.executable, "-c", code], _times(quick)), _pass(quick), _times(quick)


BENCHMARKS = [
    Benchmark(
        name="startup: import accredkit",
        baseline_name="python -c pass",
        setup=_import,
        target=5.0,
    ),
    Benchmark(
        name="startup: accredkit --help",
        baseline_name="python -c pass",
        setup=_help,
        target=8.0,
    ),
    Benchmark(
        name="startup: accredkit application list",
        baseline_name="python -c pass",
        setup=_list,
        target=15.0,
    ),
    Benchmark(
        name="startup floor: the libraries a listing loads, imported",
        baseline_name="python -c pass",
        setup=_libraries,
        target=None,
    ),
    Benchmark(
        name="startup floor: those and the aggregates, engine and plugins a listing needs",
        baseline_name="python -c pass",
        setup=_listing_modules,
        target=None,
    ),
]
