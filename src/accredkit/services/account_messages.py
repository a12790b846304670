"""One-time codes as the accounts use cases send them, in Russian and English.

Codes go straight to the gateway inside the unit of work that stores their hash (the
outbox would keep the digits in storage); security notices go through the
transactional outbox (``accredkit.services.notifications.queue``).
"""

from __future__ import annotations

import attrs

from accredkit.domain.masks import mask_text
from accredkit.domain.otp import OtpPurpose
from accredkit.domain.person import Language

__all__ = ["Message", "code_message"]


@attrs.frozen
class Message:
    """A short message: a subject (for e-mail) and a body."""

    subject: str = attrs.field(repr=mask_text)
    body: str = attrs.field(repr=mask_text)


_CODE_PURPOSE = {
    OtpPurpose.CONFIRM_PHONE: ("подтверждения телефона", "to confirm your phone"),
    OtpPurpose.CONFIRM_EMAIL: ("подтверждения почты", "to confirm your e-mail address"),
    OtpPurpose.LOGIN_SMS: ("входа в кабинет", "to sign in"),
    OtpPurpose.RECOVERY: ("восстановления пароля", "to recover your password"),
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
