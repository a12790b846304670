"""The story's e-signature login step with a detached CMS signature made by real OpenSSL.

Registration and verification as in the cabinet story; at the first login the user signs
the challenge with ``openssl cms -sign`` under a qualified-style certificate, and the
cabinet — wired from configuration: trusted CA and CRL file — lets them in. The same
step with a GOST signature runs in ``examples/accredkit-gost/tests``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accredkit.domain.accounts.login_records import LoginStage
from accredkit.errors import AuthenticationFailed
from accredkit.testing.openssl_pki import OpenSslCa, SignerCertificate
from tests.support.accounts_harness import AccountsHarness, default_form


def _cms_signer(user: SignerCertificate) -> Callable[[bytes], tuple[bytes, bytes]]:
    return lambda challenge: (user.sign(challenge), b"")


def test_first_login_confirmed_with_a_cms_signature(tmp_path: Path) -> None:
    ca = OpenSslCa(tmp_path / "ca", "ec")
    settings = {"esignature_trusted_ca": [str(ca.cert_path)], "esignature_crl": [str(ca.crl_path)]}
    h = AccountsHarness({"settings": settings}, configured_signatures=True, at=datetime.now(UTC))
    form = default_form()
    registered = h.register(form)
    me = registered.account_id
    h.verify(registered)
    user = ca.issue(snils=h.snils_of(me).digits, inn=None)

    # Someone else's certificate does not pass, and the login stays where it was.
    stranger = ca.issue(snils="08765430300", inn=None)
    h.signers[me] = _cms_signer(stranger)
    step = h.accounts.login(form.snils, form.password)
    assert step.stage is LoginStage.ESIGNATURE
    with pytest.raises(AuthenticationFailed) as refused:
        h.complete(me, step)
    assert refused.value.code == "esignature.snils_mismatch"
    assert h.account(me).esignature_needed

    h.signers[me] = _cms_signer(user)
    step = h.accounts.login(form.snils, form.password)
    done = h.complete(me, step)
    assert done.stage is LoginStage.DONE
    assert done.token is not None
    assert not h.account(me).esignature_needed
    h.close()
