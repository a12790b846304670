"""The cabinet: built whole by default, or each part on first use, once; frozen either way.

docs/architecture.md, "Composition"; docs/benchmarks.md, "Start-up".
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

import accredkit
from tests.support.certificates import TestCa


def test_threads_racing_for_a_service_get_one_and_the_same() -> None:
    with accredkit.bootstrap(eager=False) as cabinet:
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
with accredkit.bootstrap({{"settings": settings}}, eager=False) as cabinet:
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


def _built(cabinet: accredkit.Cabinet) -> set[str]:
    """The services already built, read without building one."""
    names = (
        "journal", "accounts", "inspector", "authority", "staff", "catalogues",
        "consequences", "applications", "reviews", "certificates", "acts",
        "notifications", "messages", "history", "organisations", "reports", "support",
    )  # fmt: skip
    built = set()
    for name in names:
        try:
            object.__getattribute__(cabinet, name)
        except AttributeError:
            continue
        built.add(name)
    return built


def test_bootstrap_builds_every_service_before_it_returns() -> None:
    with accredkit.bootstrap() as cabinet:
        assert len(_built(cabinet)) == 17
    with accredkit.bootstrap(eager=False) as lazy:
        assert _built(lazy) == set()
        assert lazy.reports is lazy.reports
        assert _built(lazy) == {"authority", "reports"}


class _FailingInspector:
    """A plugin whose document inspector cannot be made (a missing model, say)."""

    @accredkit.hookimpl
    def accredkit_register_document_inspectors(self, register: Any) -> None:
        def make(request: object) -> object:
            raise accredkit.ConfigurationError(
                "the model file is missing",
                message_ru="Нет файла модели.",
                code="config.inspector_model_missing",
            )

        register("broken", make)


def test_a_service_that_cannot_be_built_fails_bootstrap_not_the_first_request() -> None:
    with pytest.raises(accredkit.ConfigurationError) as refused:
        accredkit.bootstrap({"inspector": "broken:"}, plugins=[_FailingInspector()])
    assert refused.value.code == "config.inspector_model_missing"
    lazy = accredkit.bootstrap({"inspector": "broken:"}, plugins=[_FailingInspector()], eager=False)
    with lazy, pytest.raises(accredkit.ConfigurationError):
        _ = lazy.inspector


def test_a_built_cabinet_cannot_be_rewired() -> None:
    other = accredkit.bootstrap()
    with accredkit.bootstrap() as cabinet:
        for name in ("signer", "storage", "sms", "clock", "checkpoint", "config"):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(cabinet, name, getattr(other, name))
    other.close()
