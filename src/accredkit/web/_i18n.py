"""The pages' English: each Russian text of the templates and its translation.

Russian is the cabinet's language; a text missing here is shown in Russian.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["EN", "translate"]

EN: Final[Mapping[str, str]] = {
    "Кабинет аккредитации": "Accreditation cabinet",
    "К содержанию": "Skip to content",
    "Разделы": "Sections",
    "Мои заявления": "My applications",
    "Требования к учетной записи": "Account requirements",
    "История и документы": "History and documents",
    "Поддержка": "Support",
    "Проверка свидетельства": "Certificate check",
    "Выйти": "Sign out",
    "Сессия завершится после 15 минут без действий; каждое действие продлевает ее.": (
        "The session ends after 15 minutes without activity; every action extends it."
    ),
    "Без действий сессия завершится в": "Without activity the session ends at",
    "каждое действие продлевает ее.": "every action extends it.",
    "Кабинет аккредитации медицинских работников": "Accreditation cabinet of medical workers",
    "Ошибка": "Error",
    "Действие не выполнено": "The action was not done",
    "На главную": "Home",
    "Добро пожаловать": "Welcome",
    "Подайте заявление на аккредитацию, следите за его статусом и получите свидетельство.": (
        "Apply for accreditation, follow its status and receive the certificate."
    ),
    "Войти": "Sign in",
    "Зарегистрироваться": "Register",
    "Проверить свидетельство по номеру": "Check a certificate by its number",
    "Регистрация": "Registration",
    "Кто вы": "About you",
    "Фамилия": "Last name",
    "Имя": "First name",
    "Отчество": "Middle name",
    "Дата рождения": "Date of birth",
    "СНИЛС": "SNILS",
    "ДД.ММ.ГГГГ": "DD.MM.YYYY",
    "11 цифр, например 112-233-445 95": "11 digits, for example 112-233-445 95",
    "Контакты и пароль": "Contacts and password",
    "Телефон": "Phone",
    "Электронная почта": "E-mail",
    "Пароль": "Password",
    "Не короче 12 символов; не из списка распространенных": (
        "At least 12 characters; not a common password"
    ),
    "Согласен на обработку персональных данных": "I consent to the processing of my personal data",
    "Коды подтверждения": "Confirmation codes",
    "Подтвердите телефон и почту": "Confirm your phone and e-mail",
    "Мы отправили по коду из 6 цифр в SMS и на электронную почту.": (
        "We sent a 6-digit code by SMS and one by e-mail."
    ),
    "Телефон подтвержден.": "The phone is confirmed.",
    "Код из SMS": "Code from the SMS",
    "Код из письма": "Code from the e-mail",
    "Подтвердить": "Confirm",
    "Учетная запись создана": "Account created",
    "Телефон и почта подтверждены.": "The phone and the e-mail are confirmed.",
    "Оператор проверит документы, удостоверяющие личность, и сверит СНИЛС с регистром. "
    "При первом входе понадобится электронная подпись.": (
        "An operator checks your identity documents and matches the SNILS with the register. "
        "The first sign-in needs your e-signature."
    ),
    "Вход": "Sign in",
    "СНИЛС, ИНН, почта или телефон": "SNILS, INN, e-mail or phone",
    "Второй фактор": "Second factor",
    "Подтвердите вход": "Confirm the sign-in",
    "Код из приложения-аутентификатора": "Code from the authenticator app",
    "Или один из кодов восстановления": "Or one of your recovery codes",
    "Электронная подпись": "E-signature",
    "Первый вход: электронная подпись": "First sign-in: e-signature",
    "Подпишите строку ниже своей квалифицированной электронной подписью и вставьте подпись "
    "и сертификат.": (
        "Sign the string below with your qualified e-signature and paste the signature "
        "and the certificate."
    ),
    "Строка для подписи (base64)": "String to sign (base64)",
    "Подпись (base64)": "Signature (base64)",
    "Сертификат (PEM)": "Certificate (PEM)",
    "Все требования выполнены: кабинет открыт полностью.": (
        "Every requirement is met: the cabinet is fully open."
    ),
    "Пока не выполнено:": "Not met yet:",
    "Подключить приложение-аутентификатор": "Set up an authenticator app",
    "К заявлениям": "To the applications",
    "Приложение-аутентификатор": "Authenticator app",
    "Подключение приложения-аутентификатора": "Setting up the authenticator app",
    "Добавьте в приложение ключ вручную:": "Add this key to the app by hand:",
    "Или ссылка для приложения:": "Or the link for the app:",
    "Код из приложения": "Code from the app",
    "Подключить": "Set up",
    "Коды восстановления": "Recovery codes",
    "Приложение-аутентификатор подключено.": "The authenticator app is set up.",
    "Сохраните коды: каждый действует один раз, если приложение недоступно. "
    "Больше они не будут показаны.": (
        "Keep these codes: each works once when the app is not at hand. They are not shown again."
    ),
    "В кабинет": "To the cabinet",
    "Не выполнены требования к учетной записи:": "Account requirements not met:",
    "Новое заявление": "New application",
    "Заявления": "Applications",
    "Вид": "Type",
    "Специальность": "Specialty",
    "Статус": "Status",
    "Создано": "Created",
    "Сообщения": "Messages",
    "Заявлений пока нет.": "No applications yet.",
    "Вид аккредитации": "Accreditation type",
    "Заявитель": "Applicant",
    "person": "a medical worker",
    "organisation": "an organisation",
    "Стаж по специальности, лет": "Years of experience in the specialty",
    "Часы обучения": "Training hours",
    "Проверить и создать": "Check and create",
    "Заявление": "Application",
    "Орган запросил сведения": "The body asks for information",
    "Ответить до": "Answer by",
    "Ответ": "Answer",
    "Отправить ответ": "Send the answer",
    "Документы": "Documents",
    "Удалить": "Remove",
    "Файл: PDF, JPEG или PNG до 5 МиБ": "File: PDF, JPEG or PNG up to 5 MiB",
    "Загрузить": "Upload",
    "Подать заявление": "Submit the application",
    "Ход рассмотрения": "Timeline",
    "черновик создан": "draft created",
    "Свидетельство": "Certificate",
    "действует до": "valid until",
    "Скачать свидетельство": "Download the certificate",
    "Переписка": "Messages",
    "Вы": "You",
    "Орган": "The body",
    "Сообщений нет.": "No messages.",
    "Сообщение": "Message",
    "Файл (необязательно)": "File (optional)",
    "Отправить": "Send",
    "Отозвать заявление": "Withdraw the application",
    "Причина": "Reason",
    "Отозвать": "Withdraw",
    "Свидетельства": "Certificates",
    "до": "until",
    "аннулировано": "revoked",
    "Скачать": "Download",
    "Свидетельств пока нет.": "No certificates yet.",
    "Подано": "Submitted",
    "Решение": "Decision",
    "Акты": "Acts",
    "На обращение отвечают в течение рабочего дня; срок ответа виден у каждого обращения.": (
        "Tickets are answered within a working day; each ticket shows when its answer is due."
    ),
    "Ответ на обращение — не позже чем через рабочих дней:": (
        "A ticket is answered within this many working days:"
    ),
    "Срок ответа виден у каждого обращения.": "Each ticket shows when its answer is due.",
    "МСК": "Moscow time",
    "сейчас отвечают": "answering now",
    "сейчас закрыто": "closed now",
    "Тема": "Topic",
    "Кратко": "Subject",
    "Вопрос": "Question",
    "Отправить обращение": "Send the ticket",
    "Мои обращения": "My tickets",
    "ответ ожидается до": "answer due by",
    "срок прошел": "overdue",
    "Обращений нет.": "No tickets.",
    "login": "signing in",
    "documents": "uploading documents",
    "category_choice": "choosing the accreditation type",
    "other": "other",
    "open": "open",
    "closed": "closed",
    "answered": "answered",
    "Очередь": "Queue",
    "Очередь заявлений": "Application queue",
    "Роль": "Role",
    "Отчет за период": "Period report",
    "все ожидающие": "all waiting",
    "Показать": "Show",
    "Старые подачи первыми": "Oldest submissions first",
    "Ждет": "Waiting",
    "дн.": "d",
    "ч": "h",
    "Очередь пуста.": "The queue is empty.",
    "Документов нет.": "No documents.",
    "Действия": "Actions",
    "Принять в обработку": "Take into processing",
    "Запрос сведений": "Request for information",
    "Срок, рабочих дней": "Deadline, working days",
    "Запросить сведения": "Request information",
    "Заключение эксперта": "Reviewer's conclusion",
    "Направить на согласование": "Send for approval",
    "Подготовил эксперт": "Prepared by reviewer",
    "решение принимает другой сотрудник (принцип четырех глаз).": (
        "another officer decides (four eyes)."
    ),
    "Основание решения": "Grounds of the decision",
    "Одобрить": "Approve",
    "Причина отказа": "Reason for refusal",
    "Отклонить": "Reject",
    "Причина аннулирования": "Reason for revocation",
    "Аннулировать свидетельство": "Revoke the certificate",
    "Сообщение заявителю": "Message to the applicant",
    "С": "From",
    "По": "To",
    "Подано за период": "Submitted in the period",
    "Заявления по статусам и неделям (по понедельникам)": (
        "Applications by status and week (by Monday)"
    ),
    "По статусам": "By status",
    "Просрочено": "Overdue",
    "Проверка свидетельства об аккредитации": "Accreditation certificate check",
    "Номер свидетельства": "Certificate number",
    "Например АК-2026-000001-7": "For example АК-2026-000001-7",
    "Проверить": "Check",
    "Свидетельство действует": "The certificate is valid",
    "Свидетельство аннулировано": "The certificate is revoked",
    "Срок действия свидетельства истек": "The certificate has expired",
    "Номер": "Number",
    "Владелец": "Holder",
    "Свидетельство с таким номером не найдено": "No certificate has this number",
    "Проверьте номер: он напечатан на свидетельстве под QR-кодом.": (
        "Check the number: it is printed on the certificate under the QR code."
    ),
    "Выдано": "Issued",
    "Действует до": "Valid until",
    "Выдал": "Issued by",
    "passport": "Passport",
    "diploma": "Diploma",
    "cpd_certificate": "CPD certificate",
    "specialist_certificate": "Specialist certificate",
    "license": "Licence",
    "ogrn_extract": "Extract from the register of legal entities",
    "employer_request": "Employer's request",
    "previous_certificate": "Previous certificate",
    "act:approved": "decision to accredit",
    "act:rejected": "refusal",
    "act:info_request": "request for information",
    "pd_consent": "Consent to the processing of personal data",
    # passkeys (docs/web.md, "Passkeys")
    "Ключи доступа": "Passkeys",
    "Ключ доступа: вход отпечатком пальца, лицом или PIN-кодом вместо кода.": (
        "A passkey: sign in with a fingerprint, face or PIN instead of a code."
    ),
    "Вход по ключу доступа в этом кабинете не настроен.": (
        "Passkeys are not set up in this cabinet."
    ),
    "Подключенные ключи": "Your passkeys",
    "Название": "Name",
    "Добавлен": "Added",
    "Последний вход": "Last sign-in",
    "Действие": "Action",
    "Удалить ключ": "Remove passkey",
    "Ключей доступа пока нет.": "No passkeys yet.",
    "Название ключа": "Passkey name",
    "Например, «Телефон» или «Ключ на связке»": "For example, “Phone” or “Key on the keyring”",
    "Добавить ключ доступа": "Add a passkey",
    "Новый ключ доступа": "New passkey",
    "Нажмите кнопку и подтвердите на устройстве: отпечатком пальца, лицом или PIN-кодом.": (
        "Press the button and confirm on the device: with a fingerprint, face or PIN."
    ),
    "Подтвердите на устройстве…": "Confirm on the device…",
    "Ключ не создан: устройство отказало или время истекло. Попробуйте снова.": (
        "No passkey was made: the device declined or the time ran out. Try again."
    ),
    "Этот браузер не поддерживает ключи доступа.": "This browser does not support passkeys.",
    "Ключ доступа создает браузер: для этого шага включите JavaScript.": (
        "The browser makes the passkey: turn JavaScript on for this step."
    ),
    "Создать ключ доступа": "Create the passkey",
    "Отмена": "Cancel",
    "Ключ доступа подключен.": "The passkey is set up.",
    "Код восстановления": "Recovery code",
    "Если устройства с ключом нет под рукой": "If the passkey's device is not at hand",
    "Или ключом доступа": "Or with a passkey",
    "Вход ключом не подтвержден. Попробуйте снова или введите код.": (
        "The passkey did not confirm the sign-in. Try again or enter a code."
    ),
    "Этот браузер не поддерживает ключи доступа: введите код.": (
        "This browser does not support passkeys: enter a code."
    ),
    "Для входа ключом доступа включите JavaScript или введите код.": (
        "Turn JavaScript on to sign in with a passkey, or enter a code."
    ),
    "Войти с ключом доступа": "Sign in with a passkey",
    "Или добавьте ключ доступа": "Or add a passkey",
    # The operator's pages.
    "Учетные записи": "Accounts",
    "Идентификатор учетной записи": "Account id",
    "Найти": "Find",
    "Идентификатор": "Id",
    "Состояние": "State",
    "Причина блокировки": "Reason for the block",
    "Вход в кабинет": "Sign-in",
    "закрыт после неверных паролей": "locked after wrong passwords",
    "разрешен": "allowed",
    "Разблокировать": "Unblock",
    "Причина блокировки (ее увидит владелец)": "Reason for the block (the holder is told)",
    "Заблокировать": "Block",
    "Исходящие сообщения": "Outbox",
    "Состояние доставки SMS и писем; текст и адрес не показываются.": (
        "Delivery state of SMS and e-mail; the text and the address are not shown."
    ),
    "все": "all",
    "Новые первыми": "Newest first",
    "Канал": "Channel",
    "Шаблон": "Template",
    "Попыток": "Attempts",
    "Следующая попытка": "Next attempt",
    "Отправлено": "Sent",
    "Последняя ошибка": "Last error",
    "account:registered": "registered",
    "account:verified": "verified",
    "account:blocked": "blocked",
    "outbox:pending": "waiting",
    "outbox:sending": "being sent",
    "outbox:sent": "sent",
    "outbox:failed": "not delivered",
}

_RU_KINDS: Final[Mapping[str, str]] = {
    "passport": "Паспорт",
    "diploma": "Диплом",
    "cpd_certificate": "Удостоверение о повышении квалификации",
    "specialist_certificate": "Сертификат специалиста",
    "license": "Лицензия",
    "ogrn_extract": "Выписка из ЕГРЮЛ",
    "employer_request": "Ходатайство работодателя",
    "previous_certificate": "Прежнее свидетельство",
    "act:approved": "решение об аккредитации",
    "act:rejected": "решение об отказе",
    "act:info_request": "запрос сведений",
    "pd_consent": "Согласие на обработку персональных данных",
    "person": "медицинский работник",
    "organisation": "организация",
    "login": "вход в личный кабинет",
    "documents": "загрузка документов",
    "category_choice": "выбор вида аккредитации",
    "other": "другое",
    "open": "ждет ответа",
    "closed": "закрыто",
    "answered": "отвечено",
    "account:registered": "зарегистрирована",
    "account:verified": "подтверждена",
    "account:blocked": "заблокирована",
    "outbox:pending": "ждет отправки",
    "outbox:sending": "отправляется",
    "outbox:sent": "отправлено",
    "outbox:failed": "не доставлено",
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``: English from the table, else Russian (a code gets its name)."""
    if lang == "en":
        return EN.get(text, text)
    return _RU_KINDS.get(text, text)
