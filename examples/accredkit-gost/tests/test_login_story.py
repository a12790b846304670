"""The cabinet story's e-signature login step with a GOST R 34.10-2012 signature.

The plugin is found through its entry point, as a host would find it; the cabinet is
wired from configuration (trusted GOST CA, CRL file) with accredkit's public API and the
fixtures of its pytest plugin, and the user signs the challenge with ``openssl cms
-sign`` under the GOST engine.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import accredkit
import pytest
from accredkit import (
    SYSTEM,
    AuthenticationFailed,
    IdentityDocumentKind,
    LoginStage,
    Phone,
    RegistrationForm,
    Snils,
)
from accredkit.adapters.messaging.dev_senders import MemoryEmail, MemorySms
from accredkit.adapters.registry.memory_registry import MemoryRegistry
from accredkit.domain.registry import WorkerRecord
from accredkit.testing import documents
from accredkit.testing.openssl_pki import OpenSslCa

FORM = RegistrationForm(
    last_name="Иванов",
    first_name="Иван",
    middle_name="Иванович",
    birth_date="07.03.1985",
    snils="112-233-445 95",
    phone="+7 916 123-45-67",
    email="ivan.ivanov@example.org",
    password="сосна у реки шумит",
    consent_given=True,
)


def _last_code(sent: MemorySms | MemoryEmail, to: str) -> str:
    """The six digits of the newest message sent to ``to``."""
    text = next(message.text for message in reversed(sent.sent) if message.to == to)
    found = re.search(r"(?<![0-9])([0-9]{6})(?![0-9])", text)
    assert found is not None
    return found.group(1)


def _verified_account(
    cabinet: accredkit.Cabinet, registry: MemoryRegistry, sms: MemorySms, email: MemoryEmail
) -> str:
    """Register ``FORM``, confirm its contacts, accept its documents, link the register."""
    snils = Snils.parse(FORM.snils)
    registry.add(WorkerRecord(snils, "Иванов Иван Иванович", date(1985, 3, 7)))
    registered = cabinet.accounts.register(FORM)
    me = registered.account_id
    phone, mail = str(Phone.parse(FORM.phone)), FORM.email
    cabinet.accounts.confirm_contact(
        me, "phone", registered.phone_request_id, _last_code(sms, phone)
    )
    cabinet.accounts.confirm_contact(
        me, "email", registered.email_request_id, _last_code(email, mail)
    )
    scan = documents.text_pdf(lines=10)
    for kind in IdentityDocumentKind:
        cabinet.accounts.submit_identity_document(SYSTEM, me, kind.value, f"{kind.value}.pdf", scan)
    cabinet.accounts.accept_identity_documents(SYSTEM, me)
    cabinet.accounts.link_registry(SYSTEM, me)
    return me


@pytest.mark.parametrize("algorithm", ["gost2012_256", "gost2012_512"])
def test_first_login_confirmed_with_a_gost_signature(
    tmp_path: Path, algorithm: str, accredkit_sms: MemorySms, accredkit_email: MemoryEmail
) -> None:
    ca = OpenSslCa(tmp_path / "ca", algorithm)  # type: ignore[arg-type]
    settings = {"esignature_trusted_ca": [str(ca.cert_path)], "esignature_crl": [str(ca.crl_path)]}
    registry = MemoryRegistry()
    cabinet = accredkit.bootstrap(
        {"settings": settings}, sms=accredkit_sms, email=accredkit_email, registry=registry
    )
    assert "gost" in [v.name for v in cabinet.adapters.esignature_verifiers]
    me = _verified_account(cabinet, registry, accredkit_sms, accredkit_email)
    user = ca.issue(snils=Snils.parse(FORM.snils).digits, inn=None)

    # A revoked certificate does not pass; the login waits for a good signature.
    ca.revoke(user)
    step = cabinet.accounts.login(FORM.snils, FORM.password)
    assert step.stage is LoginStage.ESIGNATURE
    assert step.pending_id is not None
    assert step.challenge is not None
    with pytest.raises(AuthenticationFailed) as refused:
        cabinet.accounts.confirm_esignature(step.pending_id, user.sign(step.challenge), b"")
    assert refused.value.code == "esignature.revoked"

    renewed = ca.issue(snils=Snils.parse(FORM.snils).digits, inn=None)
    step = cabinet.accounts.login(FORM.snils, FORM.password)
    assert step.stage is LoginStage.ESIGNATURE  # still asked: the refusal counted for nothing
    assert step.pending_id is not None
    assert step.challenge is not None
    signature = renewed.sign(step.challenge, include_certificate=False)
    done = cabinet.accounts.confirm_esignature(step.pending_id, signature, renewed.pem)
    assert done.stage is LoginStage.DONE
    assert done.token is not None
    assert cabinet.actor(done.token).id == me
    cabinet.close()
