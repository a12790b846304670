"""Passkeys (WebAuthn) as a second factor: enrolment, the list, removal, the login step.

Enrolment is two calls of a signed-in user (a login at most five minutes old): the
options for ``navigator.credentials.create``, then its response. Signing in with a
passkey replaces the code of the second-factor step: the options for
``navigator.credentials.get`` for a pending login, then its response. Each challenge is
kept by the cabinet, answered once and expires (docs/security.md, "Passkeys"). A
wrong answer at login counts as a wrong code.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

import attrs

from accredkit.domain.accounts.activity_events import (
    PasskeyEnrolmentBegun,
    PasskeyLoginBegun,
    PasskeyRefused,
)
from accredkit.domain.accounts.events import AccountEvent, PasskeyEnrolled, PasskeyRemoved
from accredkit.domain.accounts.login_records import LoginStage
from accredkit.domain.accounts.passkeys import (
    LABEL_LENGTH,
    MAX_PASSKEYS,
    Passkey,
    PasskeyChallenge,
    PasskeyPurpose,
    RelyingParty,
)
from accredkit.domain.accounts.recovery_codes import generate_recovery_codes, hash_recovery_code
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.errors import AuthenticationFailed, ConfigurationError, NotFound
from accredkit.ports.passkeys import PasskeyCeremonies
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._base import validation
from accredkit.services.accounts.login import LoginStep, LoginUseCases
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, PASSKEY_CHALLENGES, PASSKEYS

__all__ = ["PasskeyAdded", "PasskeyEnrolmentStarted", "PasskeyUseCases"]

DEFAULT_LABEL = "Ключ доступа"


@attrs.frozen
class PasskeyEnrolmentStarted:
    """The options for ``navigator.credentials.create`` and the enrolment they belong to."""

    enrolment_id: str
    options_json: str


@attrs.frozen
class PasskeyAdded:
    """The stored passkey; recovery codes (shown once) when it became the second factor."""

    passkey: Passkey
    recovery_codes: tuple[str, ...] = attrs.field(default=(), repr=False)


class PasskeyUseCases(LoginUseCases):
    """Passkeys of a signed-in user, and the passkey answer to a login's second step."""

    # --- enrolment ----------------------------------------------------------------

    def begin_passkey_enrolment(
        self, token: str, label: str = DEFAULT_LABEL
    ) -> PasskeyEnrolmentStarted:
        """Start adding a passkey named ``label`` (fresh login needed).

        Raises:
            ConfigurationError: ``passkey.not_configured`` — no ``settings.passkeys``.
            ValidationError: ``passkey.label``, or ``passkey.too_many`` (ten at most).
        """
        party, ceremonies = self._passkeys_on()
        name = _label(label)
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            account = uow.repository(ACCOUNTS).get(session.account_id)
            held = self._passkeys_of(uow, account.id)
            if len(held) >= MAX_PASSKEYS:
                raise validation(
                    "passkey.too_many",
                    "label",
                    f"Можно подключить не больше {MAX_PASSKEYS} ключей доступа; удалите лишний.",
                    f"At most {MAX_PASSKEYS} passkeys; remove one you no longer use.",
                )
            challenge = self._new_challenge(uow, account.id, PasskeyPurpose.ENROL, now, label=name)
            options = ceremonies.registration_options(
                party,
                user_id=account.id.encode("utf-8"),
                user_name=str(account.snils),
                display_name=str(account.full_name),
                challenge=challenge.challenge,
                exclude=held,
            )
            happened(uow, PasskeyEnrolmentBegun(account.id, challenge.id, now))
            uow.commit()
        return PasskeyEnrolmentStarted(challenge.id, options)

    def finish_passkey_enrolment(
        self, token: str, enrolment_id: str, response_json: str
    ) -> PasskeyAdded:
        """Store the passkey the browser made for ``enrolment_id`` (fresh login needed).

        A first passkey of an account without a second factor becomes it, and ten
        recovery codes come with it.

        Raises:
            AuthenticationFailed: ``passkey.refused`` — a response that does not check
                out, an expired or used enrolment, or a passkey already stored.
        """
        party, ceremonies = self._passkeys_on()
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            challenges = uow.repository(PASSKEY_CHALLENGES)
            challenge = challenges.find(enrolment_id)
            if challenge is None or not challenge.answerable(
                session.account_id, PasskeyPurpose.ENROL, now
            ):
                raise _stale()
            made = ceremonies.verify_registration(party, response_json, challenge.challenge)
            passkeys = uow.repository(PASSKEYS)
            if passkeys.query({"credential_id": made.credential_id, "removed": False}, limit=1):
                raise _stale()
            challenges.update(challenge.spend())
            stored = passkeys.add(
                Passkey.enrol(
                    self.deps.random.new_id(), session.account_id, made, challenge.label, now
                )
            )
            accounts = uow.repository(ACCOUNTS)
            account, events = accounts.get(session.account_id).use_passkey_factor(now)
            codes: tuple[str, ...] = ()
            if events:
                codes = generate_recovery_codes(self.deps.random.randbelow)
                hashes = tuple(hash_recovery_code(self._recovery_key, c) for c in codes)
                account, more = account.issue_recovery_codes(hashes, now)
                events = (*events, *more)
                accounts.update(account)
            self._record(uow, (PasskeyEnrolled(account.id, stored.id, now), *events))
            self._notify(uow, account, "passkey_added", now)
            uow.commit()
        return PasskeyAdded(stored, codes)

    # --- the list -------------------------------------------------------------------

    def list_passkeys(self, token: str) -> list[Passkey]:
        """The account's passkeys, oldest first."""
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            return self._passkeys_of(uow, session.account_id)

    def remove_passkey(self, token: str, passkey_id: str) -> None:
        """Remove one of the account's passkeys (fresh login needed).

        Removing the last passkey of an account whose second factor it was leaves it
        without one (``access.second_factor_missing``).

        Raises:
            NotFound: ``passkey.not_found`` — no such passkey of this account.
        """
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            passkeys = uow.repository(PASSKEYS)
            found = passkeys.find(passkey_id)
            if found is None or found.account_id != session.account_id or found.removed:
                raise NotFound(
                    f"passkey {passkey_id!r} not found",
                    message_ru="Ключ доступа не найден.",
                    code="passkey.not_found",
                    value=passkey_id,
                )
            passkeys.update(found.remove(now))
            accounts = uow.repository(ACCOUNTS)
            account = accounts.get(session.account_id)
            events: tuple[AccountEvent, ...] = ()
            if not self._passkeys_of(uow, account.id):
                account, events = account.drop_passkey_factor(now)
                if events:
                    accounts.update(account)
            self._record(uow, (PasskeyRemoved(account.id, found.id, now), *events))
            self._notify(uow, account, "passkey_removed", now)
            uow.commit()

    # --- the login step -------------------------------------------------------------

    def begin_passkey_login(self, pending_id: str) -> str:
        """The options for ``navigator.credentials.get`` for a login at its second step.

        Raises:
            AuthenticationFailed: ``auth.failed`` — no such login at that step, or no
                passkey on the account.
            ConfigurationError: ``passkey.not_configured``.
        """
        party, ceremonies = self._passkeys_on()
        now = self._now()
        with self._uow() as uow:
            pending = self._pending_at(uow, pending_id, LoginStage.SECOND_FACTOR, now)
            held = self._passkeys_of(uow, pending.account_id)
            if not held:
                raise self._failed()
            challenge = self._new_challenge(
                uow, pending.account_id, PasskeyPurpose.LOGIN, now, pending_id=pending.id
            )
            options = ceremonies.authentication_options(
                party, challenge=challenge.challenge, allow=held
            )
            happened(uow, PasskeyLoginBegun(pending.account_id, challenge.id, now))
            uow.commit()
        return options

    def finish_passkey_login(self, pending_id: str, response_json: str) -> LoginStep:
        """Take a passkey's answer as the login's second factor; the next step follows.

        The login's newest passkey challenge is the one answered; it is spent, right
        or wrong. A wrong answer counts as a wrong code.

        Raises:
            AuthenticationFailed: ``auth.failed`` for a stale login or a wrong answer;
                ``passkey.sign_count`` when the passkey's counter did not advance.
            RateLimited, AccountLocked: as for ``login``.
        """
        party, ceremonies = self._passkeys_on()
        now = self._now()
        with self._uow() as uow:
            pending = self._pending_at(uow, pending_id, LoginStage.SECOND_FACTOR, now)
            stored = self._login_account(uow, pending, now)
            challenges = uow.repository(PASSKEY_CHALLENGES)
            latest = challenges.query(
                {"account_id": stored.id}, order_by="created_at", descending=True, limit=1
            )
            if not latest or not latest[0].answerable(
                stored.id, PasskeyPurpose.LOGIN, now, pending_id=pending.id
            ):
                raise self._failed()
            challenges.update(latest[0].spend())
            held = self._passkeys_of(uow, stored.id)
            try:
                answer = ceremonies.verify_authentication(
                    party, response_json, latest[0].challenge, held
                )
                passkey = next(p for p in held if p.id == answer.passkey_id)
                uow.repository(PASSKEYS).update(passkey.used(answer.sign_count, now))
            except AuthenticationFailed as refused:
                self._count_account(uow, stored, now)
                happened(uow, PasskeyRefused(stored.id, refused.code, now))
                uow.commit()
                if refused.code == "passkey.refused":
                    raise self._failed() from refused
                raise
            return self._advance(uow, stored, stored, pending, FactorUsed.PASSKEY, now)

    # --- helpers --------------------------------------------------------------------

    def _passkeys_on(self) -> tuple[RelyingParty, PasskeyCeremonies]:
        party, ceremonies = self.settings.relying_party, self.deps.passkeys
        if party is None or ceremonies is None:
            raise ConfigurationError(
                "Passkeys are not configured (settings.passkeys).",
                message_ru="Вход по ключу доступа не настроен.",
                code="passkey.not_configured",
                hint_ru="Войдите по коду; администратору: укажите settings.passkeys.",
                hint_en="Sign in with a code; administrator: set settings.passkeys.",
            )
        return party, ceremonies

    @staticmethod
    def _passkeys_of(uow: UnitOfWork, account_id: str) -> list[Passkey]:
        return uow.repository(PASSKEYS).query(
            {"account_id": account_id, "removed": False}, order_by="created_at"
        )

    def _new_challenge(
        self,
        uow: UnitOfWork,
        account_id: str,
        purpose: PasskeyPurpose,
        now: datetime,
        *,
        label: str = "",
        pending_id: str | None = None,
    ) -> PasskeyChallenge:
        challenge = PasskeyChallenge(
            id=self.deps.random.new_id(),
            version=0,
            account_id=account_id,
            purpose=purpose,
            challenge=self.deps.random.token_bytes(32),
            created_at=now,
            expires_at=now + self.settings.second_factor.passkey_challenge,
            pending_id=pending_id,
            label=label,
        )
        return uow.repository(PASSKEY_CHALLENGES).add(challenge)


def _label(label: str) -> str:
    name = unicodedata.normalize("NFC", label).strip() or DEFAULT_LABEL
    if len(name) > LABEL_LENGTH:
        raise validation(
            "passkey.label",
            "label",
            f"Название ключа — не длиннее {LABEL_LENGTH} символов.",
            f"A passkey's name is at most {LABEL_LENGTH} characters.",
        )
    return name


def _stale() -> AuthenticationFailed:
    return AuthenticationFailed(
        "The passkey could not be added: the request expired or was already answered.",
        message_ru="Ключ доступа не добавлен: запрос устарел или уже использован.",
        code="passkey.refused",
        hint_ru="Начните добавление ключа доступа заново.",
        hint_en="Start adding the passkey again.",
    )
