"""What stands between a user and the cabinet (``access_requirements``, docs/security.md).

Each missing requirement comes with a stable code and advice in Russian and English,
the way the cabinet's own help pages phrase it.
"""

from __future__ import annotations

import attrs

from accredkit.domain.accounts.account import Account, AccountStatus, SecondFactor

__all__ = ["Requirement", "access_requirements"]


@attrs.frozen
class Requirement:
    """One unmet condition for using the cabinet, with what to do about it."""

    code: str
    message_ru: str
    message_en: str

    def text(self, lang: str = "ru") -> str:
        """The advice in ``lang`` (``ru`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_ru


NOT_BLOCKED = Requirement(
    "access.blocked",
    "Учетная запись заблокирована оператором. Обратитесь в поддержку, указав причину "
    "из уведомления.",
    "The operator blocked the account. Contact support and quote the reason from the notice.",
)
VERIFIED = Requirement(
    "access.not_verified",
    "Учетная запись не подтверждена: завершите шаги ниже.",
    "The account is not verified yet: complete the steps below.",
)
PHONE = Requirement(
    "access.phone_unconfirmed",
    "Подтвердите номер телефона кодом из SMS.",
    "Confirm your phone number with the code from the SMS.",
)
EMAIL = Requirement(
    "access.email_unconfirmed",
    "Подтвердите адрес электронной почты кодом из письма (проверьте папку «Спам»).",
    "Confirm your e-mail address with the code from the message (check the spam folder).",
)
SECOND_FACTOR = Requirement(
    "access.second_factor_missing",
    "Подключите второй фактор: приложение-аутентификатор, коды по SMS или ключ доступа.",
    "Set up a second factor: an authenticator app, SMS codes or a passkey.",
)
PERSONAL_DATA = Requirement(
    "access.personal_data_outdated",
    "Актуализируйте персональные данные: дайте согласие на обработку по действующей "
    "редакции и дождитесь проверки документов, удостоверяющих личность.",
    "Bring your personal data up to date: consent to the current version of the "
    "processing terms and wait for your identity documents to be checked.",
)
REGISTRY_LINK = Requirement(
    "access.registry_link_missing",
    "Запись в регистре медицинских работников по вашему СНИЛС не найдена или ФИО и дата "
    "рождения в ней отличаются. Обратитесь в отдел кадров работодателя.",
    "No matching entry in the register of medical workers for your SNILS, or its name and "
    "birth date differ. Ask your employer's HR department.",
)


def access_requirements(
    account: Account, *, consent_version: str | None = None
) -> tuple[Requirement, ...]:
    """Every requirement ``account`` does not meet yet; empty means full access.

    Args:
        account: the account.
        consent_version: the consent text in force; an account that consented to an
            older one must consent again. ``None`` accepts any recorded consent.

    Returns:
        Requirements in the order a user should deal with them.
    """
    missing: list[Requirement] = []
    if account.status is AccountStatus.BLOCKED:
        missing.append(NOT_BLOCKED)
    if account.status is not AccountStatus.VERIFIED and not account.verification_complete:
        missing.append(VERIFIED)
    if not account.phone_confirmed:
        missing.append(PHONE)
    if not account.email_confirmed:
        missing.append(EMAIL)
    if account.second_factor is SecondFactor.NONE:
        missing.append(SECOND_FACTOR)
    consent = account.consent
    consent_current = consent is not None and (
        consent_version is None or consent.document_version == consent_version
    )
    if not consent_current or not account.identity_documents_accepted:
        missing.append(PERSONAL_DATA)
    if not account.registry_link_current:
        missing.append(REGISTRY_LINK)
    return tuple(missing)
