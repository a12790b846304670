"""What every accounts use case shares: dependencies, collections, and small helpers.

The use cases are split by topic (registration, login, sessions) into modules that
each add methods to ``Accounts``; this base holds the dependencies once so no module
re-declares them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NoReturn

import attrs

from accredkit.domain.accounts.account import Account, ConsentRecord
from accredkit.domain.accounts.events import AccountEvent
from accredkit.domain.accounts.login_policy import LoginBarrier
from accredkit.domain.accounts.login_records import (
    IdentityClaim,
    claim_id,
)
from accredkit.domain.accounts.otp import (
    CodeCheck,
    OneTimeCode,
    OtpOutcome,
    OtpPurpose,
    check_code,
    issue_code,
)
from accredkit.domain.accounts.sessions import (
    TOKEN_BYTES,
    FactorUsed,
    Session,
    open_session,
)
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import SYSTEM, Actor
from accredkit.domain.authority.permissions import Subject
from accredkit.domain.contacts import Email, Login, Phone
from accredkit.domain.utc import require_utc
from accredkit.errors import (
    AccountLocked,
    AuthenticationFailed,
    NotFound,
    PortUnavailable,
    RateLimited,
    ValidationError,
    Violation,
)
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts.messages import Message
from accredkit.services.accounts.session_check import token_digest
from accredkit.services.accounts.settings import AccountDependencies
from accredkit.services.authority import Authority
from accredkit.services.correspondence.code_delivery import CodesAfterCommit, queue_code
from accredkit.services.correspondence.notifications import NotificationService
from accredkit.services.correspondence.queueing import queue
from accredkit.services.correspondence.reminders import Contact
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, CLAIMS, CODES, SESSIONS

__all__ = ["AccountsBase", "login_kind", "validation"]

_CODE_REFUSALS = {
    OtpOutcome.WRONG: ("otp.wrong", "Неверный код.", "Wrong code."),
    OtpOutcome.MISMATCH: ("otp.wrong", "Неверный код.", "Wrong code."),
    OtpOutcome.EXPIRED: ("otp.expired", "Срок действия кода истек.", "The code has expired."),
    OtpOutcome.USED: ("otp.used", "Код уже использован.", "The code has already been used."),
    OtpOutcome.EXHAUSTED: (
        "otp.exhausted",
        "Попытки ввода кода исчерпаны.",
        "No tries are left for this code.",
    ),
}


class AccountsBase:
    """Dependencies and helpers shared by the accounts use cases."""

    def __init__(self, deps: AccountDependencies) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.undelivered: list[tuple[str, Message, PortUnavailable]] = []
        self.authority = Authority(deps.clock, deps.settings.sessions)
        self._dispatcher = NotificationService(
            deps.storage, deps.sms, deps.email, deps.clock, authority=self.authority
        )
        self._code_key = self._subkey(b"accredkit one-time codes")
        self._recovery_key = self._subkey(b"accredkit recovery codes")
        self._throttle_key = self._subkey(b"accredkit login throttles")

    def _reach_account(
        self, uow: UnitOfWork, actor: Actor, action: str, account_id: str
    ) -> tuple[Actor, Account, Role]:
        """Admit ``actor`` to ``action`` on ``account_id`` (``docs/authority.md``).

        Returns the actor in the role that reached it, the account and that role.
        """
        admitted = self.authority.admit(uow, actor, action)
        account = uow.repository(ACCOUNTS).find(account_id)
        subject = None if account is None else Subject("account", account.id, account.id)
        missing = NotFound(
            f"account {account_id!r} not found",
            message_ru="Учетная запись не найдена.",
            code="account.not_found",
            value=account_id,
        )
        role = self.authority.reach(admitted, action, subject, missing)
        assert account is not None
        return attrs.evolve(admitted, roles=frozenset({role})), account, role

    # --- small things -------------------------------------------------------------

    def _subkey(self, label: bytes) -> bytes:
        return hmac.new(self.deps.secret_key, label, hashlib.sha256).digest()

    def _now(self) -> datetime:
        return require_utc(self.deps.clock.now(), "now")

    def _uow(self) -> CodesAfterCommit:
        """A unit of work that sends the one-time codes it queued once it committed."""
        return CodesAfterCommit(self.deps.storage.unit_of_work(), self._deliver_codes)

    def _consent(self, now: datetime) -> ConsentRecord:
        document = self.settings.consent
        return ConsentRecord(document.version, document.sha256, now)

    @staticmethod
    def _new_token_text(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @staticmethod
    def _token_hash(token: str) -> str:
        return token_digest(token)

    # --- identifiers and logins ---------------------------------------------------

    def _claim(
        self, uow: UnitOfWork, kind: str, value: object, account_id: str
    ) -> Violation | None:
        """Reserve ``value`` for ``account_id``; a violation if someone else holds it."""
        claims = uow.repository(CLAIMS)
        key = claim_id(kind, value)
        found = claims.find(key)
        if found is None:
            claims.add(IdentityClaim(key, 0, account_id))
            return None
        if found.account_id in (None, account_id):
            claims.update(attrs.evolve(found, account_id=account_id))
            return None
        return Violation(
            f"{kind}.taken",
            kind,
            "Эти данные уже указаны в другой учетной записи. Если это ваша запись, "
            "восстановите пароль.",
            "These details belong to another account. If it is yours, recover the password.",
        )

    def _release(self, uow: UnitOfWork, kind: str, value: object) -> None:
        claims = uow.repository(CLAIMS)
        found = claims.find(claim_id(kind, value))
        if found is not None:
            claims.update(attrs.evolve(found, account_id=None))

    def _account_for_login(self, uow: UnitOfWork, login: Login) -> Account | None:
        """The account behind a login field (every reading looked up, for even timing)."""
        claims = uow.repository(CLAIMS)
        owners = [claims.find(claim_id(login_kind(v), v)) for v in login.candidates]
        for claim in owners:
            if claim is not None and claim.account_id is not None:
                return uow.repository(ACCOUNTS).get(claim.account_id)
        return None

    def _refuse(self, barrier: LoginBarrier, until: datetime | None, now: datetime) -> NoReturn:
        """Raise the answer for a barrier; the same whether or not the account exists."""
        if barrier is LoginBarrier.THROTTLED:
            wait = (until - now) if until else None
            seconds = int(wait.total_seconds()) + 1 if wait else 0
            raise RateLimited(
                f"Too many failed attempts; try again in {seconds} s.",
                message_ru=f"Слишком много неудачных попыток; повторите через {seconds} с.",
                code="auth.throttled",
                retry_after=wait,
            )
        if barrier is LoginBarrier.LOCKED:
            raise AccountLocked(
                "Sign-in is locked after too many failed attempts; recover the password.",
                message_ru="Вход заблокирован после множества неудачных попыток; "
                "восстановите пароль.",
            )
        raise AccountLocked(
            "The account is blocked by the operator.",
            message_ru="Учетная запись заблокирована оператором.",
            code="auth.blocked",
        )

    @staticmethod
    def _failed() -> AuthenticationFailed:
        """The one answer for every wrong login, password or code."""
        return AuthenticationFailed(
            "Wrong login, password or code.", message_ru="Неверный логин, пароль или код."
        )

    # --- one-time codes -----------------------------------------------------------

    def _send_code(
        self,
        uow: UnitOfWork,
        *,
        purpose: OtpPurpose,
        target: Phone | Email,
        request_id: str,
        account: Account,
        now: datetime,
    ) -> None:
        """Issue a code and queue it in the outbox; it is sent right after the commit."""
        codes = uow.repository(CODES)
        text = str(target)
        # The newest codes are all the cool-down and the hourly cap can depend on.
        latest = codes.query(
            {"target": text}, order_by="created_at", descending=True,
            limit=self.settings.otp.hourly_cap,
        )  # fmt: skip
        same_purpose = codes.query(
            {"target": text, "purpose": purpose}, order_by="created_at", descending=True, limit=1
        )
        previous = {c.id: c for c in [*latest, *same_purpose]}.values()
        issued = issue_code(
            code_id=self.deps.random.new_id(),
            purpose=purpose,
            target=target,
            request_id=request_id,
            key=self._code_key,
            policy=self.settings.otp,
            previous=previous,
            now=now,
            randbelow=self.deps.random.randbelow,
            account_id=account.id,
        )
        codes.add(issued.record)
        minutes = max(1, int(self.settings.otp.lifetime.total_seconds() // 60))
        queue_code(uow, issued, target, language=account.language.value, now=now, minutes=minutes)

    def _deliver_codes(self, ids: Sequence[str]) -> None:
        """Hand the just-committed codes to the gateway (an outage leaves them queued)."""
        self._dispatcher.dispatch(SYSTEM, only=ids)

    def _latest_code(
        self, uow: UnitOfWork, request_id: str, purpose: OtpPurpose
    ) -> OneTimeCode | None:
        found = uow.repository(CODES).query(
            {"request_id": request_id, "purpose": purpose},
            order_by="created_at", descending=True, limit=1,
        )  # fmt: skip
        return found[0] if found else None

    def _try_code(
        self,
        uow: UnitOfWork,
        record: OneTimeCode,
        submitted: str,
        *,
        purpose: OtpPurpose,
        request_id: str,
        now: datetime,
    ) -> CodeCheck:
        result = check_code(
            record,
            submitted,
            purpose=purpose,
            request_id=request_id,
            key=self._code_key,
            policy=self.settings.otp,
            now=now,
        )
        if result.record != record:
            uow.repository(CODES).update(result.record)
        return result

    @staticmethod
    def _code_refused(outcome: OtpOutcome) -> AuthenticationFailed:
        code, ru, en = _CODE_REFUSALS[outcome]
        return AuthenticationFailed(
            en,
            message_ru=ru,
            code=code,
            hint_ru="Проверьте код из последнего сообщения или запросите новый.",
            hint_en="Check the code from the latest message or request a new one.",
        )

    # --- sessions -----------------------------------------------------------------

    def _open_session(
        self, uow: UnitOfWork, account: Account, factor: FactorUsed, now: datetime
    ) -> tuple[Session, str]:
        raw = self.deps.random.token_bytes(TOKEN_BYTES)
        session = open_session(
            session_id=self.deps.random.new_id(),
            account_id=account.id,
            token=raw,
            now=now,
            factor=factor,
        )
        return uow.repository(SESSIONS).add(session), self._new_token_text(raw)

    def _session(self, uow: UnitOfWork, token: str, now: datetime) -> Session:
        """The active session for ``token`` (not yet touched)."""
        digest = self._token_hash(token)
        found = uow.repository(SESSIONS).query({"token_hash": digest}, limit=1) if digest else []
        if not found or not found[0].is_active(self.settings.sessions, now):
            raise AuthenticationFailed(
                "The session is not valid; sign in again.",
                message_ru="Сеанс недействителен; войдите снова.",
                code="session.invalid",
            )
        return found[0]

    def _active_sessions(self, uow: UnitOfWork, account_id: str) -> list[Session]:
        return uow.repository(SESSIONS).query({"account_id": account_id, "ended": False})

    def _require_fresh(self, session: Session, now: datetime) -> None:
        if not session.is_fresh(self.settings.sessions, now):
            raise AuthenticationFailed(
                "This change needs a recent sign-in; sign in again and repeat.",
                message_ru="Для этого изменения нужен недавний вход; войдите снова и повторите.",
                code="session.not_fresh",
            )

    # --- events and the journal ---------------------------------------------------

    def _record(
        self, uow: UnitOfWork, events: Iterable[AccountEvent], actor: Actor | None = None
    ) -> None:
        """Record events for publishing and journal them, in the same unit of work."""
        happened(uow, *events, actor=actor)

    # --- notifications ------------------------------------------------------------

    def _notify(
        self, uow: UnitOfWork, account: Account, kind: str, now: datetime, **params: str
    ) -> None:
        """Queue a security notice (``account.<kind>``) to the account's phone and e-mail.

        It goes through the transactional outbox: it commits with the change it
        announces, and the host's ``NotificationService.dispatch`` sends it.
        """
        contact = Contact(account.phone, account.email, account.language.value)
        queue(
            uow,
            to=contact,
            template=f"account.{kind}",
            params=params,
            now=now,
            ids=self.deps.random,
        )

    def contact(self, account_id: str) -> Contact | None:
        """Where the account holder hears from the cabinet (a ``ContactLookup``)."""
        with self._uow() as uow:
            account = uow.repository(ACCOUNTS).find(account_id)
        if account is None or account.consent is None:  # consent withdrawn: no notices
            return None
        return Contact(account.phone, account.email, account.language.value)


def login_kind(value: object) -> str:
    """The claim kind of a parsed identifier (``snils``, ``inn``, ``email``, ``phone``)."""
    return type(value).__name__.lower()


def validation(code: str, field: str, ru: str, en: str) -> ValidationError:
    """A one-violation ``ValidationError``."""
    return ValidationError.of((Violation(code, field, ru, en),))
