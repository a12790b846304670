"""Costly PDFs judged within their budgets, in a child process that has a memory limit.

The shared-content-stream PDF (ten pages parsing one 70 MB stream) and the 1 GB flate
bomb are built in the parent and checked in a child whose address space is capped:
running past the cap would kill the child, and the test would fail. The child reports
its CPU seconds and peak memory, which are printed (``pytest -s``) for the record.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.document_corpus import flate_bomb_pdf, shared_content_pdf

_ADDRESS_SPACE = 2 * 1024**3  # the renderer and the interpreter map ~1 GiB of address space
_PEAK_MIB = 256

_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    from accredkit import check_document
    data = open(sys.argv[1], "rb").read()
    # ru_maxrss keeps the forking parent's peak across exec; reset the high-water mark
    # instead, so the peak read below is this process's own, from here on.
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    start = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.monotonic()
    report = check_document(data, "a.pdf")
    end = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({{
        "codes": report.codes,
        "cpu_s": (end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime),
        "wall_s": time.monotonic() - wall,
        "peak_mib": next(
            int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:")
        ) / 1024,
    }}))
    """
)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and ru_maxrss in KiB are Linux's")
@pytest.mark.parametrize(
    ("name", "build"),
    [("shared 70 MB content stream", shared_content_pdf), ("1 GB flate bomb", flate_bomb_pdf)],
)
def test_a_costly_pdf_is_refused_within_budget_in_a_memory_capped_child(
    name: str, build: object, tmp_path: Path
) -> None:
    assert callable(build)
    path = tmp_path / "costly.pdf"
    path.write_bytes(build())
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(limit=_ADDRESS_SPACE), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.returncode == 0, child.stderr
    found = json.loads(child.stdout)
    print(
        f"\n{name}: {path.stat().st_size} bytes, codes {found['codes']}, "
        f"CPU {found['cpu_s']:.2f} s, wall {found['wall_s']:.2f} s, "
        f"peak {found['peak_mib']:.0f} MiB"
    )
    assert found["codes"] == ["document.too_complex"]
    assert found["peak_mib"] < _PEAK_MIB
