"""Reading the qualified-certificate fields and matching them against the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import given

from accredkit.adapters.esignature.qualified_certificate import (
    INN_OID,
    OGRN_OID,
    SNILS_OID,
    QualifiedHolder,
    read_holder,
)
from accredkit.domain.identifiers import Inn, Ogrn, Snils
from accredkit.domain.person import FullName
from accredkit.errors import AuthenticationFailed
from accredkit.testing.account_strategies import full_names
from accredkit.testing.strategies import inns, ogrns, snils_values

_KEY = ec.generate_private_key(ec.SECP256R1())
_NOW = datetime.now(UTC)


def _certificate(attributes: list[x509.NameAttribute[str]]) -> x509.Certificate:
    name = x509.Name(attributes)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(_KEY.public_key())
        .serial_number(1)
        .not_valid_before(_NOW)
        .not_valid_after(_NOW + timedelta(days=1))
        .sign(_KEY, hashes.SHA256())
    )


def _code(holder: QualifiedHolder, snils: Snils, name: FullName | None, inn: Inn | None) -> str:
    with pytest.raises(AuthenticationFailed) as refused:
        holder.check(snils, name, inn)
    return refused.value.code


@given(snils=snils_values(), name=full_names(), inn=inns(kind="person"), ogrn=ogrns())
def test_the_fields_read_back_as_written(
    snils: Snils, name: FullName, inn: Inn, ogrn: Ogrn
) -> None:
    given_names = f"{name.first} {name.middle}".strip()
    cert = _certificate([
        x509.NameAttribute(NameOID.COMMON_NAME, name.last),  # CN: at most 64 bytes
        x509.NameAttribute(NameOID.SURNAME, name.last),
        x509.NameAttribute(NameOID.GIVEN_NAME, given_names),
        x509.NameAttribute(SNILS_OID, snils.digits),
        x509.NameAttribute(INN_OID, inn.digits),
        x509.NameAttribute(OGRN_OID, ogrn.digits),
    ])  # fmt: skip
    holder = read_holder(cert)
    assert (holder.snils, holder.inn, holder.ogrn) == (snils, inn.digits, ogrn.digits)
    holder.check(snils, name, inn)  # the account's own certificate passes


@given(holder_snils=snils_values(), account_snils=snils_values(), name=full_names())
def test_another_snils_is_refused_by_name_of_the_field(
    holder_snils: Snils, account_snils: Snils, name: FullName
) -> None:
    holder = QualifiedHolder(holder_snils, None, None, str(name))
    if holder_snils == account_snils:
        holder.check(account_snils, name)
    else:
        assert _code(holder, account_snils, name, None) == "esignature.snils_mismatch"


@given(name=full_names(), other=full_names(), snils=snils_values())
def test_another_name_is_refused_by_name_of_the_field(
    name: FullName, other: FullName, snils: Snils
) -> None:
    holder = QualifiedHolder(snils, None, None, str(other))
    if name.matches(other):
        holder.check(snils, name)
    else:
        assert _code(holder, snils, name, None) == "esignature.name_mismatch"


@given(holder_inn=inns(kind="person"), account_inn=inns(kind="person"), snils=snils_values())
def test_another_inn_is_refused_and_a_missing_one_is_not_a_mismatch(
    holder_inn: Inn, account_inn: Inn, snils: Snils
) -> None:
    QualifiedHolder(snils, None, None, None).check(snils, None, account_inn)
    holder = QualifiedHolder(snils, holder_inn.digits, None, None)
    if holder_inn == account_inn:
        holder.check(snils, None, account_inn)
    else:
        assert _code(holder, snils, None, account_inn) == "esignature.inn_mismatch"


def test_a_certificate_without_a_valid_snils_is_refused() -> None:
    plain = _certificate([x509.NameAttribute(NameOID.COMMON_NAME, "Иванов Иван")])
    bad = _certificate([x509.NameAttribute(SNILS_OID, "11223344594")])
    for cert in (plain, bad):
        with pytest.raises(AuthenticationFailed) as refused:
            read_holder(cert)
        assert refused.value.code == "esignature.snils_missing"


def test_the_name_falls_back_to_the_common_name_without_sn_and_gn() -> None:
    cert = _certificate([
        x509.NameAttribute(NameOID.COMMON_NAME, "Ёлкина Анна-Мария Петровна"),
        x509.NameAttribute(SNILS_OID, "11223344595"),
    ])  # fmt: skip
    holder = read_holder(cert)
    holder.check(Snils("11223344595"), FullName("Елкина", "Анна Мария", "Петровна"))
