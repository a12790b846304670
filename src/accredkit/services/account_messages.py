"""What the accounts use cases tell people by SMS and e-mail, in Russian and English."""

from __future__ import annotations

import attrs

from accredkit.domain.otp import OtpPurpose
from accredkit.domain.person import Language

__all__ = ["Message", "code_message", "notice"]


@attrs.frozen
class Message:
    """A short message: a subject (for e-mail) and a body."""

    subject: str
    body: str


_CODE_PURPOSE = {
    OtpPurpose.CONFIRM_PHONE: ("подтверждения телефона", "to confirm your phone"),
    OtpPurpose.CONFIRM_EMAIL: ("подтверждения почты", "to confirm your e-mail address"),
    OtpPurpose.LOGIN_SMS: ("входа в кабинет", "to sign in"),
    OtpPurpose.RECOVERY: ("восстановления пароля", "to recover your password"),
}

_NOTICES = {
    "password_changed": (
        "Пароль изменен",
        "Пароль от личного кабинета изменен. Если это были не вы, восстановите пароль и "
        "обратитесь в поддержку.",
        "Password changed",
        "Your cabinet password was changed. If this was not you, recover your password and "
        "contact support.",
    ),
    "blocked": (
        "Учетная запись заблокирована",
        "Оператор заблокировал учетную запись. Причина: {reason}",
        "Account blocked",
        "The operator blocked your account. Reason: {reason}",
    ),
    "unblocked": (
        "Учетная запись разблокирована",
        "Блокировка учетной записи снята, вход снова доступен.",
        "Account unblocked",
        "Your account is unblocked; you can sign in again.",
    ),
    "phone_changed": (
        "Изменен номер телефона",
        "В учетной записи изменен номер телефона. Если это были не вы, обратитесь в поддержку.",
        "Phone number changed",
        "The phone number of your account was changed. If this was not you, contact support.",
    ),
    "email_changed": (
        "Изменен адрес почты",
        "В учетной записи изменен адрес электронной почты. Если это были не вы, обратитесь "
        "в поддержку.",
        "E-mail address changed",
        "The e-mail address of your account was changed. If this was not you, contact support.",
    ),
    "locked": (
        "Вход заблокирован",
        "Слишком много неудачных попыток входа. Восстановите пароль, чтобы снова войти.",
        "Sign-in locked",
        "Too many failed sign-in attempts. Recover your password to sign in again.",
    ),
}


def code_message(purpose: OtpPurpose, code: str, language: Language, minutes: int = 5) -> Message:
    """The message carrying a one-time code; it says what the code is for."""
    ru, en = _CODE_PURPOSE[purpose]
    if language is Language.EN:
        return Message(
            "accredkit code",
            f"Your code {en}: {code}. It is valid for {minutes} min. Never tell it to anyone.",
        )
    return Message(
        "Код accredkit",
        f"Код для {ru}: {code}. Действует {minutes} мин. Никому его не сообщайте.",
    )


def notice(kind: str, language: Language, **values: str) -> Message:
    """A security notice (``password_changed``, ``blocked``…) in ``language``."""
    ru_subject, ru_body, en_subject, en_body = _NOTICES[kind]
    if language is Language.EN:
        return Message(en_subject, en_body.format(**values))
    return Message(ru_subject, ru_body.format(**values))
