"""The domain reads no clock, draws no randomness and opens no file (docs/architecture.md).

The rule is ruff's (``src/accredkit/domain/ruff.toml``); these tests feed it code as if it
were a domain module, and the same code as an adapter, so the rule is shown to bite
exactly where it should.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")

FORBIDDEN = {
    "from datetime import datetime\nx = datetime.now()\n": "TID251",
    "import datetime\nx = datetime.datetime.utcnow()\n": "TID251",
    "from datetime import date\nx = date.today()\n": "TID251",
    "import time\nx = time.time()\n": "TID251",
    "from uuid import uuid4\nx = uuid4()\n": "TID251",
    "import os\nx = os.urandom(16)\n": "TID251",
    "x = open('cabinet.db')\n": "PTH123",
}


def _ruff(code: str, as_path: str) -> str:
    assert RUFF is not None, "ruff is installed by the dev extra"
    done = subprocess.run(
        [
            RUFF,
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--stdin-filename",
            as_path,
            "-",
        ],
        input=code,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return done.stdout


@pytest.mark.parametrize(("code", "rule"), FORBIDDEN.items(), ids=list(FORBIDDEN.values()))
def test_the_domain_may_not_read_the_clock_randomness_or_files(code: str, rule: str) -> None:
    found = _ruff(code, "src/accredkit/domain/applications/probe.py")
    assert rule in found, found


@pytest.mark.parametrize("code", FORBIDDEN, ids=list(FORBIDDEN.values()))
def test_an_adapter_may(code: str) -> None:
    found = _ruff(code, "src/accredkit/adapters/probe.py")
    assert "TID251" not in found
    assert "PTH123" not in found
