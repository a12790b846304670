"""An institutional application end to end, on SQLite, with a power of attorney signed by OpenSSL.

The organisation's account is opened by ОГРН from the register; one representative
comes by a power of attorney the organisation's head signed (a detached CMS signature
under a qualified-style certificate carrying the ОГРН, checked by the configured
verifier), another is linked by the administrator. The representative applies for the
organisation, two staff members decide (four eyes), the certificate bears the
organisation's name and ОГРН from the register, and the register's employees are
listed as covered. A licence that lapsed in the register refuses the submission and
the approval with advice, and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from accredkit import (
    ApplicationStatus,
    Conflict,
    NotFound,
    PermissionDenied,
    Role,
    ValidationError,
    power_of_attorney_text,
)
from accredkit.domain.identifiers import Ogrn
from accredkit.domain.moscow import moscow_date
from accredkit.domain.registry import LicenceRecord
from accredkit.testing.openssl_pki import OpenSslCa
from tests.support.accounts_harness import AccountsHarness
from tests.support.cabinet_people import (
    CLINIC_PROFILE,
    Person,
    administrator,
    attach_all,
    clinic_in_register,
    clinic_ogrn,
    person_form,
    signed_in,
    sqlite_config,
    staff_member,
)
from tests.support.certificates import TestCa

HEAD_SNILS = "087-654-303 00"  # the organisation's head, who signs the power of attorney


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> OpenSslCa:
    return OpenSslCa(tmp_path_factory.mktemp("ca"), "ec")


@pytest.fixture
def h(tmp_path: Path, ca: OpenSslCa) -> Iterator[AccountsHarness]:
    now = datetime.now(UTC)
    people = TestCa(now=now)  # the harness's people sign in with it, trusted beside OpenSSL's
    (tmp_path / "people-ca.pem").write_bytes(people.pem)
    config = sqlite_config(tmp_path)
    config["settings"] = {
        "esignature_trusted_ca": [str(ca.cert_path), str(tmp_path / "people-ca.pem")],
        "esignature_crl": [str(ca.crl_path)],
    }
    harness = AccountsHarness(config, at=now, configured_signatures=True, ca=people)
    yield harness
    harness.close()


def _journal(h: AccountsHarness, start: int = 0) -> list[dict[str, Any]]:
    with h.cabinet.storage.unit_of_work() as uow:
        return [json.loads(data) for _, data in uow.journal.read(start)]


def _size(h: AccountsHarness) -> int:
    with h.cabinet.storage.unit_of_work() as uow:
        return uow.journal.size()


def _power_of_attorney(
    h: AccountsHarness, ca: OpenSslCa, person: Person, ogrn: str, *, signed_for: str
) -> tuple[bytes, bytes]:
    text = power_of_attorney_text(ogrn, person.account_id, h.snils_of(person.account_id))
    head = ca.issue(snils=HEAD_SNILS.replace("-", "").replace(" ", ""), inn=None, ogrn=signed_for)
    return text, head.sign(text)


def test_an_organisation_applies_through_its_representative(
    h: AccountsHarness, ca: OpenSslCa
) -> None:
    c = h.cabinet
    workers = [h.snils_of(h.register(person_form(300 + i)).account_id) for i in range(2)]
    ogrn = clinic_in_register(h, 7, staff=workers)
    admin = administrator(h)

    before = _size(h)
    with pytest.raises(ValidationError) as refused:
        c.organisations.register(admin.actor, clinic_ogrn(8))
    assert refused.value.code == "organisation.unknown"
    assert "ФРМО" in refused.value.hint_ru
    assert "register of medical organisations" in refused.value.hint_en
    assert _size(h) == before
    organisation = c.organisations.register(admin.actor, ogrn)
    assert (organisation.name, organisation.licence_number) == (
        "ГБУЗ «Поликлиника № 7»",
        "Л041-00007",
    )
    with pytest.raises(Conflict):
        c.organisations.register(admin.actor, ogrn)

    # A representative by a power of attorney the organisation signed.
    rep = signed_in(h, person_form(310))
    assert rep.actor.organisation_ogrn is None
    text, foreign = _power_of_attorney(h, ca, rep, ogrn, signed_for=clinic_ogrn(9))
    with pytest.raises(ValidationError) as refused:
        c.organisations.submit_power_of_attorney(rep.actor, ogrn, text, foreign, b"", HEAD_SNILS)
    assert refused.value.code == "organisation.poa_signer"
    text, signature = _power_of_attorney(h, ca, rep, ogrn, signed_for=ogrn)
    with pytest.raises(ValidationError) as refused:
        c.organisations.submit_power_of_attorney(
            rep.actor, ogrn, text.replace(b"acts", b"ACTS"), signature, b"", HEAD_SNILS
        )
    assert refused.value.code == "organisation.poa_mismatch"
    link = c.organisations.submit_power_of_attorney(
        rep.actor, ogrn, text, signature, b"", HEAD_SNILS
    )
    assert link.basis == "power_of_attorney"
    assert link.document_sha256 == hashlib.sha256(text).hexdigest()
    rep_actor = c.actor(rep.token or "")
    assert rep_actor.organisation_ogrn == ogrn  # from storage, not from the host

    # A second representative, linked by the administrator; a stranger is not one.
    colleague = signed_in(h, person_form(311))
    c.organisations.link_representative(admin.actor, ogrn, colleague.account_id)
    stranger = signed_in(h, person_form(312))
    assert [r.id for r in c.organisations.representatives(admin.actor, ogrn)] == sorted(
        [rep.account_id, colleague.account_id]
    )
    with pytest.raises(PermissionDenied) as not_one:
        c.applications.create(stranger.actor, "institutional", CLINIC_PROFILE)
    assert not_one.value.code == "organisation.representative_required"

    # The representative applies for the organisation; the colleague sees the case.
    app = c.applications.create(rep.actor, "institutional", CLINIC_PROFILE)
    assert app.organisation_ogrn == ogrn
    app = attach_all(h, rep.actor, app, seed=7)
    c.applications.submit(rep.actor, app.id)
    assert c.applications.get(colleague.actor, app.id).id == app.id
    assert [a.id for a in c.applications.list(colleague.actor)] == [app.id]
    with pytest.raises(NotFound):
        c.applications.get(stranger.actor, app.id)

    # A reviewer who represents the organisation may not handle its case.
    insider = staff_member(h, Role.REVIEWER, n=319)
    c.organisations.link_representative(admin.actor, ogrn, insider.account_id)
    with pytest.raises(PermissionDenied) as conflict:
        c.reviews.take(insider.actor, app.id)
    assert conflict.value.code == "permission.conflict_of_interest"
    c.organisations.revoke_representative(admin.actor, ogrn, insider.account_id)

    # Four eyes: one staff member prepares, another decides.
    reviewer = staff_member(h, Role.REVIEWER, n=320)
    approver = staff_member(h, Role.APPROVER, n=321)
    c.reviews.take(reviewer.actor, app.id)
    c.reviews.send_for_approval(reviewer.actor, app.id)
    assert c.reviews.approve(approver.actor, app.id).status is ApplicationStatus.APPROVED

    [certificate] = c.certificates.of_holder(rep.actor, rep.account_id)
    assert certificate.holder_name == "ГБУЗ «Поликлиника № 7»"
    assert certificate.holder_ogrn == Ogrn.parse(ogrn)
    assert certificate.holder_snils is None
    assert c.certificates.show(colleague.actor, certificate.id).id == certificate.id

    coverage = c.organisations.covered_staff(colleague.actor, ogrn)
    assert coverage.certificate is not None
    assert coverage.certificate.id == certificate.id
    assert {w.snils for w in coverage.staff} == set(workers)
    with pytest.raises(NotFound):
        c.organisations.covered_staff(stranger.actor, ogrn)

    # Revocation takes effect on the colleague's next call.
    c.organisations.revoke_representative(admin.actor, ogrn, colleague.account_id)
    assert c.actor(colleague.token or "").organisation_ogrn is None
    with pytest.raises(NotFound):
        c.applications.get(colleague.actor, app.id)
    actions = [entry["action"] for entry in _journal(h)]
    for action in (
        "organisation.registered",
        "organisation.representative_linked",
        "organisation.representative_revoked",
    ):
        assert action in actions


def test_a_licence_lapsed_in_the_register_refuses_submission_and_approval(
    h: AccountsHarness,
) -> None:
    c = h.cabinet
    ogrn = clinic_in_register(h, 11)
    admin = administrator(h)
    c.organisations.register(admin.actor, ogrn)
    rep = signed_in(h, person_form(330))
    c.organisations.link_representative(admin.actor, ogrn, rep.account_id)
    app = attach_all(
        h, rep.actor, c.applications.create(rep.actor, "institutional", CLINIC_PROFILE)
    )
    today = moscow_date(h.clock.now())
    lapsed = LicenceRecord(
        "Л041-00011", Ogrn.parse(ogrn), date(2020, 1, 15), today - timedelta(days=1)
    )
    in_force = LicenceRecord("Л041-00011", Ogrn.parse(ogrn), date(2020, 1, 15))

    def refused(call: Any) -> ValidationError:
        before = (_size(h), len(h.sms.sent), len(h.email.sent))
        with pytest.raises(ValidationError) as caught:
            call()
        assert (_size(h), len(h.sms.sent), len(h.email.sent)) == before
        assert caught.value.code == "organisation.licence_expired"
        assert "лиценз" in caught.value.hint_ru
        assert "licence" in caught.value.hint_en
        return caught.value

    h.registry.add(lapsed)
    refused(lambda: c.applications.submit(rep.actor, app.id))
    assert c.applications.get(rep.actor, app.id).status is ApplicationStatus.DRAFT

    h.registry.add(in_force)
    c.applications.submit(rep.actor, app.id)
    reviewer = staff_member(h, Role.REVIEWER, n=331)
    approver = staff_member(h, Role.APPROVER, n=332)
    c.reviews.take(reviewer.actor, app.id)
    c.reviews.send_for_approval(reviewer.actor, app.id)
    h.registry.add(lapsed)
    refused(lambda: c.reviews.approve(approver.actor, app.id))
    assert c.applications.get(rep.actor, app.id).status is ApplicationStatus.UNDER_REVIEW
    assert c.certificates.of_holder(rep.actor, rep.account_id) == []

    with pytest.raises(ValidationError) as at_registration:
        c.organisations.register(
            admin.actor, clinic_in_register(h, 12, licence_until=today - timedelta(days=1))
        )
    assert at_registration.value.code == "organisation.licence_expired"
