"""Where the cabinet keeps data about a person, why, and who receives it (152-ФЗ, ст. 14).

One ``Holding`` per collection that names an account: the field that links a record to
the person, the purpose of processing and the recipients. The subject report reads
them in this order; a test checks that no collection naming an account is missing.
"""

from __future__ import annotations

from typing import Any

import attrs

from accredkit.ports.storage import Collection
from accredkit.services.certificates.certificates import CERTIFICATES
from accredkit.services.schema import (
    ACCOUNTS,
    ACTS,
    APPLICATIONS,
    CHALLENGES,
    CLAIMS,
    CODES,
    DESTRUCTION_ACTS,
    ENROLMENTS,
    MESSAGES,
    OUTBOX,
    PASSKEY_CHALLENGES,
    PASSKEYS,
    PENDING_LOGINS,
    RECOVERIES,
    SESSIONS,
    SUBJECT_REQUESTS,
    TICKETS,
)

__all__ = ["HOLDINGS", "SECRET_FIELDS", "Holding"]

_BODY = ("аккредитационная комиссия", "the accrediting body")
_GATEWAYS = ("оператор SMS и почтовый сервер", "the SMS gateway and the mail server")
_ACCREDITATION = ("аккредитация специалиста", "accreditation of the specialist")
_LOGIN = ("вход в кабинет и его защита", "signing in and protecting the account")


@attrs.frozen
class Holding:
    """One collection holding data about a person.

    ``link`` is the field equal to the account id; ``"application_id"`` links through the
    person's applications, ``"recipient"`` through their phone and e-mail.
    """

    collection: Collection[Any]
    link: str
    purpose_ru: str
    purpose_en: str
    recipients_ru: tuple[str, ...] = ()
    recipients_en: tuple[str, ...] = ()


def _holding(
    collection: Collection[Any],
    link: str,
    purpose: tuple[str, str],
    *recipients: tuple[str, str],
) -> Holding:
    return Holding(
        collection,
        link,
        purpose[0],
        purpose[1],
        tuple(r[0] for r in recipients),
        tuple(r[1] for r in recipients),
    )


HOLDINGS: tuple[Holding, ...] = (
    _holding(ACCOUNTS, "id", ("учетная запись, проверка личности", "account, identity"), _BODY),
    _holding(CLAIMS, "account_id", _LOGIN),
    _holding(CODES, "account_id", _LOGIN, _GATEWAYS),
    _holding(SESSIONS, "account_id", _LOGIN),
    _holding(PENDING_LOGINS, "account_id", _LOGIN),
    _holding(CHALLENGES, "account_id", _LOGIN),
    _holding(ENROLMENTS, "account_id", _LOGIN),
    _holding(RECOVERIES, "account_id", _LOGIN),
    _holding(PASSKEYS, "account_id", _LOGIN),
    _holding(PASSKEY_CHALLENGES, "account_id", _LOGIN),
    _holding(APPLICATIONS, "applicant_id", _ACCREDITATION, _BODY),
    _holding(MESSAGES, "applicant_id", _ACCREDITATION, _BODY),
    _holding(ACTS, "application_id", _ACCREDITATION, _BODY),
    _holding(CERTIFICATES, "holder_account_id", _ACCREDITATION, _BODY),
    _holding(TICKETS, "account_id", ("поддержка", "support"), _BODY),
    _holding(OUTBOX, "recipient", ("уведомления", "notifications"), _GATEWAYS),
    _holding(SUBJECT_REQUESTS, "account_id", ("ответы на запросы субъекта", "subject requests")),
    _holding(DESTRUCTION_ACTS, "account_id", ("акты об уничтожении", "acts of destruction")),
)

SECRET_FIELDS = frozenset(
    {
        "password_hash",
        "totp_secret_sealed",
        "recovery_code_hashes",
        "code_hash",
        "token_hash",
        "secret_sealed",
        "nonce",
        "seal",
        "public_key",
        "challenge",
    }
)
"""Fields a report leaves out: secrets and signatures, not data about the person."""
