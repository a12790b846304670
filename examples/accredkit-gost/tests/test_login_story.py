"""The cabinet story's e-signature login step with a GOST R 34.10-2012 signature.

The plugin is found through its entry point, as a host would find it; the cabinet is
wired from configuration (trusted GOST CA, CRL file) and the user signs the challenge
with ``openssl cms -sign`` under the GOST engine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.errors import AuthenticationFailed
from accredkit.testing.accounts_harness import AccountsHarness, default_form
from accredkit.testing.openssl_pki import OpenSslCa


@pytest.mark.parametrize("algorithm", ["gost2012_256", "gost2012_512"])
def test_first_login_confirmed_with_a_gost_signature(tmp_path: Path, algorithm: str) -> None:
    ca = OpenSslCa(tmp_path / "ca", algorithm)  # type: ignore[arg-type]
    settings = {"esignature_trusted_ca": [str(ca.cert_path)], "esignature_crl": [str(ca.crl_path)]}
    h = AccountsHarness({"settings": settings}, configured_signatures=True, at=datetime.now(UTC))
    assert "gost" in [v.name for v in h.cabinet.adapters.esignature_verifiers]
    form = default_form()
    registered = h.register(form)
    me = registered.account_id
    h.verify(registered)
    user = ca.issue(snils=h.snils_of(me).digits, inn=None)

    # A revoked certificate does not pass; the login waits for a good signature.
    ca.revoke(user)
    h.signers[me] = lambda challenge: (user.sign(challenge), b"")
    step = h.accounts.login(form.snils, form.password)
    assert step.stage is LoginStage.ESIGNATURE
    with pytest.raises(AuthenticationFailed) as refused:
        h.complete(me, step)
    assert refused.value.code == "esignature.revoked"
    assert h.account(me).esignature_needed

    renewed = ca.issue(snils=h.snils_of(me).digits, inn=None)
    h.signers[me] = lambda challenge: (renewed.sign(challenge, include_certificate=False),
                                       renewed.pem)  # fmt: skip
    done = h.complete(me, h.accounts.login(form.snils, form.password))
    assert done.stage is LoginStage.DONE
    assert done.token is not None
    assert not h.account(me).esignature_needed
    h.close()
