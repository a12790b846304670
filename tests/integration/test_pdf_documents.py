"""Certificates and acts as signed PDFs, checked by poppler's pdfsig and pyHanko's validator.

Every document is rendered for a ``portal`` and a ``ru-709n`` case, signed with the
development issuer (ECDSA P-256: poppler's NSS back end does not check Ed25519), and
checked by a separate ``pdfsig`` process trusting the development CA. Page one is
saved as a PNG under ``build/pdf-documents/`` for people to look at.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
from pypdf import PdfReader

from accredkit.adapters.clock import FrozenClock
from accredkit.adapters.crypto.keys import KeySigner
from accredkit.adapters.crypto.randomness import SeededRandom
from accredkit.adapters.crypto.x509_issuer import make_development_issuer
from accredkit.adapters.official_documents.pdf_documents import PadesDocuments
from accredkit.adapters.official_documents.qr_codes import qr_png, qr_svg
from accredkit.adapters.storage.memory import MemoryStorage
from accredkit.domain.applications.application import Application, TransitionInput
from accredkit.domain.applications.catalogues_data import PORTAL, RU_709N, default_registry
from accredkit.domain.applications.lifecycle import Role, Trigger
from accredkit.domain.certificates.acts import Decision, Participant
from accredkit.domain.certificates.certificate import (
    CERTIFICATE_KIND,
    Certificate,
    certificate_number,
)
from accredkit.domain.certificates.public_check import CheckWindow, PublicAnswer
from accredkit.domain.certificates.sheets import DEVELOPMENT_CHECK_URL, record_digest
from accredkit.domain.certificates.signed import parse_envelope
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.errors import NotFound, RateLimited
from accredkit.services.authority import Authority
from accredkit.services.certificates.acts import ActService, record_act
from accredkit.services.certificates.certificates import CERTIFICATES, CertificateService, issue
from accredkit.services.certificates.sheets import certificate_sheet
from accredkit.services.schema import APPLICATIONS
from accredkit.testing.lifecycle_strategies import complete_draft
from tests.support.pdf_checks import (
    NssTrust,
    TimeStampingAuthority,
    decode_qr,
    pyhanko_status,
    tool,
)
from tests.support.seats import seat_all, seated

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=4)
HOLDER = seated("acc-holder")
STRANGER = seated("acc-other")
OFFICER = seated("op-1", Role.OPERATOR)
NAME = "Иванова Анна Сергеевна"
SNILS = Snils.parse("112-233-445 95")
BUILD = Path(__file__).resolve().parents[2] / "build" / "pdf-documents"
CASES = {"portal": (PORTAL, "specialized"), "ru-709n": (RU_709N, "primary-specialized")}
ORDER_709N_CITATION = (
    "Приказ Минздрава России от 28.10.2022 № 709н "
    "«Об утверждении Положения об аккредитации специалистов»"
)


@attrs.frozen
class Case:
    """One catalogue's documents: a certificate and the three kinds of act."""

    name: str
    certificates: CertificateService
    acts: ActService
    certificate: Certificate
    act_ids: dict[Decision, str]
    rendered: dict[str, bytes] = attrs.field(factory=dict)


@attrs.frozen
class Issuer:
    directory: Path
    signer: KeySigner
    nss: NssTrust


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> Issuer:
    root = tmp_path_factory.mktemp("issuer")
    made = make_development_issuer(root / "keys", algorithm="ecdsa-p256", now=T0 - timedelta(1))
    nss = NssTrust.trusting(made.ca_certificate, root / "nss")
    return Issuer(made.directory, KeySigner.from_directory(made.directory), nss)


def _walk(app: Application, *moves: tuple[Trigger, Role, str | None]) -> Application:
    met = TransitionInput(unmet_requirements=frozenset())
    at = app.created_at
    for trigger, role, reason in moves:
        at += timedelta(hours=1)
        actor = app.applicant_id if role is Role.APPLICANT else f"{role}-1"
        app, _ = app.fire(trigger, actor=actor, role=role, at=at, reason=reason, context=met)
    return app


def _case(name: str, signer: KeySigner) -> Case:
    catalogue, type_code = CASES[name]
    kind = catalogue.type(type_code)
    storage = MemoryStorage()
    seat_all(storage, HOLDER, STRANGER, OFFICER, at=NOW)
    ids = SeededRandom(len(name))
    draft = attrs.evolve(
        complete_draft(kind, at=T0, id=f"{name}-app", applicant_id=HOLDER.id),
        catalogue=catalogue.name,
    )
    approved = _walk(
        draft,
        (Trigger.SUBMIT, Role.APPLICANT, None),
        (Trigger.ACCEPT, Role.OPERATOR, None),
        (Trigger.SEND_FOR_APPROVAL, Role.REVIEWER, None),
        (Trigger.APPROVE, Role.APPROVER, "Соответствует требованиям"),
    )
    people = (Participant("reviewer-1", "reviewer"), Participant("approver-1", "approver"))
    with storage.unit_of_work() as uow:
        uow.repository(APPLICATIONS).add(approved)
        certificate = issue(
            uow,
            signer,
            ids,
            holder_name=NAME,
            holder_snils=SNILS,
            holder_account_id=HOLDER.id,
            accreditation_type=kind.code,
            accreditation_title=kind.title_ru,
            specialty="Терапия",
            issued_on=date(2026, 5, 8),
            valid_until=date(2031, 5, 7),  # the five-year term
            issuer_name="Аккредитационная комиссия (учебная)",
            application_id=approved.id,
        )
        acts = {
            decision: record_act(
                uow,
                signer,
                ids,
                application_id=approved.id,
                decision=decision,
                reasons=reasons,
                participants=people,
                decided_at=NOW,
                deadline=date(2026, 5, 20) if decision is Decision.INFO_REQUEST else None,
                certificate_id=certificate.id if decision is Decision.APPROVED else None,
            ).id
            for decision, reasons in (
                (Decision.APPROVED, ["Соответствует требованиям"]),
                (Decision.REJECTED, ["Не представлен диплом", "Стаж менее 5 лет"]),
                (Decision.INFO_REQUEST, ["Представьте копию диплома с приложением"]),
            )
        }
        uow.commit()
    documents = PadesDocuments(signer)
    clock = FrozenClock(NOW)
    certificates = CertificateService(
        storage,
        signer,
        clock,
        Authority(clock),
        documents=documents,
        catalogues=default_registry(),
        check_window=CheckWindow(limit=5),
    )
    act_service = ActService(
        storage,
        Authority(clock),
        documents=documents,
        catalogues=default_registry(),
        names=lambda uow, account_id: NAME if account_id == HOLDER.id else None,
    )
    return Case(name, certificates, act_service, certificate, acts)


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest, issuer: Issuer) -> Iterator[Case]:
    yield _case(request.param, issuer.signer)


def _pdfsig(issuer: Issuer, data: bytes, path: Path) -> str:
    return issuer.nss.pdfsig(data, path)


def _pyhanko_ok(issuer: Issuer, data: bytes) -> bool:
    status = pyhanko_status(data, issuer.directory / "ca.pem")
    return bool(status.bottom_line and status.intact and status.valid and status.trusted)


def _damaged(data: bytes) -> bytes:
    """The PDF with one byte of its first page's size changed (inside the signed range)."""
    at = data.index(b"/MediaBox") + len("/MediaBox [0 0 5")
    damaged = bytearray(data)
    damaged[at] = ord("4") if damaged[at] != ord("4") else ord("6")
    return bytes(damaged)


def _documents(case: Case) -> dict[str, bytes]:
    """Each document of the case, rendered once per module (signing is the slow part)."""
    if not case.rendered:
        case.rendered["certificate"] = case.certificates.pdf(HOLDER, case.certificate.id)
        for decision, act_id in case.act_ids.items():
            case.rendered[str(decision)] = case.acts.pdf(HOLDER, act_id)
    return case.rendered


def test_every_document_is_valid_for_pdfsig_and_pyhanko_and_a_changed_byte_breaks_both(
    case: Case, issuer: Issuer, tmp_path: Path
) -> None:
    for name, data in _documents(case).items():
        report = _pdfsig(issuer, data, tmp_path / f"{name}.pdf")
        assert "Signature Validation: Signature is Valid." in report, (name, report)
        assert "Certificate Validation: Certificate is Trusted." in report, (name, report)
        assert "Signer Certificate Common Name: accredkit development issuer" in report
        assert "Signature Type: ETSI.CAdES.detached" in report  # PAdES, not adbe.pkcs7
        assert _pyhanko_ok(issuer, data), name

        broken = _damaged(data)
        report = _pdfsig(issuer, broken, tmp_path / f"{name}-damaged.pdf")
        assert "Signature is Valid." not in report, (name, report)
        assert not _pyhanko_ok(issuer, broken), name


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_certificate_text_carries_number_holder_dates_basis_and_the_json_digest(
    case: Case,
) -> None:
    text = " ".join(_text(_documents(case)["certificate"]).split())
    number = case.certificate.number
    assert number in text
    assert NAME in text
    assert "08.05.2026" in text
    assert "07.05.2031" in text
    assert "***-***-445 95" in text
    assert "112-233" not in text
    envelope = parse_envelope(case.certificates.export(HOLDER, case.certificate.id))
    assert envelope.payload["number"] == number
    digest = record_digest(CERTIFICATE_KIND, envelope.payload, envelope.seal)
    assert envelope.stated_sha256 == digest  # the JSON states it, the PDF prints it
    assert f"record digest: {digest}" in text
    if case.name == "ru-709n":
        assert ORDER_709N_CITATION in text
    else:
        assert "323-ФЗ" in text
        assert "709н" not in text


def _page_one(case: Case, document: str) -> Path:
    """Save the document and a PNG of its page one under ``build/`` (for people to look at)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    prefix = "" if document == "certificate" else "act-"
    stem = BUILD / f"{prefix}{document}-{case.name}"
    pdf = stem.with_suffix(".pdf")
    pdf.write_bytes(_documents(case)[document])
    command = [tool("pdftoppm"), "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(stem)], check=True, timeout=60)
    return stem


def test_acts_say_what_was_decided_and_why(case: Case) -> None:
    for decision in Decision:
        assert _page_one(case, str(decision)).with_suffix(".png").stat().st_size > 10_000
    refusal = " ".join(_text(_documents(case)["rejected"]).split())
    assert "В АККРЕДИТАЦИИ ОТКАЗАНО" in refusal
    assert "Не представлен диплом" in refusal
    assert "Стаж менее 5 лет" in refusal
    request = " ".join(_text(_documents(case)["info_request"]).split())
    assert "20.05.2026" in request
    assert "копию диплома" in request
    approval = " ".join(_text(_documents(case)["approved"]).split())
    assert case.certificate.number in approval
    assert NAME in approval


def test_only_the_holder_and_staff_get_the_documents(case: Case) -> None:
    # Another applicant is not told the documents exist (docs/authority.md).
    with pytest.raises(NotFound):
        case.certificates.pdf(STRANGER, case.certificate.id)
    with pytest.raises(NotFound):
        case.acts.pdf(STRANGER, case.act_ids[Decision.REJECTED])
    assert case.certificates.pdf(OFFICER, case.certificate.id)[:5] == b"%PDF-"


def test_qr_code_decodes_to_the_check_url_and_the_public_check_follows_revocation(
    case: Case,
) -> None:
    stem = _page_one(case, "certificate")
    url = decode_qr(stem.with_suffix(".png"))
    match = re.fullmatch(r"http://127\.0\.0\.1:8000/certificates/check/(AK-[\d-]+)\?s=(\S+)", url)
    assert match, url
    number, proof = match.groups()
    assert number == "AK" + case.certificate.number[2:]

    service = case.certificates
    status = service.public_status(number, proof)
    assert status.answer is PublicAnswer.VALID
    assert (status.number, status.holder_id) == (case.certificate.number, "***-***-445 95")
    forged = proof[:-2] + ("AA" if proof[-2:] != "AA" else "BB")
    assert service.public_status(number, forged).answer is PublicAnswer.UNKNOWN
    assert service.public_status(number, forged).holder_name is None
    service.revoke(OFFICER, case.certificate.id, "Выявлены недостоверные сведения")
    assert service.public_status(number, proof).answer is PublicAnswer.REVOKED
    assert "СВИДЕТЕЛЬСТВО АННУЛИРОВАНО" in _text(service.pdf(HOLDER, case.certificate.id))
    assert service.public_status(number).answer is PublicAnswer.REVOKED  # the 5th of 5 a minute
    with pytest.raises(RateLimited) as refused:
        service.public_status(number, proof)
    assert refused.value.code == "certificate.check_throttled"
    assert service.public_status(number, proof, client="another").answer is PublicAnswer.REVOKED


def test_an_unissued_number_is_unknown(issuer: Issuer) -> None:
    service = _case("portal", issuer.signer).certificates
    answer = service.public_status(certificate_number(2026, 99))
    assert (answer.answer, answer.holder_name, answer.valid_until) == (
        PublicAnswer.UNKNOWN,
        None,
        None,
    )


def test_totp_enrolment_qr_as_png_and_svg(tmp_path: Path) -> None:
    uri = (
        "otpauth://totp/accredkit:112-233-445%2095?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=accredkit"
    )
    png = tmp_path / "totp.png"
    png.write_bytes(qr_png(uri))
    assert decode_qr(png) == uri
    svg = qr_svg(uri)
    assert svg.startswith(b"<?xml")
    assert b"<svg" in svg
    assert b"<path" in svg


def test_with_a_timestamp_authority_the_signature_is_b_t(issuer: Issuer, tmp_path: Path) -> None:
    tsa = TimeStampingAuthority.make(T0)
    case = _case("portal", issuer.signer)
    stamped = PadesDocuments(issuer.signer, timestamper=tsa.stamper)
    with case.certificates.storage.unit_of_work() as uow:
        sheet = certificate_sheet(
            uow,
            CERTIFICATES,
            case.certificate,
            default_registry(),
            base_url=DEVELOPMENT_CHECK_URL,
            today=NOW.date(),
        )
    data = stamped.certificate_pdf(sheet)
    report = _pdfsig(issuer, data, tmp_path / "b-t.pdf")
    assert "Signature Validation: Signature is Valid." in report, report
    status = pyhanko_status(data, issuer.directory / "ca.pem", tsa.root)
    assert status.bottom_line, status.summary()
    assert status.timestamp_validity is not None  # the signature time stamp: PAdES B-T
    assert status.timestamp_validity.trusted
    unstamped = case.certificates.pdf(HOLDER, case.certificate.id)  # no authority: B-B
    assert _pyhanko_ok(issuer, unstamped)
    assert pyhanko_status(unstamped, issuer.directory / "ca.pem").timestamp_validity is None


def test_an_organisation_certificate_names_it_by_ogrn(issuer: Issuer) -> None:
    storage = MemoryStorage()
    seat_all(storage, HOLDER, at=NOW)
    with storage.unit_of_work() as uow:
        certificate = issue(
            uow,
            issuer.signer,
            SeededRandom(5),
            holder_name="ГБУЗ «Городская больница № 1»",
            holder_ogrn=Ogrn.parse("1027700132195"),
            holder_account_id=HOLDER.id,
            accreditation_type="institutional",
            accreditation_title="Институциональная",
            issued_on=date(2026, 5, 8),
            valid_until=date(2031, 5, 7),  # the five-year term
            issuer_name="Аккредитационная комиссия",
            application_id="no-such-application",  # the catalogue is found by the type
        )
        uow.commit()
    service = CertificateService(
        storage,
        issuer.signer,
        FrozenClock(NOW),
        Authority(FrozenClock(NOW)),
        documents=PadesDocuments(issuer.signer),
        catalogues=default_registry(),
    )
    text = " ".join(_text(service.pdf(HOLDER, certificate.id)).split())
    assert "СВИДЕТЕЛЬСТВО ОБ АККРЕДИТАЦИИ ОРГАНИЗАЦИИ" in text
    assert "ГБУЗ «Городская больница № 1»" in text
    assert "1027700132195" in text
    assert "323-ФЗ" in text
