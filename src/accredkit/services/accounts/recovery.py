"""Password recovery in the order that leaks nothing (docs/security.md, "Recovery").

1. ``request_recovery(login)`` sends a code to the bound phone, if there is such an
   account, and answers a request id either way; the request is stored either way.
2. ``verify_recovery(request_id, code, second_factor_code)`` checks the code, and a
   second proof where the account's second factor is not that phone: the TOTP or a
   recovery code with TOTP, a recovery code with a passkey. It is throttled like a login,
   through the same identifier throttle as the login typed in step 1, and every failure
   counts against the account. Every refusal is the one ``auth.failed`` answer, with the
   same work, whether or not the account exists. Success gives a ticket.
3. ``complete_recovery(ticket, new_password)``: only a verified ticket may submit a new
   password, and only then is it checked against the holder's personal data.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.accounts.account import Account, SecondFactor
from accredkit.domain.accounts.activity_events import RecoveryRequested, RecoveryVerified
from accredkit.domain.accounts.login_policy import LoginBarrier
from accredkit.domain.accounts.login_records import RecoveryRequest
from accredkit.domain.accounts.otp import OtpPurpose, check_code, code_mac
from accredkit.domain.accounts.passwords import check_password
from accredkit.domain.accounts.sessions import TOKEN_BYTES, FactorUsed, SessionEnd, hash_token
from accredkit.domain.contacts import parse_login
from accredkit.errors import AuthenticationFailed, PortUnavailable, RateLimited, ValidationError
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts.login import LoginUseCases
from accredkit.services.accounts.messages import Message
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, CODES, RECOVERIES, SESSIONS, THROTTLES

__all__ = ["RecoveryUseCases"]

_RECOVERY_NOTE = Message("recovery code", "A recovery code could not be sent.")
# Second factors that are not the phone the recovery code goes to: the code alone
# would be one factor resetting the password.
_SECOND_PROOF_NEEDED = frozenset({SecondFactor.TOTP, SecondFactor.PASSKEY})


class RecoveryUseCases(LoginUseCases):
    """Password recovery: request a code, verify it for a ticket, set the password."""

    def request_recovery(self, login: str) -> str:
        """Send a recovery code to the phone bound to ``login``, if there is such an account.

        The answer is a fresh request id whether or not the account exists; rate limits
        and gateway failures are not reported either (they would tell).

        Raises:
            InvalidIdentifier: the login field holds nothing that could be a login.
        """
        now = self._now()
        parsed = parse_login(login)
        request = RecoveryRequest(
            id=self.deps.random.new_id(),
            version=0,
            throttle_id=self._throttle_id(parsed),
            created_at=now,
            expires_at=now + self.settings.recovery.request_lifetime,
        )
        with self._uow() as uow:
            account = self._account_for_login(uow, parsed)
            request = uow.repository(RECOVERIES).add(request)
            uow.commit()
        if account is None or not account.phone_confirmed:
            return request.id
        with self._uow() as uow:
            try:
                self._send_code(
                    uow, purpose=OtpPurpose.RECOVERY, target=account.phone,
                    request_id=request.id, account=account, now=now,
                )  # fmt: skip
                uow.repository(RECOVERIES).update(attrs.evolve(request, account_id=account.id))
                happened(uow, RecoveryRequested(account.id, now))
                uow.commit()
            except RateLimited:
                pass
            except PortUnavailable as error:
                self.undelivered.append((account.id, _RECOVERY_NOTE, error))
        return request.id

    def verify_recovery(
        self, request_id: str, code: str, second_factor_code: str | None = None
    ) -> str:
        """Check the SMS recovery code and the second proof; the ticket that may then
        set a new password (shown once).

        The SMS code alone recovers an account whose second factor is that phone (or
        none). With TOTP, ``second_factor_code`` is the app's code or a recovery code;
        with a passkey, one of the recovery codes issued with it: the code to the phone
        is never the only proof for an account whose second factor is something else
        (docs/security.md, "Recovery").

        Raises:
            AuthenticationFailed: ``auth.failed`` — one answer for a wrong, expired,
                used or exhausted code, a missing or wrong second proof and an unknown
                account; its hint names both proofs.
            RateLimited: ``auth.throttled`` — the login's throttle, as for ``login``.
        """
        now = self._now()
        with self._uow() as uow:
            recoveries = uow.repository(RECOVERIES)
            request = recoveries.find(request_id)
            if request is None or not request.open_for_code(now):
                raise _recovery_failed()
            throttle = uow.repository(THROTTLES).find(request.throttle_id)
            # The wait holds; the lock does not: recovery is the way out of a lock.
            if throttle is not None and throttle.throttled(now):
                self._refuse(LoginBarrier.THROTTLED, throttle.throttled_until, now)
            found = uow.repository(ACCOUNTS).find(request.account_id or "")
            proved = self._proof(uow, found, request, code, second_factor_code, now)
            if proved is None:
                self._count_identifier(uow, request.throttle_id, throttle, now)
                if found is not None:
                    self._count_account(uow, found, now)
                uow.commit()
                raise _recovery_failed()
            account, second = proved
            raw = self.deps.random.token_bytes(TOKEN_BYTES)
            recoveries.update(
                attrs.evolve(
                    request,
                    ticket_hash=hash_token(raw),
                    ticket_expires_at=now + self.settings.recovery.ticket_lifetime,
                )
            )
            if account != found:
                uow.repository(ACCOUNTS).update(account)
            happened(uow, RecoveryVerified(account.id, now, second.value))
            uow.commit()
        return self._new_token_text(raw)

    def _proof(
        self,
        uow: UnitOfWork,
        account: Account | None,
        request: RecoveryRequest,
        code: str,
        second_factor_code: str | None,
        now: datetime,
    ) -> tuple[Account, FactorUsed] | None:
        """The account after a proved recovery and its second proof (None: refused);
        tries are counted."""
        record = self._latest_code(uow, request.id, OtpPurpose.RECOVERY)
        if account is None or record is None or record.account_id != account.id:
            # The same keyed hash a real code check computes, for the same work.
            code_mac(self._code_key, purpose=OtpPurpose.RECOVERY, request_id=request.id,
                     target="", code=code)  # fmt: skip
            return None
        result = check_code(
            record, code, purpose=OtpPurpose.RECOVERY, request_id=request.id,
            key=self._code_key, policy=self.settings.otp, now=now,
        )  # fmt: skip
        codes = uow.repository(CODES)
        if not result.accepted:
            if result.record != record:
                codes.update(result.record)
            return None
        proved, factor = account, FactorUsed.NONE
        if account.second_factor in _SECOND_PROOF_NEEDED:
            # With a passkey, only a recovery code answers (no ceremony in recovery).
            proved, second = self._prove_factor(uow, account, second_factor_code or "", None, now)
            if second is None:
                codes.update(attrs.evolve(record, tries=record.tries + 1))
                return None
            factor = second
        codes.update(result.record)
        return proved, factor

    def complete_recovery(self, ticket: str, new_password: str) -> None:
        """Set a new password with a verified recovery ticket; the sign-in lock lifts,
        every session ends and the user is told.

        Raises:
            AuthenticationFailed: ``recovery.ticket_invalid`` — unknown, expired, used
                or refused too often.
            ValidationError: the new password breaks a rule (the ticket stays usable
                for ``settings.recovery.password_tries`` refusals).
        """
        now = self._now()
        digest = self._token_hash(ticket)
        tries = self.settings.recovery.password_tries
        with self._uow() as uow:
            recoveries = uow.repository(RECOVERIES)
            found = recoveries.query({"ticket_hash": digest}, limit=1) if digest else []
            if not found or not found[0].ticket_usable(now, tries):
                raise _ticket_invalid()
            request = found[0]
            accounts = uow.repository(ACCOUNTS)
            account = accounts.get(request.account_id or "")
            problems = check_password(
                new_password, self.settings.password, self.deps.blocklist, account.personal_data()
            )
            if problems:
                recoveries.update(attrs.evolve(request, password_tries=request.password_tries + 1))
                uow.commit()
                raise ValidationError.of(problems)
            new_hash = self.deps.hasher.hash(new_password)
            account, events = account.change_password(new_hash, now, via_recovery=True)
            accounts.update(account)
            sessions = uow.repository(SESSIONS)
            for session in self._active_sessions(uow, account.id):
                sessions.update(session.end(SessionEnd.PASSWORD_CHANGED, now))
            self._clear_identifiers(uow, account, request.throttle_id)
            recoveries.update(attrs.evolve(request, finished=True))
            self._record(uow, events)
            self._notify(uow, account, "password_changed", now)
            uow.commit()


def _recovery_failed() -> AuthenticationFailed:
    """``auth.failed`` for every refused recovery proof, with a hint naming both."""
    return AuthenticationFailed(
        "Wrong login or code.",
        message_ru="Неверный логин или код.",
        hint_ru=(
            "Проверьте код из SMS. Если вход защищен приложением-аутентификатором или "
            "ключом доступа, укажите еще код приложения или один из резервных кодов."
        ),
        hint_en=(
            "Check the SMS code. If sign-in is protected by an authenticator app or a "
            "passkey, also give the app's code or one of your recovery codes."
        ),
    )


def _ticket_invalid() -> AuthenticationFailed:
    return AuthenticationFailed(
        "The recovery ticket is not valid; start the recovery again.",
        message_ru="Срок восстановления истек или оно уже завершено; начните заново.",
        code="recovery.ticket_invalid",
        hint_ru="Запросите новый код восстановления.",
        hint_en="Request a new recovery code.",
    )
