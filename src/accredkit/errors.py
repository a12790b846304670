"""One hierarchy of errors for everything accredkit raises.

Every error carries a stable dotted ``code`` that hosts may match on, an English
message, a Russian message, and a hint in both languages telling the user what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, ClassVar

import attrs

__all__ = [
    "AccountLocked",
    "AccredkitError",
    "AuthenticationFailed",
    "ConfigurationError",
    "Conflict",
    "InvalidIdentifier",
    "JournalDamaged",
    "NotFound",
    "PermissionDenied",
    "PluginError",
    "PortUnavailable",
    "RateLimited",
    "TransitionNotAllowed",
    "ValidationError",
    "Violation",
    "WriteDeferred",
]


class AccredkitError(Exception):
    """Root of every accredkit error.

    Subclasses set class-level defaults; an instance may override any of them.
    """

    default_code: ClassVar[str] = "accredkit.error"
    default_hint_ru: ClassVar[str] = "Повторите попытку позже или обратитесь в поддержку."
    default_hint_en: ClassVar[str] = "Try again later or contact support."
    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        message_ru: str | None = None,
        hint_ru: str | None = None,
        hint_en: str | None = None,
        value: Any = None,
    ) -> None:
        self.code: str = code or self.default_code
        self.message: str = message
        self.message_ru: str = message_ru or message
        self.hint_ru: str = hint_ru or self.default_hint_ru
        self.hint_en: str = hint_en or self.default_hint_en
        self.value: Any = value
        super().__init__(f"{self.code}: {message}")

    def hint(self, lang: str = "ru") -> str:
        """The hint in ``lang`` (``ru`` or ``en``)."""
        return self.hint_en if lang == "en" else self.hint_ru

    def text(self, lang: str = "ru") -> str:
        """The message in ``lang`` (``ru`` or ``en``)."""
        return self.message if lang == "en" else self.message_ru

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for APIs and the command line."""
        return {
            "code": self.code,
            "message": self.message,
            "message_ru": self.message_ru,
            "hint_ru": self.hint_ru,
            "hint_en": self.hint_en,
        }


@attrs.frozen
class Violation:
    """One broken rule: a stable code, the field it concerns, and ru/en messages."""

    code: str
    field: str
    message_ru: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready view."""
        return attrs.asdict(self)


class ValidationError(AccredkitError, ValueError):
    """Input broke one or more rules; ``violations`` lists every one of them."""

    default_code = "validation.failed"
    default_hint_ru = "Исправьте отмеченные поля и отправьте снова."
    default_hint_en = "Correct the marked fields and submit again."

    def __init__(
        self,
        message: str,
        *,
        violations: Iterable[Violation] = (),
        code: str | None = None,
        message_ru: str | None = None,
        hint_ru: str | None = None,
        hint_en: str | None = None,
        value: Any = None,
    ) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        super().__init__(
            message,
            code=code,
            message_ru=message_ru,
            hint_ru=hint_ru,
            hint_en=hint_en,
            value=value,
        )

    @classmethod
    def of(cls, violations: Iterable[Violation], *, value: Any = None) -> ValidationError:
        """Build one error from many violations, its code taken from the first."""
        found = tuple(violations)
        if not found:
            raise ValueError("ValidationError.of needs at least one violation")
        first = found[0]
        return cls(
            "; ".join(v.message_en for v in found),
            message_ru="; ".join(v.message_ru for v in found),
            code=first.code,
            violations=found,
            value=value,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view that lists every violation."""
        data = super().to_dict()
        data["violations"] = [v.to_dict() for v in self.violations]
        return data


class InvalidIdentifier(ValidationError):
    """A СНИЛС, ИНН, ОГРН, phone or e-mail that does not parse or fails its check."""

    default_code = "identifier.invalid"
    default_hint_ru = (
        "Проверьте раскладку клавиатуры, количество цифр и контрольное число; "
        "номер можно вводить с пробелами и дефисами."
    )
    default_hint_en = (
        "Check the keyboard layout, the number of digits and the check digits; "
        "spaces and dashes are allowed."
    )


class ConfigurationError(AccredkitError, ValueError):
    """The configuration names something unknown, missing or malformed."""

    default_code = "config.invalid"
    default_hint_ru = "Проверьте файл настроек: ключ, схему адреса и путь."
    default_hint_en = "Check the configuration: the key, the URL scheme and the path."


class PluginError(AccredkitError):
    """A plugin registered something invalid; the message names the plugin."""

    default_code = "plugin.invalid"
    default_hint_ru = "Обновите или отключите указанный модуль расширения."
    default_hint_en = "Upgrade or disable the plugin named in the message."


class NotFound(AccredkitError, LookupError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    default_code = "not_found"
    default_hint_ru = "Проверьте номер или ссылку; возможно, запись удалена."
    default_hint_en = "Check the number or link; the record may have been removed."


class Conflict(AccredkitError):
    """Someone else changed the same record first (optimistic concurrency)."""

    default_code = "conflict"
    default_hint_ru = "Данные изменились, пока вы работали. Обновите страницу и повторите."
    default_hint_en = "The data changed while you were working. Reload and try again."
    retryable = True


class PermissionDenied(AccredkitError):
    """The actor may not do this."""

    default_code = "permission.denied"
    default_hint_ru = "У вас нет прав на это действие. Войдите под нужной учетной записью."
    default_hint_en = "You are not allowed to do this. Sign in with the right account."


class TransitionNotAllowed(AccredkitError):
    """An application cannot take this trigger in its state, or not from this role."""

    default_code = "application.transition_not_allowed"
    default_hint_ru = "Это действие недоступно для заявления в текущем статусе."
    default_hint_en = "This action is not available for the application in its status."

    def __init__(
        self,
        message: str,
        *,
        state: str,
        trigger: str,
        role: str,
        code: str | None = None,
        message_ru: str | None = None,
        hint_ru: str | None = None,
        hint_en: str | None = None,
    ) -> None:
        self.state = state
        self.trigger = trigger
        self.role = role
        super().__init__(
            message,
            code=code,
            message_ru=message_ru,
            hint_ru=hint_ru,
            hint_en=hint_en,
            value=(state, trigger, role),
        )


class AuthenticationFailed(AccredkitError):
    """Login, code or signature did not check out; says nothing about which part."""

    default_code = "auth.failed"
    default_hint_ru = "Неверный логин, пароль или код. Проверьте раскладку клавиатуры и Caps Lock."
    default_hint_en = "Wrong login, password or code. Check the keyboard layout and Caps Lock."


class AccountLocked(AuthenticationFailed):
    """Too many failures, or the operator blocked the account."""

    default_code = "auth.locked"
    default_hint_ru = "Вход временно заблокирован. Восстановите пароль или обратитесь в поддержку."
    default_hint_en = "Sign-in is locked. Recover your password or contact support."


class PortUnavailable(AccredkitError):
    """An outside service (SMS gateway, database, registry) did not answer; retry later."""

    default_code = "port.unavailable"
    default_hint_ru = "Сервис временно недоступен. Повторите попытку через несколько минут."
    default_hint_en = "The service is temporarily unavailable. Try again in a few minutes."
    retryable = True


class JournalDamaged(AccredkitError):
    """The audit journal no longer matches its signed checkpoints; nothing was signed."""

    default_code = "journal.damaged"
    default_hint_ru = (
        "Журнал операций изменен или восстановлен из старой копии. Не подписывайте новые "
        "контрольные точки: выполните «accredkit journal verify» и сообщите администратору."
    )
    default_hint_en = (
        "The audit journal was altered or restored from an old copy. Do not sign new "
        "checkpoints: run 'accredkit journal verify' and tell the administrator."
    )


class RateLimited(AccredkitError):
    """Too many requests of one kind in a short time (codes sent, logins tried).

    ``retry_after`` says how long to wait, where that is known.
    """

    default_code = "rate_limited"
    default_hint_ru = "Слишком много попыток. Подождите и повторите позже."
    default_hint_en = "Too many attempts. Wait a little and try again."
    retryable = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: timedelta | None = None,
        code: str | None = None,
        message_ru: str | None = None,
        hint_ru: str | None = None,
        hint_en: str | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            message,
            code=code,
            message_ru=message_ru,
            hint_ru=hint_ru,
            hint_en=hint_en,
            value=retry_after,
        )


class WriteDeferred(AccredkitError):
    """A use case run where only reads may happen (``Cabinet.reading_only``) wanted to commit.

    Nothing was written: the commit was refused before it reached storage. The host runs
    the same call again where a write may wait (a worker thread), as the web host does
    with a read whose session's idle timer is due to be stored (docs/web.md).
    """

    default_code = "storage.write_deferred"
    default_hint_ru = "Повторите попытку."
    default_hint_en = "Try again."
    retryable = True
