"""Certificates and acts signed with real keys, exported, and verified offline."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

import accredkit
from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.crypto.x509_issuer import DEVELOPMENT_MARK, make_development_issuer
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.adapters.storage.sqlite import SqliteStorage
from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.certificates.acts import Act, Decision, Participant
from accredkit.domain.certificates.certificate import Certificate, CertificateStatus
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.errors import ConfigurationError, NotFound, ValidationError
from accredkit.ports.signer import Signer
from accredkit.ports.storage import Storage
from accredkit.services.authority import Authority
from accredkit.services.certificates.acts import ActService, record_act
from accredkit.services.certificates.certificates import CERTIFICATES, CertificateService, issue
from accredkit.services.schema import APPLICATIONS
from tests.support.seats import LONG_SESSIONS, seat

NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
SIGNER = KeySigner.generate()
IDS = SeededRandom(77)


class _Certificates:
    """The certificate service over bare storage, called by a seated auditor and operator."""

    def __init__(self, storage: Storage, signer: Signer) -> None:
        clock = FrozenClock(NOW)
        authority = Authority(clock, LONG_SESSIONS)
        self.service = CertificateService(storage, signer, clock, authority)
        self.auditor = seat(storage, f"auditor-{id(self)}", Role.AUDITOR, at=NOW)
        self.officer = seat(storage, f"officer-{id(self)}", Role.OPERATOR, at=NOW)

    def export(self, id: str) -> bytes:
        return self.service.export(self.auditor, id)

    def status(self, id: str) -> CertificateStatus:
        return self.service.status(self.auditor, id)

    def by_number(self, number: str) -> Certificate:
        return self.service.by_number(self.auditor, number)

    def of_holder(self, account_id: str) -> list[Certificate]:
        return self.service.of_holder(self.auditor, account_id)

    def revoke(self, id: str, reason: str) -> Certificate:
        return self.service.revoke(self.officer, id, reason)

    def revocation_list(self) -> bytes:
        return self.service.revocation_list()


class _Acts:
    """The act service over bare storage, called by a seated auditor."""

    def __init__(self, storage: Storage) -> None:
        self.service = ActService(storage, Authority(FrozenClock(NOW), LONG_SESSIONS))
        self.auditor = seat(storage, f"auditor-{id(self)}", Role.AUDITOR, at=NOW)

    def export(self, id: str) -> bytes:
        return self.service.export(self.auditor, id)

    def of_application(self, application_id: str) -> list[Act]:
        return self.service.of_application(self.auditor, application_id)


def _issue(storage: Storage, signer: Signer, **changes: Any) -> Certificate:
    fields: dict[str, Any] = {
        "holder_name": "Иванова Анна Сергеевна",
        "holder_snils": Snils.parse("112-233-445 95"),
        "accreditation_type": "specialized",
        "accreditation_title": "Специализированная",
        "specialty": "Терапия",
        "issued_on": date(2026, 5, 8),
        "valid_until": date(2031, 5, 7),
        "issuer_name": "Аккредитационный центр",
        "application_id": "a1",
        "holder_account_id": "acc-1",
    }
    fields.update(changes)
    with storage.unit_of_work() as uow:
        certificate = issue(uow, signer, IDS, **fields)
        uow.commit()
    return certificate


@pytest.fixture
def storage() -> Iterator[Storage]:
    yield MemoryStorage()


def test_issued_certificate_verifies_offline_with_the_public_key(storage: Storage) -> None:
    certificate = _issue(storage, SIGNER)
    exported = _Certificates(storage, SIGNER).export(certificate.id)
    verdict = accredkit.verify_certificate(exported, SIGNER.public_key_pem(), at=NOW)
    assert verdict.ok, verdict
    assert (verdict.code, verdict.number, verdict.trusted_by) == (
        "certificate.valid",
        certificate.number,
        "key",
    )
    assert verdict.payload is not None
    assert verdict.payload["valid_until"] == "2031-05-07"


def test_numbers_are_consecutive_per_year_and_never_reused(storage: Storage) -> None:
    numbers = [_issue(storage, SIGNER, application_id=f"a{i}").number for i in range(3)]
    next_year = _issue(storage, SIGNER, issued_on=date(2027, 1, 11), application_id="b")
    assert [n[:15] for n in numbers] == [f"АК-2026-00000{i}-" for i in (1, 2, 3)]
    assert next_year.number.startswith("АК-2027-000001-")


def test_certificate_rolls_back_with_the_approval(storage: Storage) -> None:
    with storage.unit_of_work() as uow:
        issue(uow, SIGNER, SeededRandom(1), holder_name="X", holder_snils=Snils.parse(
            "112-233-445 95"), accreditation_type="general", accreditation_title="Общая",
            issued_on=date(2026, 5, 8), valid_until=date(2031, 5, 7), issuer_name="Центр",
            application_id="a1")  # fmt: skip
    with storage.unit_of_work() as uow:
        assert uow.repository(CERTIFICATES).count() == 0


def test_repeat_certificate_links_to_an_existing_previous_one(storage: Storage) -> None:
    first = _issue(storage, SIGNER)
    repeat = _issue(storage, SIGNER, previous_certificate_id=first.id, application_id="a2")
    assert repeat.payload()["previous_certificate_id"] == first.id
    with pytest.raises(NotFound):
        _issue(storage, SIGNER, previous_certificate_id="nope", application_id="a3")


def test_organisation_certificate_names_its_ogrn(storage: Storage) -> None:
    certificate = _issue(
        storage, SIGNER, holder_snils=None, holder_ogrn=Ogrn.parse("1027700132195")
    )
    assert certificate.payload()["holder"]["ogrn"] == "1027700132195"
    with pytest.raises(ValidationError, match="not both"):
        _issue(storage, SIGNER, holder_ogrn=Ogrn.parse("1027700132195"))


def _tamper(exported: bytes, change: Any) -> bytes:
    document = json.loads(exported)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode()


FIELD_CHANGES = {
    "holder name": lambda d: d["payload"]["holder"].update(name="Петров Пётр"),
    "snils": lambda d: d["payload"]["holder"].update(snils="112-233-445 96"),
    "type": lambda d: d["payload"]["accreditation"].update(type="general"),
    "specialty": lambda d: d["payload"]["accreditation"].update(specialty="Хирургия"),
    "valid until": lambda d: d["payload"].update(valid_until="2041-05-07"),
    "issued on": lambda d: d["payload"].update(issued_on="2026-05-09"),
    "number": lambda d: d["payload"].update(number="АК-2026-000002-8"),
    "issuer": lambda d: d["payload"].update(issuer="Другой центр"),
    "application": lambda d: d["payload"].update(application_id="a9"),
    "previous": lambda d: d["payload"].update(previous_certificate_id="c0"),
    "added field": lambda d: d["payload"].update(note="x"),
    "algorithm": lambda d: d["signature"].update(algorithm="ecdsa-p256-sha256"),
    "key id": lambda d: d["signature"].update(key_id="0" * 16),
    "stated digest": lambda d: d["signature"].update(signed_sha256="0" * 64),
}


@pytest.mark.parametrize("change", FIELD_CHANGES.values(), ids=FIELD_CHANGES.keys())
def test_any_changed_field_is_refused_as_tampered(storage: Storage, change: Any) -> None:
    certificate = _issue(storage, SIGNER)
    exported = _Certificates(storage, SIGNER).export(certificate.id)
    verdict = accredkit.verify_certificate(_tamper(exported, change), SIGNER.public_key_pem())
    assert not verdict.ok
    assert verdict.code == "certificate.tampered"
    assert verdict.payload is None  # nothing from a tampered file is shown as fact


EXPORTED = _Certificates(_store := MemoryStorage(), SIGNER).export(_issue(_store, SIGNER).id)


@settings(max_examples=60)
@given(st.integers(0, 63), st.integers(0, 7))
def test_any_flipped_signature_bit_is_refused(index: int, bit: int) -> None:
    def flip(document: dict[str, Any]) -> None:
        raw = bytearray(base64.b64decode(document["signature"]["value"]))
        raw[index] ^= 1 << bit
        document["signature"]["value"] = base64.b64encode(bytes(raw)).decode()

    verdict = accredkit.verify_certificate(_tamper(EXPORTED, flip), SIGNER.public_key_pem())
    assert verdict.code == "certificate.tampered"


def test_replaced_key_and_signature_is_untrusted_not_valid(storage: Storage) -> None:
    forger = KeySigner.generate()
    forged = _issue(storage, forger)
    exported = _Certificates(storage, forger).export(forged.id)
    verdict = accredkit.verify_certificate(exported, SIGNER.public_key_pem())
    assert (verdict.ok, verdict.code) == (False, "certificate.untrusted")


@pytest.mark.parametrize("junk", [b"", b"not json", b"[]", b'{"format": "other"}', "ф".encode()])
def test_junk_is_malformed(junk: bytes) -> None:
    verdict = accredkit.verify_certificate(junk, SIGNER.public_key_pem())
    assert verdict.code == "certificate.malformed"


def test_an_act_is_not_accepted_as_a_certificate(storage: Storage) -> None:
    act = _act(storage, SIGNER)
    exported = _Acts(storage).export(act.id)
    assert accredkit.verify_certificate(exported, SIGNER.public_key_pem()).code == (
        "certificate.malformed"
    )


def test_validity_dates_are_judged_on_the_given_day(storage: Storage) -> None:
    exported = _Certificates(storage, SIGNER).export(_issue(storage, SIGNER).id)
    key = SIGNER.public_key_pem()
    assert accredkit.verify_certificate(exported, key, at=date(2026, 5, 7)).code == (
        "certificate.not_yet_valid"
    )
    assert accredkit.verify_certificate(exported, key, at=date(2031, 5, 7)).ok
    assert accredkit.verify_certificate(exported, key, at=date(2031, 5, 8)).code == (
        "certificate.expired"
    )


def test_revocation_list_refuses_a_revoked_certificate(storage: Storage) -> None:
    service = _Certificates(storage, SIGNER)
    keep, drop = _issue(storage, SIGNER), _issue(storage, SIGNER, application_id="a2")
    revoked = service.revoke(drop.id, "Подложный диплом")
    assert revoked.revocation is not None
    assert revoked.revocation.at == NOW
    crl = service.revocation_list()
    key = SIGNER.public_key_pem()
    assert accredkit.verify_certificate(service.export(drop.id), key, revocations=crl).code == (
        "certificate.revoked"
    )
    assert accredkit.verify_certificate(service.export(keep.id), key, revocations=crl).ok
    assert accredkit.verify_certificate(
        service.export(drop.id), key, revocations=[drop.number]
    ).code == ("certificate.revoked")
    forged_crl = _tamper(crl, lambda d: d["payload"].update(revoked=[]))
    assert accredkit.verify_certificate(
        service.export(drop.id), key, revocations=forged_crl
    ).code == ("certificate.revocation_list_invalid")
    assert service.status(drop.id).value == "revoked"


def test_lookup_by_typed_number(storage: Storage) -> None:
    certificate = _issue(storage, SIGNER)
    service = _Certificates(storage, SIGNER)
    assert service.by_number(certificate.number.replace("АК", "ak")).id == certificate.id
    assert [c.id for c in service.of_holder("acc-1")] == [certificate.id]


def test_development_ca_chain_is_trusted_and_marked_for_development(tmp_path: Path) -> None:
    issuer = make_development_issuer(tmp_path / "keys", algorithm="ecdsa-p256", now=NOW)
    signer = KeySigner.from_directory(issuer.directory)
    assert signer.key_id == issuer.key_id
    assert signer.algorithm == "ecdsa-p256-sha256"
    for path in (issuer.ca_certificate, issuer.certificate):
        subject = x509.load_pem_x509_certificate(path.read_bytes()).subject
        for oid in (NameOID.ORGANIZATION_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME):
            assert subject.get_attributes_for_oid(oid)[0].value == DEVELOPMENT_MARK
    storage = SqliteStorage(tmp_path / "cabinet.db")
    certificate = _issue(storage, signer)
    exported = _Certificates(storage, signer).export(certificate.id)
    assert json.loads(exported)["issuer"]["certificate_pem"].startswith("-----BEGIN CERTIFICATE")
    verdict = accredkit.verify_certificate(exported, issuer.ca_certificate, at=NOW)
    assert (verdict.ok, verdict.trusted_by) == (True, "ca")
    other = make_development_issuer(tmp_path / "other", now=NOW)
    assert accredkit.verify_certificate(exported, other.ca_certificate).code == (
        "certificate.untrusted"
    )
    storage.close()


def test_development_issuer_never_replaces_an_existing_key(tmp_path: Path) -> None:
    make_development_issuer(tmp_path)
    with pytest.raises(ConfigurationError, match="refusing to replace"):
        make_development_issuer(tmp_path)


def test_no_trusted_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="no trusted"):
        accredkit.verify_certificate(EXPORTED, b"nothing here")


def _act(storage: Storage, signer: Signer, **changes: Any) -> Any:
    fields: dict[str, Any] = {
        "application_id": "a1",
        "decision": Decision.REJECTED,
        "reasons": ["Нет документа о стаже"],
        "participants": [Participant("o1", "reviewer"), Participant("o2", "approver")],
        "decided_at": NOW,
    }
    fields.update(changes)
    with storage.unit_of_work() as uow:
        if uow.repository(APPLICATIONS).find(fields["application_id"]) is None:
            uow.repository(APPLICATIONS).add(
                Application(fields["application_id"], "acc-1", "portal", "general", NOW)
            )
        act = record_act(uow, signer, IDS, **fields)
        uow.commit()
    return act


def test_act_is_signed_listed_and_verified_like_a_certificate(storage: Storage) -> None:
    act = _act(storage, SIGNER)
    acts = _Acts(storage)
    assert [a.id for a in acts.of_application("a1")] == [act.id]
    exported = acts.export(act.id)
    verdict = accredkit.verify_act(exported, SIGNER.public_key_pem())
    assert (verdict.ok, verdict.code) == (True, "act.valid")
    assert verdict.payload is not None
    assert verdict.payload["decision"] == "rejected"
    changed = _tamper(exported, lambda d: d["payload"].update(decision="approved"))
    assert accredkit.verify_act(changed, SIGNER.public_key_pem()).code == "act.tampered"


def test_info_request_act_needs_a_deadline(storage: Storage) -> None:
    with pytest.raises(ValidationError) as caught:
        _act(storage, SIGNER, decision="info_request", reasons=["Скан диплома"])
    assert caught.value.code == "act.deadline_required"
    act = _act(storage, SIGNER, decision="info_request", reasons=["Скан диплома"],
               deadline=date(2026, 5, 20))  # fmt: skip
    assert act.payload()["deadline"] == "2026-05-20"


def test_files_and_paths_are_accepted(storage: Storage, tmp_path: Path) -> None:
    path = tmp_path / "certificate.json"
    path.write_bytes(EXPORTED)
    key = tmp_path / "issuer.pem"
    key.write_bytes(SIGNER.public_key_pem())
    assert accredkit.verify_certificate(path, key, at=NOW).ok
    with path.open("rb") as handle:
        assert accredkit.verify_certificate(handle, [key], at=NOW).ok


def test_a_moment_counts_by_its_moscow_date(storage: Storage) -> None:
    # Issued on 8 May (Moscow); at 22:30 UTC on 7 May it is already 8 May in Moscow.
    certificate = _issue(storage, SIGNER)
    exported = _Certificates(storage, SIGNER).export(certificate.id)
    moscow_morning = datetime(2026, 5, 7, 22, 30, tzinfo=UTC)
    moscow_evening_before = datetime(2026, 5, 7, 20, 30, tzinfo=UTC)
    assert accredkit.verify_certificate(exported, SIGNER.public_key_pem(), at=moscow_morning).ok
    early = accredkit.verify_certificate(
        exported, SIGNER.public_key_pem(), at=moscow_evening_before
    )
    assert early.code == "certificate.not_yet_valid"
