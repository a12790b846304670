"""Offline verification of exported certificates, acts and revocation lists.

``verify_certificate(file, trusted)`` needs no database and no network: the file, the
key or CA certificate the verifier already trusts, a day to judge validity on, and —
optionally — a revocation list. Every refusal has a stable code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from os import PathLike
from pathlib import Path
from typing import IO, Any

import attrs

from accredkit.adapters.crypto.seal_verification import Trusted, check_seal, load_trusted
from accredkit.domain.certificates.acts import ACT_KIND
from accredkit.domain.certificates.certificate import CERTIFICATE_KIND, parse_certificate_number
from accredkit.domain.certificates.signed import MAX_ENVELOPE_BYTES, Envelope, parse_envelope
from accredkit.domain.moscow import moscow_date
from accredkit.errors import ValidationError, Violation

__all__ = ["CertificateVerdict", "verify_act", "verify_certificate"]

REVOCATION_LIST_KIND = "revocation-list"
Source = bytes | str | PathLike[str] | IO[bytes]

_MESSAGES = {
    "valid": ("the document is genuine and valid", "Документ подлинный и действителен."),
    "malformed": (
        "the file is not a signed accredkit document of this kind",
        "Файл не является подписанным документом этого вида.",
    ),
    "tampered": (
        "the document was changed after signing: its signature does not match",
        "Документ изменён после подписания: подпись не сходится.",
    ),
    "untrusted": (
        "the signature is intact but the signer is not trusted",
        "Подпись цела, но подписавший не входит в число доверенных.",
    ),
    "not_yet_valid": (
        "the certificate is not valid yet on the given day",
        "На указанную дату срок действия ещё не начался.",
    ),
    "expired": ("the certificate has expired", "Срок действия свидетельства истёк."),
    "revoked": ("the certificate has been revoked", "Свидетельство аннулировано."),
    "revocation_list_invalid": (
        "the revocation list is damaged or not signed by a trusted issuer",
        "Список аннулированных свидетельств повреждён или подписан недоверенным ключом.",
    ),
}


@attrs.frozen
class CertificateVerdict:
    """What a verifier concluded; ``ok`` only for a genuine, trusted, current document.

    ``code`` is stable (``certificate.tampered``, ``act.valid``…); ``payload`` holds the
    signed fields once the signature has been found intact, else ``None``.
    """

    ok: bool
    code: str
    message_en: str
    message_ru: str
    payload: Mapping[str, Any] | None = None
    key_id: str | None = None
    trusted_by: str | None = None

    @property
    def number(self) -> str | None:
        """The certificate number, when the signature held."""
        value = (self.payload or {}).get("number")
        return value if isinstance(value, str) else None


def _verdict(
    kind: str,
    outcome: str,
    sealed: _Sealed | None = None,
    *,
    show_payload: bool = True,
) -> CertificateVerdict:
    en, ru = _MESSAGES[outcome]
    envelope = None if sealed is None else sealed.envelope
    return CertificateVerdict(
        ok=outcome == "valid",
        code=f"{kind}.{outcome}",
        message_en=en,
        message_ru=ru,
        payload=envelope.payload if envelope is not None and show_payload else None,
        key_id=None if envelope is None else envelope.seal.key_id,
        trusted_by=None if sealed is None else sealed.trusted_by,
    )


@attrs.frozen
class _Sealed:
    envelope: Envelope
    trusted_by: str | None = None


def _read(source: Source) -> bytes:
    """The file's bytes, at most one byte past the size the parser accepts."""
    limit = MAX_ENVELOPE_BYTES + 1
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | PathLike):
        try:
            with Path(source).open("rb") as handle:
                return handle.read(limit)
        except OSError as error:
            raise ValidationError.of(
                (
                    Violation(
                        "signed.unreadable",
                        "file",
                        "Файл не удалось прочитать.",
                        f"the file cannot be read: {error.strerror}",
                    ),
                )
            ) from error
    data = source.read(limit)
    return data if isinstance(data, bytes) else b""


def _day(at: date | datetime | None) -> date:
    if at is None:
        return moscow_date(datetime.now(UTC))
    if isinstance(at, datetime):
        return moscow_date(at)
    return at


def _iso_day(payload: Mapping[str, Any], key: str) -> date:
    value = payload.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} missing")
    return date.fromisoformat(value[:10])


def _sealed(
    kind: str, source: Source, trusted: Trusted, signed_on_key: str
) -> _Sealed | CertificateVerdict:
    """The envelope if intact and trusted, else the refusal (no payload shown)."""
    try:
        envelope = parse_envelope(_read(source))
    except ValidationError:
        return _verdict(kind, "malformed")
    if envelope.kind != kind:
        return _verdict(kind, "malformed", _Sealed(envelope), show_payload=False)
    if not envelope.digest_agrees():
        return _verdict(kind, "tampered", _Sealed(envelope), show_payload=False)
    try:
        signed_on = _iso_day(envelope.payload, signed_on_key)
    except ValueError:
        return _verdict(kind, "tampered", _Sealed(envelope), show_payload=False)
    check = check_seal(envelope, load_trusted(trusted), signed_on)
    if check.problem is not None:
        return _verdict(kind, check.problem, _Sealed(envelope), show_payload=False)
    return _Sealed(envelope, check.trusted_by)


def verify_certificate(
    file: Source,
    trusted: Trusted,
    *,
    at: date | datetime | None = None,
    revocations: Source | Iterable[str] | None = None,
) -> CertificateVerdict:
    """Check an exported certificate offline.

    Args:
        file: the exported file (bytes, a path or a binary file object).
        trusted: PEM public key(s) and/or CA certificate(s) — bytes, text, paths.
        at: the day to judge validity on (a moment counts by its Moscow date; today by default).
        revocations: a signed revocation list exported by the issuer (checked
            against the same ``trusted``), or certificate ids/numbers known revoked.

    Returns:
        A verdict; ``ok`` only if genuine, trusted, within its dates and not revoked.
        Codes: ``certificate.valid``, ``.malformed``, ``.tampered``, ``.untrusted``,
        ``.not_yet_valid``, ``.expired``, ``.revoked``, ``.revocation_list_invalid``.

    Raises:
        ConfigurationError: ``trusted`` holds no usable key or certificate.
    """
    kind = CERTIFICATE_KIND
    sealed = _sealed(kind, file, trusted, "issued_on")
    if isinstance(sealed, CertificateVerdict):
        return sealed
    payload = sealed.envelope.payload
    try:
        issued_on = _iso_day(payload, "issued_on")
        valid_until = _iso_day(payload, "valid_until")
        number = parse_certificate_number(str(payload.get("number")))
    except (ValueError, ValidationError):
        return _verdict(kind, "malformed", sealed)
    day = _day(at)
    if revocations is not None:
        revoked = _revoked(revocations, trusted)
        if revoked is None:
            return _verdict(kind, "revocation_list_invalid", sealed)
        if number in revoked or payload.get("id") in revoked:
            return _verdict(kind, "revoked", sealed)
    if day < issued_on:
        return _verdict(kind, "not_yet_valid", sealed)
    if day > valid_until:
        return _verdict(kind, "expired", sealed)
    return _verdict(kind, "valid", sealed)


def _revoked(revocations: Source | Iterable[str], trusted: Trusted) -> set[str] | None:
    if isinstance(revocations, bytes | str | PathLike) or hasattr(revocations, "read"):
        source: Source = revocations  # type: ignore[assignment]
        sealed = _sealed(REVOCATION_LIST_KIND, source, trusted, "issued_at")
        if isinstance(sealed, CertificateVerdict):
            return None
        entries = sealed.envelope.payload.get("revoked")
        if not isinstance(entries, list):
            return None
        return {
            str(entry.get(key))
            for entry in entries
            if isinstance(entry, dict)
            for key in ("id", "number")
        }
    return {str(item) for item in revocations}


def verify_act(file: Source, trusted: Trusted) -> CertificateVerdict:
    """Check an exported act offline: intact and signed by a trusted issuer.

    Codes: ``act.valid``, ``act.malformed``, ``act.tampered``, ``act.untrusted``.

    Raises:
        ConfigurationError: ``trusted`` holds no usable key or certificate.
    """
    sealed = _sealed(ACT_KIND, file, trusted, "decided_at")
    if isinstance(sealed, CertificateVerdict):
        return sealed
    return _verdict(ACT_KIND, "valid", sealed)
