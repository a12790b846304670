"""Pure rules of certificates and acts: numbers, canonical bytes, status, decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredkit.domain.certificates.acts import Decision, Participant, check_decision
from accredkit.domain.certificates.certificate import (
    Certificate,
    CertificateStatus,
    certificate_number,
    parse_certificate_number,
    years_later,
)
from accredkit.domain.certificates.signed import Seal, canonical_bytes, signed_bytes
from accredkit.domain.identifiers import Ogrn, Snils
from accredkit.domain.numbering import Counter, damm_digit, damm_valid
from accredkit.errors import ValidationError

SEAL = Seal("ed25519", "k", b"s", "pem")
NOW = datetime(2026, 5, 8, 10, 0, tzinfo=UTC)


def _certificate(**changes: object) -> Certificate:
    fields: dict[str, object] = {
        "id": "c1",
        "number": certificate_number(2026, 1),
        "holder_name": "Иванова Анна Сергеевна",
        "holder_snils": Snils.parse("112-233-445 95"),
        "holder_ogrn": None,
        "accreditation_type": "specialized",
        "accreditation_title": "Специализированная",
        "specialty": "Терапия",
        "issued_on": date(2026, 5, 8),
        "valid_until": date(2031, 5, 7),
        "issuer_name": "Аккредитационный центр",
        "application_id": "a1",
        "seal": SEAL,
    }
    fields.update(changes)
    return Certificate(**fields)  # type: ignore[arg-type]


@given(st.integers(2000, 9999), st.integers(1, 10**7))
def test_issued_numbers_parse_back_unchanged(year: int, sequence: int) -> None:
    number = certificate_number(year, sequence)
    assert parse_certificate_number(number) == number
    assert number.startswith(f"АК-{year}-")


def test_number_format_matches_the_documented_example() -> None:
    assert certificate_number(2026, 123)[:-1] == "АК-2026-000123-"


@given(st.integers(2000, 9999), st.integers(1, 999_999), st.data())
def test_any_single_wrong_digit_is_caught(year: int, sequence: int, data: st.DataObject) -> None:
    number = certificate_number(year, sequence)
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    i = data.draw(st.sampled_from(positions))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    with pytest.raises(ValidationError) as caught:
        parse_certificate_number(number[:i] + wrong + number[i + 1 :])
    assert caught.value.code == "certificate.number_check"


@given(st.text(alphabet="0123456789", min_size=2, max_size=20), st.data())
def test_damm_catches_adjacent_swaps(digits: str, data: st.DataObject) -> None:
    full = digits + damm_digit(digits)
    i = data.draw(st.integers(0, len(full) - 2))
    swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
    assert damm_valid(full)
    assert damm_valid(swapped) == (swapped == full)


def test_typed_number_is_normalised() -> None:
    number = certificate_number(2026, 42)
    typed = " ak–2026 000042-" + number[-1] + " "
    assert parse_certificate_number(typed) == number


@pytest.mark.parametrize("text", ["", "АК-2026-1-1", "ТП-2026-000001-1", "АК-26-000001-1"])
def test_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="АК-YYYY-NNNNNN-C"):
        parse_certificate_number(text)


def test_counter_hands_out_consecutive_numbers() -> None:
    counter = Counter("ticket")
    taken = []
    for _ in range(3):
        counter, number = counter.take()
        taken.append(number)
    assert taken == [1, 2, 3]


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_canonical_bytes_do_not_depend_on_key_order(value: object) -> None:
    def reverse(v: object) -> object:
        if isinstance(v, dict):
            return {k: reverse(v[k]) for k in reversed(list(v))}
        if isinstance(v, list):
            return [reverse(x) for x in v]
        return v

    assert canonical_bytes(value) == canonical_bytes(reverse(value))


def test_floats_are_refused_in_signed_data() -> None:
    with pytest.raises(TypeError, match="floats"):
        canonical_bytes({"a": [1, 2.5]})


def test_signed_bytes_bind_algorithm_and_key() -> None:
    payload = {"x": "1"}
    assert signed_bytes("certificate", payload, "ed25519", "k1") != signed_bytes(
        "certificate", payload, "ed25519", "k2"
    )
    assert signed_bytes("certificate", payload, "ed25519", "k1") != signed_bytes(
        "act", payload, "ed25519", "k1"
    )


def test_status_is_valid_then_expired_after_the_last_day() -> None:
    certificate = _certificate()
    assert certificate.status_on(date(2031, 5, 7)) is CertificateStatus.VALID
    assert certificate.status_on(date(2031, 5, 8)) is CertificateStatus.EXPIRED


def test_revoked_certificate_is_revoked_whatever_the_day() -> None:
    revoked = _certificate().revoke("Ошибка в документах", NOW, "officer-1")
    assert revoked.status_on(date(2027, 1, 1)) is CertificateStatus.REVOKED
    assert revoked.revocation is not None
    assert revoked.revocation.actor_id == "officer-1"
    with pytest.raises(ValidationError, match="already revoked"):
        revoked.revoke("again", NOW, "officer-1")


def test_revocation_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        _certificate().revoke("  ", NOW, "officer-1")
    assert caught.value.code == "certificate.revocation_reason"


def test_holder_is_named_by_exactly_one_identifier() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        _certificate(holder_ogrn=Ogrn.parse("1027700132195"))
    with pytest.raises(ValueError, match="exactly one"):
        _certificate(holder_snils=None)
    assert _certificate(holder_snils=None, holder_ogrn=Ogrn.parse("1027700132195"))


def test_payload_carries_every_field_a_reader_relies_on() -> None:
    payload = _certificate().payload()
    assert payload["holder"] == {
        "name": "Иванова Анна Сергеевна",
        "snils": "112-233-445 95",
        "ogrn": None,
    }
    assert payload["accreditation"]["specialty"] == "Терапия"
    assert (payload["issued_on"], payload["valid_until"]) == ("2026-05-08", "2031-05-07")


def test_years_later_handles_the_leap_day() -> None:
    assert years_later(date(2028, 2, 29), 5) == date(2033, 2, 28)
    assert years_later(date(2026, 5, 8), 5) == date(2031, 5, 8)


def test_negative_decision_needs_a_reason_and_request_a_deadline() -> None:
    who = (Participant("officer-1", "approver"),)
    with pytest.raises(ValidationError) as caught:
        check_decision(Decision.INFO_REQUEST, (), who, None, NOW)
    assert {v.code for v in caught.value.violations} == {
        "act.reason_required",
        "act.deadline_required",
    }
    with pytest.raises(ValidationError, match="reason"):
        check_decision(Decision.REJECTED, (" ",), who, None, NOW)
    with pytest.raises(ValidationError, match="names who decided"):
        check_decision(Decision.APPROVED, (), (), None, NOW)
    check_decision(Decision.APPROVED, (), who, None, NOW)
    check_decision(Decision.INFO_REQUEST, ("Скан диплома",), who, date(2026, 5, 20), NOW)
