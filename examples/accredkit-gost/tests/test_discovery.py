"""accredkit finds the installed package through its entry point, as a host would."""

from __future__ import annotations

import accredkit
import pytest
from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.errors import ConfigurationError

from accredkit_gost import engine_available
from accredkit_gost.plugin import gost_verifier


def test_bootstrap_lists_the_gost_verifier_with_its_distribution() -> None:
    with accredkit.bootstrap() as cabinet:
        found = {v.name: v for v in cabinet.adapters.esignature_verifiers}
    assert found["gost"].distribution == "accredkit-gost"
    assert found["gost"].plugin == "gost"
    assert list(found) == ["cms", "gost", "raw"]  # `raw` takes any bytes: asked last


def test_without_the_engine_the_verifier_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert engine_available()
    monkeypatch.setattr("accredkit_gost.algorithms.engine_available", lambda: False)
    with pytest.raises(ConfigurationError) as refused:
        gost_verifier(EsignatureTrust(roots=()))
    assert refused.value.code == "config.gost_engine"
    assert "libengine-gost-openssl" in refused.value.message
