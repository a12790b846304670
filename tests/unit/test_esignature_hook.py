"""The e-signature verifier hook: plugins add verifiers, each signature goes to the first able."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import accredkit
from accredkit.adapters.esignature.dispatch import FirstCapableVerifier
from accredkit.adapters.esignature.refusals import refuse
from accredkit.adapters.esignature.trust import EsignatureTrust
from accredkit.domain.accounts.esignature import VerifiedSignature
from accredkit.domain.identifiers import Snils
from accredkit.errors import AuthenticationFailed, PluginError
from accredkit.plugins.manager import LOAD_PLUGINS_ENV
from tests.support.certificates import TestCa

SNILS = Snils("11223344595")
NOW = datetime.now(UTC).replace(microsecond=0)


class TaggedVerifier:
    """Judges only signatures that start with its tag: a family of its own."""

    def __init__(self, trust: EsignatureTrust, tag: bytes = b"TAGGED:") -> None:
        self.trust = trust
        self.tag = tag

    def verify(
        self, challenge: bytes, signature: bytes, certificate_pem: bytes, expected_snils: Snils,
        at: datetime, **expected: Any,
    ) -> VerifiedSignature:  # fmt: skip
        if not signature.startswith(self.tag):
            raise refuse("esignature.unsupported_algorithm")
        if signature != self.tag + challenge:
            raise refuse("esignature.bad_signature")
        return VerifiedSignature(expected_snils, "CN=tagged", "0" * 64, at, "tagged")


class TaggedPlugin:
    __name__ = "tagged-plugin"

    @accredkit.hookimpl
    def accredkit_register_esignature_verifiers(self, register: Any) -> None:
        register("tagged", TaggedVerifier, "signatures that start with TAGGED:")


def _cabinet(tmp_path: Path, ca: TestCa, *plugins: object) -> accredkit.Cabinet:
    (tmp_path / "ca.pem").write_bytes(ca.pem)
    settings = {"esignature_trusted_ca": [str(tmp_path / "ca.pem")]}
    return accredkit.bootstrap({"settings": settings}, plugins=list(plugins))


def test_a_plugins_verifier_is_asked_before_the_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOAD_PLUGINS_ENV, "")  # no installed entry points (accredkit-gost)
    ca = TestCa(now=NOW)
    cabinet = _cabinet(tmp_path, ca, TaggedPlugin())
    names = [(v.name, v.plugin) for v in cabinet.adapters.esignature_verifiers]
    assert names == [
        ("cms", "accredkit.builtin"),
        ("tagged", "tagged-plugin"),
        ("raw", "accredkit.builtin"),  # a fallback: it takes any bytes as a signature
    ]
    verifier = cabinet.accounts.deps.signatures  # built at its first signature

    verified = verifier.verify(b"challenge", b"TAGGED:challenge", b"", SNILS, NOW)
    assert verified.algorithm == "tagged"
    with pytest.raises(AuthenticationFailed) as refused:
        verifier.verify(b"challenge", b"TAGGED:other", b"", SNILS, NOW)
    assert refused.value.code == "esignature.bad_signature"  # final: nobody else is asked

    user = ca.issue(SNILS.digits, key_kind="p256")  # a raw signature still reaches `raw`
    raw = verifier.verify(b"challenge", user.sign(b"challenge"), user.pem, SNILS, NOW)
    assert raw.algorithm == "ecdsa-p256-sha256"


def test_a_signature_nobody_can_judge_is_refused_as_unsupported(tmp_path: Path) -> None:
    verifier = FirstCapableVerifier([TaggedVerifier(EsignatureTrust(roots=()), b"A:")])
    with pytest.raises(AuthenticationFailed) as refused:
        verifier.verify(b"challenge", b"B:challenge", b"", SNILS, NOW)
    assert refused.value.code == "esignature.unsupported_algorithm"
    assert refused.value.hint_ru


def test_a_taken_verifier_name_is_refused_naming_both_plugins(tmp_path: Path) -> None:
    class Copycat:
        __name__ = "copycat"

        @accredkit.hookimpl
        def accredkit_register_esignature_verifiers(self, register: Any) -> None:
            register("cms", TaggedVerifier)

    with pytest.raises(PluginError) as refused:
        accredkit.bootstrap(plugins=[Copycat()])
    assert "copycat" in refused.value.message
    assert "accredkit.builtin" in refused.value.message


def test_a_verifier_without_verify_is_refused_at_the_first_signature(tmp_path: Path) -> None:
    class Broken:
        __name__ = "broken"

        @accredkit.hookimpl
        def accredkit_register_esignature_verifiers(self, register: Any) -> None:
            register("broken", lambda trust: object())

    cabinet = _cabinet(tmp_path, TestCa(now=NOW), Broken())
    verifier = cabinet.accounts.deps.signatures  # a command that checks no signature runs
    for _ in range(2):  # not built, so asked again: the same refusal each time
        with pytest.raises(PluginError) as refused:
            verifier.verify(b"challenge", b"TAGGED:challenge", b"", SNILS, NOW)
        assert "broken" in refused.value.message
