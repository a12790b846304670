"""What a qualified certificate says about its holder, and whether it is the account's.

The profile (Приказ ФСБ России № 795, п. 17–18) puts the holder's СНИЛС under OID
1.2.643.100.3, the ИНН of a person under 1.2.643.3.131.1.1, the ОГРН of an employer
under 1.2.643.100.1, the surname in ``SN`` (2.5.4.4) and the given name and patronymic
together in ``GN`` (2.5.4.42). A mismatch names the field (``docs/esignature.md``).
"""

from __future__ import annotations

import attrs
from cryptography import x509
from cryptography.x509.oid import NameOID

from accredkit.adapters.esignature.refusals import refuse
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.masks import mask_inn, mask_name
from accredkit.domain.person import FullName
from accredkit.errors import InvalidIdentifier

__all__ = ["INN_OID", "OGRN_OID", "SNILS_OID", "QualifiedHolder", "read_holder"]

SNILS_OID = x509.ObjectIdentifier("1.2.643.100.3")
INN_OID = x509.ObjectIdentifier("1.2.643.3.131.1.1")
OGRN_OID = x509.ObjectIdentifier("1.2.643.100.1")


@attrs.frozen
class QualifiedHolder:
    """The holder's identifiers and name as the certificate states them."""

    snils: Snils
    inn: str | None = attrs.field(repr=mask_inn)
    ogrn: str | None = attrs.field()
    name: str | None = attrs.field(repr=mask_name)

    def check(self, snils: Snils, name: FullName | None = None, inn: Inn | None = None) -> None:
        """Refuse unless the certificate is the account's.

        Raises:
            AuthenticationFailed: ``esignature.snils_mismatch``, ``esignature.name_mismatch``
                (the certificate names nobody, or someone else) or
                ``esignature.inn_mismatch`` (both carry an ИНН and they differ).
        """
        if self.snils != snils:
            raise refuse("esignature.snils_mismatch")
        if name is not None and (self.name is None or not name.matches(self.name)):
            raise refuse("esignature.name_mismatch")
        if (
            inn is not None
            and self.inn is not None
            and self.inn.lstrip("0") != inn.digits.lstrip("0")
        ):
            raise refuse("esignature.inn_mismatch")


def _text(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    if len(values) != 1:
        return None
    raw = values[0].value
    text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
    return text.strip() or None


def read_holder(cert: x509.Certificate) -> QualifiedHolder:
    """The holder of ``cert``.

    Raises:
        AuthenticationFailed: ``esignature.snils_missing`` — no valid СНИЛС under its OID.
    """
    subject = cert.subject
    raw_snils = _text(subject, SNILS_OID)
    if raw_snils is None:
        raise refuse("esignature.snils_missing")
    try:
        snils = Snils.parse(raw_snils)
    except InvalidIdentifier:
        raise refuse("esignature.snils_missing") from None
    surname, given = _text(subject, NameOID.SURNAME), _text(subject, NameOID.GIVEN_NAME)
    name = f"{surname} {given}" if surname and given else _text(subject, NameOID.COMMON_NAME)
    return QualifiedHolder(snils, _text(subject, INN_OID), _text(subject, OGRN_OID), name)
