"""The refusals of e-signature verification: one code each, messages in both languages.

Shared by every verifier (the built-in ones and plugins such as ``accredkit-gost``) so
the same failure carries the same ``esignature.*`` code whatever the algorithm
(``docs/esignature.md`` lists them).
"""

from __future__ import annotations

from accredkit.errors import AuthenticationFailed

__all__ = ["MESSAGES", "refuse", "signature_looks_like_cms"]

MESSAGES = {
    "esignature.certificate_malformed": (
        "Файл сертификата поврежден или имеет неверный формат (нужен PEM).",
        "The certificate file is damaged or not in PEM format.",
    ),
    "esignature.certificate_expired": (
        "Срок действия сертификата истек. Получите новый сертификат в удостоверяющем центре.",
        "The certificate has expired. Get a new one from your certification authority.",
    ),
    "esignature.certificate_not_yet_valid": (
        "Сертификат еще не начал действовать. Проверьте дату и время на компьютере.",
        "The certificate is not valid yet. Check the date and time on your computer.",
    ),
    "esignature.not_end_entity": (
        "Это сертификат удостоверяющего центра, а не ваш личный.",
        "This is a certification authority's certificate, not your personal one.",
    ),
    "esignature.key_usage": (
        "Сертификат не предназначен для электронной подписи.",
        "The certificate is not meant for digital signatures.",
    ),
    "esignature.untrusted": (
        "Сертификат выдан не аккредитованным удостоверяющим центром или цепочка неполна.",
        "The certificate was not issued by a trusted certification authority, "
        "or its chain is incomplete.",
    ),
    "esignature.snils_missing": (
        "В сертификате нет СНИЛС владельца; нужен сертификат физического лица.",
        "The certificate carries no SNILS; a personal certificate is needed.",
    ),
    "esignature.snils_mismatch": (
        "Сертификат выдан на другой СНИЛС. Подпишите своим сертификатом.",
        "The certificate belongs to another SNILS. Sign with your own certificate.",
    ),
    "esignature.unsupported_algorithm": (
        "Алгоритм подписи не поддерживается этим модулем проверки.",
        "This verifier does not support the certificate's signature algorithm.",
    ),
    "esignature.bad_signature": (
        "Подпись не сходится: подписаны другие данные или другим ключом.",
        "The signature does not match: other data or another key was used.",
    ),
    "esignature.signature_malformed": (
        "Файл подписи поврежден: нужна отсоединенная подпись CMS (.sig, DER или PEM).",
        "The signature file is damaged: a detached CMS signature (.sig, DER or PEM) is needed.",
    ),
    "esignature.signer_certificate_missing": (
        "В подписи нет сертификата подписанта; приложите файл сертификата.",
        "The signature carries no signer certificate; attach the certificate file.",
    ),
    "esignature.signing_time": (
        "Время подписи вне срока действия сертификата.",
        "The signing time lies outside the certificate's validity.",
    ),
    "esignature.revoked": (
        "Сертификат отозван удостоверяющим центром. Получите новый сертификат.",
        "The certificate has been revoked by its certification authority. Get a new one.",
    ),
    "esignature.crl_missing": (
        "Нет списка отзыва (CRL) удостоверяющего центра; проверить сертификат нельзя.",
        "There is no revocation list (CRL) for the certification authority; "
        "the certificate cannot be checked.",
    ),
    "esignature.crl_stale": (
        "Список отзыва (CRL) удостоверяющего центра устарел; проверка временно невозможна.",
        "The certification authority's revocation list (CRL) is out of date; "
        "checking is not possible for now.",
    ),
    "esignature.crl_invalid": (
        "Список отзыва (CRL) не подписан удостоверяющим центром.",
        "The revocation list (CRL) is not signed by the certification authority.",
    ),
    "esignature.name_mismatch": (
        "ФИО в сертификате (поля SN и GN) не совпадает с ФИО в учетной записи.",
        "The name in the certificate (SN and GN) differs from the account's name.",
    ),
    "esignature.inn_mismatch": (
        "ИНН в сертификате (OID 1.2.643.3.131.1.1) не совпадает с ИНН в учетной записи.",
        "The INN in the certificate (OID 1.2.643.3.131.1.1) differs from the account's INN.",
    ),
}


def refuse(code: str) -> AuthenticationFailed:
    """The ``AuthenticationFailed`` for ``code``, with its messages as hints."""
    ru, en = MESSAGES[code]
    return AuthenticationFailed(en, message_ru=ru, code=code, hint_ru=ru, hint_en=en)


# id-signedData, 1.2.840.113549.1.7.2, as DER content bytes.
_SIGNED_DATA_OID = bytes.fromhex("2a864886f70d010702")


def signature_looks_like_cms(signature: bytes) -> bool:
    """Whether ``signature`` is a CMS ``SignedData`` (DER or PEM) rather than a raw one."""
    head = signature.lstrip()[:64]
    if head.startswith(b"-----BEGIN"):
        return True
    return head[:1] == b"\x30" and _SIGNED_DATA_OID in head
