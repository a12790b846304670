"""The cabinet builds each part on first use, once (``docs/benchmarks.md``)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import accredkit
from tests.support.certificates import TestCa


def test_threads_racing_for_a_service_get_one_and_the_same() -> None:
    with accredkit.bootstrap() as cabinet:
        start = threading.Barrier(8)
        got: list[object] = []

        def ask() -> None:
            start.wait()
            got.append(cabinet.applications)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(got) == 8
        assert {id(service) for service in got} == {id(cabinet.applications)}
        assert cabinet.accounts is cabinet.accounts


_PROBE = """
import sys
import accredkit
settings = {{"esignature_trusted_ca": [{ca!r}], "passkeys": {{"rp_id": "localhost",
            "origins": ["http://localhost:8000"]}}}}
with accredkit.bootstrap({{"settings": settings}}) as cabinet:
    cabinet.applications, cabinet.accounts  # what `application list` builds
    heavy = ("webauthn", "accredkit.adapters.esignature.trust",
             "accredkit.adapters.esignature.cms", "accredkit.adapters.esignature.x509",
             "accredkit.services.applications.reviews", "accredkit.services.reports.reports")
    print(sorted(name for name in heavy if name in sys.modules))
"""


def test_building_the_accounts_loads_no_verifier_and_no_webauthn(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(TestCa().pem)
    source = str(Path(accredkit.__file__).parents[1])
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE.format(ca=str(ca))],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": source, "ACCREDKIT_LOAD_PLUGINS": ""},
    )
    assert probe.stdout.strip() == "[]", probe.stderr
