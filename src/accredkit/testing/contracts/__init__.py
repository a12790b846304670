"""Contract suites for adapter authors: one module per port, every suite importable here.

Subclass a suite in your own test module and provide its fixtures; a fixture you do not
override raises ``NotImplementedError`` naming what to provide (docs/contract-suites.md).

| port | suite | module |
|---|---|---|
| ``Storage`` | ``StorageContract``, ``requires``, ``TextDraft`` | ``contracts.storage`` |
| ``BlobStore`` | ``BlobStoreContract`` | ``contracts.blobs`` |
| ``SmsSender`` | ``SmsSenderContract`` | ``contracts.sms`` |
| ``EmailSender`` | ``EmailSenderContract`` | ``contracts.email`` |
| ``SignatureVerifier`` | ``ESignatureVerifierContract`` | ``contracts.esignature`` |
| ``Registry`` | ``RegistryContract``, ``CONTRACT_RECORDS`` | ``contracts.registry`` |
"""

from __future__ import annotations

from accredkit.testing.contracts.blobs import BlobStoreContract
from accredkit.testing.contracts.email import EmailSenderContract
from accredkit.testing.contracts.esignature import ESignatureVerifierContract
from accredkit.testing.contracts.registry import CONTRACT_RECORDS, RegistryContract
from accredkit.testing.contracts.sms import SmsSenderContract
from accredkit.testing.contracts.storage import StorageContract, TextDraft, requires

__all__ = [
    "CONTRACT_RECORDS",
    "BlobStoreContract",
    "ESignatureVerifierContract",
    "EmailSenderContract",
    "RegistryContract",
    "SmsSenderContract",
    "StorageContract",
    "TextDraft",
    "requires",
]
