"""The texts of every message the cabinet sends, in Russian and English (docs/notifications.md).

The words only: which parameters each needs, its subject and its text per language.
How they are filled in and shown is ``templates.py``.
"""

from __future__ import annotations

import attrs

__all__ = ["OTHER_TEMPLATES", "STATUS_TEXTS", "Template", "status_template", "status_templates"]

# (status value, ru label, en label, ru text, en text) — docs/lifecycle.md.
STATUS_TEXTS = (
    (
        "draft",
        "черновик",
        "draft",
        "Заявление {application} сохранено как черновик.",
        "Application {application} has been saved as a draft.",
    ),
    (
        "submitted",
        "подано",
        "submitted",
        "Заявление {application} подано. Выполняются автоматические проверки.",
        "Application {application} has been submitted. Automatic checks are running.",
    ),
    (
        "processing",
        "в обработке",
        "processing",
        "Заявление {application} принято в обработку: документы проверяет аккредитующий орган.",
        "Application {application} is being processed: the accrediting body is checking "
        "the documents.",
    ),
    (
        "under_review",
        "на согласовании",
        "under review",
        "Заявление {application} передано на согласование комиссии.",
        "Application {application} has been passed to the commission for a decision.",
    ),
    (
        "needs_info",
        "требуются сведения",
        "information needed",
        "По заявлению {application} требуются дополнительные сведения. "
        "Подробности — в личном кабинете.",
        "More information is needed for application {application}. "
        "See the details in your cabinet.",
    ),
    (
        "approved",
        "одобрено",
        "approved",
        "Заявление {application} одобрено. Свидетельство об аккредитации доступно "
        "в личном кабинете.",
        "Application {application} has been approved. Your accreditation certificate "
        "is available in your cabinet.",
    ),
    (
        "rejected",
        "отклонено",
        "rejected",
        "Заявление {application} отклонено. Причины указаны в личном кабинете.",
        "Application {application} has been rejected. The reasons are in your cabinet.",
    ),
    (
        "withdrawn",
        "отозвано",
        "withdrawn",
        "Заявление {application} отозвано.",
        "Application {application} has been withdrawn.",
    ),
)


@attrs.frozen
class Template:
    """One message in both languages. ``secret`` ones are scrubbed once delivered."""

    key: str
    params: tuple[str, ...]
    subject_ru: str
    subject_en: str
    text_ru: str
    text_en: str
    secret: bool = False


def status_template(status: str) -> str:
    """The template key announcing that an application moved to ``status``."""
    return f"application.status.{status}"


def status_templates() -> dict[str, Template]:
    """One template per application status, announcing the move to it."""
    return {
        status_template(status): Template(
            key=status_template(status),
            params=("application",),
            subject_ru=f"Заявление {{application}}: {label_ru}",
            subject_en=f"Application {{application}}: {label_en}",
            text_ru=text_ru,
            text_en=text_en,
        )
        for status, label_ru, label_en, text_ru, text_en in STATUS_TEXTS
    }


OTHER_TEMPLATES = (
    Template(
        key="application.info_requested",
        params=("application", "deadline"),
        subject_ru="Запрос сведений по заявлению {application}",
        subject_en="Information requested for application {application}",
        text_ru="Аккредитующий орган запросил дополнительные сведения по заявлению "
        "{application}. Ответьте в личном кабинете до {deadline}.",
        text_en="The accrediting body has asked for more information on application "
        "{application}. Please answer in your cabinet by {deadline}.",
    ),
    Template(
        key="application.info_deadline",
        params=("application", "deadline", "days"),
        subject_ru="Истекает срок ответа по заявлению {application}",
        subject_en="The answer for application {application} is due soon",
        text_ru="Срок ответа на запрос сведений по заявлению {application} истекает "
        "{deadline} (через {days_text}). Без ответа заявление будет отозвано.",
        text_en="The answer to the information request on application {application} is "
        "due on {deadline} (in {days_text}). Without it the application is withdrawn.",
    ),
    Template(
        key="message.received",
        params=("application",),
        subject_ru="Новое сообщение по заявлению {application}",
        subject_en="A new message on application {application}",
        text_ru="Аккредитующий орган написал вам по заявлению {application}. Прочитайте "
        "сообщение в личном кабинете.",
        text_en="The accrediting body has written to you about application {application}. "
        "Read the message in your cabinet.",
    ),
    Template(
        key="certificate.revoked",
        params=("number",),
        subject_ru="Свидетельство об аккредитации {number} аннулировано",
        subject_en="Accreditation certificate {number} has been revoked",
        text_ru="Свидетельство об аккредитации № {number} аннулировано. Причина указана в "
        "личном кабинете.",
        text_en="Accreditation certificate No. {number} has been revoked. The reason is "
        "shown in your cabinet.",
    ),
    Template(
        key="ticket.answered",
        params=("number",),
        subject_ru="Ответ на обращение {number}",
        subject_en="An answer to support request {number}",
        text_ru="Поддержка ответила на обращение № {number}. Ответ — в личном кабинете.",
        text_en="Support has answered request No. {number}. The answer is in your cabinet.",
    ),
    Template(
        key="certificate.expiring",
        params=("number", "valid_until", "days"),
        subject_ru="Истекает срок действия свидетельства об аккредитации {number}",
        subject_en="Your accreditation certificate {number} expires soon",
        text_ru="Срок действия свидетельства об аккредитации № {number} истекает "
        "{valid_until} (через {days_text}). Подайте заявление на повторную "
        "аккредитацию заранее.",
        text_en="Accreditation certificate No. {number} expires on {valid_until} "
        "(in {days_text}). Apply for repeat accreditation in good time.",
    ),
    Template(
        key="account.password_recovery",
        params=("code", "minutes"),
        subject_ru="Восстановление пароля",
        subject_en="Password recovery",
        text_ru="Код для восстановления пароля: {code}. Действует {minutes} мин. "
        "Никому не сообщайте код. Если вы не запрашивали восстановление, "
        "обратитесь в поддержку.",
        text_en="Your password recovery code: {code}. Valid for {minutes} min. "
        "Never share it. If you did not ask to recover your password, contact support.",
        secret=True,
    ),
    Template(
        key="account.one_time_code",
        params=("code", "minutes"),
        subject_ru="Код подтверждения",
        subject_en="Confirmation code",
        text_ru="Код подтверждения: {code}. Действует {minutes} мин. Никому не сообщайте код.",
        text_en="Confirmation code: {code}. Valid for {minutes} min. Never share it.",
        secret=True,
    ),
    Template(
        key="account.phone_code",
        params=("code", "minutes"),
        subject_ru="Код accredkit",
        subject_en="accredkit code",
        text_ru="Код для подтверждения телефона: {code}. Действует {minutes} мин. "
        "Никому его не сообщайте.",
        text_en="Your code to confirm your phone: {code}. It is valid for {minutes} min. "
        "Never tell it to anyone.",
        secret=True,
    ),
    Template(
        key="account.email_code",
        params=("code", "minutes"),
        subject_ru="Код accredkit",
        subject_en="accredkit code",
        text_ru="Код для подтверждения почты: {code}. Действует {minutes} мин. "
        "Никому его не сообщайте.",
        text_en="Your code to confirm your e-mail address: {code}. It is valid for "
        "{minutes} min. Never tell it to anyone.",
        secret=True,
    ),
    Template(
        key="account.login_code",
        params=("code", "minutes"),
        subject_ru="Код accredkit",
        subject_en="accredkit code",
        text_ru="Код для входа в кабинет: {code}. Действует {minutes} мин. "
        "Никому его не сообщайте.",
        text_en="Your code to sign in: {code}. It is valid for {minutes} min. "
        "Never tell it to anyone.",
        secret=True,
    ),
    Template(
        key="account.password_changed",
        params=(),
        subject_ru="Пароль изменен",
        subject_en="Password changed",
        text_ru="Пароль от личного кабинета изменен. Если это были не вы, восстановите "
        "пароль и обратитесь в поддержку.",
        text_en="Your cabinet password was changed. If this was not you, recover your "
        "password and contact support.",
    ),
    Template(
        key="account.consent_withdrawn",
        params=(),
        subject_ru="Согласие на обработку персональных данных отозвано",
        subject_en="Consent to personal data processing withdrawn",
        text_ru="Вы отозвали согласие. Прекращаются: новые заявления на аккредитацию, "
        "уведомления о ходе заявлений и напоминания. Сохраняются, как требует закон: "
        "решения, акты и свидетельства об аккредитации.",
        text_en="You withdrew your consent. Stopped: new applications for accreditation, "
        "status notifications and reminders. Kept, as the law requires: decisions, acts "
        "and accreditation certificates.",
    ),
    Template(
        key="account.blocked",
        params=("reason",),
        subject_ru="Учетная запись заблокирована",
        subject_en="Account blocked",
        text_ru="Оператор заблокировал учетную запись. Причина: {reason}",
        text_en="The operator blocked your account. Reason: {reason}",
    ),
    Template(
        key="account.documents_returned",
        params=("reason",),
        subject_ru="Документы возвращены",
        subject_en="Documents returned",
        text_ru="Оператор вернул документы учетной записи. Причина: {reason}. "
        "Загрузите исправленные документы в личном кабинете.",
        text_en="The operator returned your account's documents. Reason: {reason}. "
        "Upload corrected documents in your cabinet.",
    ),
    Template(
        key="account.unblocked",
        params=(),
        subject_ru="Учетная запись разблокирована",
        subject_en="Account unblocked",
        text_ru="Блокировка учетной записи снята, вход снова доступен.",
        text_en="Your account is unblocked; you can sign in again.",
    ),
    Template(
        key="account.locked",
        params=(),
        subject_ru="Вход заблокирован",
        subject_en="Sign-in locked",
        text_ru="Слишком много неудачных попыток входа. Восстановите пароль, чтобы снова войти.",
        text_en="Too many failed sign-in attempts. Recover your password to sign in again.",
    ),
    Template(
        key="account.registration_attempt",
        params=(),
        subject_ru="Попытка регистрации с вашими данными",
        subject_en="Someone tried to register with your details",
        text_ru="Кто-то пытался зарегистрировать новую учетную запись с вашими данными "
        "(СНИЛС, телефон, почта или ИНН). Новая запись не создана. Если это были вы, "
        "войдите или восстановите пароль; если нет, обратитесь в поддержку.",
        text_en="Someone tried to register a new account with your details (SNILS, phone, "
        "e-mail or INN). No new account was created. If this was you, sign in or recover "
        "your password; if not, contact support.",
    ),
    Template(
        key="account.passkey_added",
        params=(),
        subject_ru="Добавлен ключ доступа",
        subject_en="Passkey added",
        text_ru="К учетной записи подключен новый ключ доступа. Если это были не вы, "
        "удалите его в настройках и обратитесь в поддержку.",
        text_en="A new passkey was added to your account. If this was not you, remove it "
        "in the settings and contact support.",
    ),
    Template(
        key="account.passkey_removed",
        params=(),
        subject_ru="Удален ключ доступа",
        subject_en="Passkey removed",
        text_ru="Из учетной записи удален ключ доступа. Если это были не вы, обратитесь "
        "в поддержку.",
        text_en="A passkey was removed from your account. If this was not you, contact support.",
    ),
    Template(
        key="account.phone_changed",
        params=(),
        subject_ru="Изменен номер телефона",
        subject_en="Phone number changed",
        text_ru="В учетной записи изменен номер телефона. Если это были не вы, обратитесь "
        "в поддержку.",
        text_en="The phone number of your account was changed. If this was not you, "
        "contact support.",
    ),
    Template(
        key="account.email_changed",
        params=(),
        subject_ru="Изменен адрес почты",
        subject_en="E-mail address changed",
        text_ru="В учетной записи изменен адрес электронной почты. Если это были не вы, "
        "обратитесь в поддержку.",
        text_en="The e-mail address of your account was changed. If this was not you, "
        "contact support.",
    ),
)
