"""Signing in: password, second factor and e-signature confirmation.

A login is one to three steps. ``login`` checks the password; ``second_factor``
takes a TOTP code, an SMS code or a recovery code; ``confirm_esignature`` takes the
signed challenge on the first login and the first after a password change. The last
step opens a session.

The password goes through the one check every password takes
(``_password_gate``): failures answer the same for existing and unknown logins, each
identifier has its own throttle, and an unknown login costs the same Argon2id work.
Password recovery is in ``account_recovery``.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from accredkit.domain.accounts.account import Account, SecondFactor
from accredkit.domain.accounts.activity_events import LoginStepPending
from accredkit.domain.accounts.esignature import issue_challenge
from accredkit.domain.accounts.login_records import LoginStage, PendingLogin
from accredkit.domain.accounts.otp import OtpPurpose
from accredkit.domain.accounts.recovery_codes import normalise_recovery_code
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.domain.contacts import parse_login
from accredkit.errors import AuthenticationFailed, Conflict
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._password_gate import PasswordGate
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, CHALLENGES, PASSKEYS, PENDING_LOGINS

__all__ = ["LoginStep", "LoginUseCases"]

_RETRIES = 3


@attrs.frozen
class LoginStep:
    """Where a login stands after a step.

    ``SECOND_FACTOR``: send ``pending_id`` and the code for ``factor``; where
    ``passkey`` is true, a passkey of the account may answer instead
    (``begin_passkey_login``, ``finish_passkey_login``).
    ``ESIGNATURE``: sign ``challenge`` and send it with the certificate.
    ``DONE``: ``token`` is the session token for the browser (shown once).
    """

    stage: LoginStage
    pending_id: str | None = None
    factor: SecondFactor | None = None
    challenge: bytes | None = None
    session_id: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    passkey: bool = False


class LoginUseCases(PasswordGate):
    """The login steps: password, second factor, e-signature."""

    # --- step 1: password -------------------------------------------------------

    def login(self, login: str, password: str) -> LoginStep:
        """Check a login (СНИЛС, ИНН, e-mail or phone in one field) and its password.

        Raises:
            InvalidIdentifier: the login field holds nothing that could be a login.
            AuthenticationFailed: ``auth.failed`` — the same for a wrong password, an
                unknown login and an account held back by failures through its other
                identifiers.
            RateLimited: ``auth.throttled`` after repeated failures through this login.
            AccountLocked: ``auth.locked`` after 100 consecutive failures through it;
                ``auth.blocked`` (only with the right password) for a blocked account.
            PortUnavailable: the SMS with the login code could not be sent.
        """
        now = self._now()
        parsed = parse_login(login)
        with self._uow() as uow:
            found = self._account_for_login(uow, parsed)
            account = self._check_login_password(uow, parsed, found, password, now)
            stored = account
            if self.deps.hasher.needs_rehash(account.password_hash):
                account = account.rehash_password(self.deps.hasher.hash(password))
            return self._advance(uow, stored, account, None, None, now)

    # --- what comes next ----------------------------------------------------------

    def _advance(
        self,
        uow: UnitOfWork,
        stored: Account,
        account: Account,
        pending: PendingLogin | None,
        factor: FactorUsed | None,
        now: datetime,
    ) -> LoginStep:
        """Ask for the next proof, or open the session; commits."""
        pendings = uow.repository(PENDING_LOGINS)
        if pending is None:
            pending = PendingLogin(
                id=self.deps.random.new_id(),
                version=0,
                account_id=account.id,
                stage=LoginStage.SECOND_FACTOR,
                created_at=now,
                expires_at=now + self.settings.login.pending_lifetime,
            )
        step: LoginStep
        passkey = factor is None and bool(
            uow.repository(PASSKEYS).query({"account_id": account.id, "removed": False}, limit=1)
        )
        if factor is None and (account.second_factor is not SecondFactor.NONE or passkey):
            pending = attrs.evolve(pending, stage=LoginStage.SECOND_FACTOR)
            if account.second_factor is SecondFactor.SMS:
                pending = attrs.evolve(pending, code_request_id=pending.id)
                self._send_code(
                    uow, purpose=OtpPurpose.LOGIN_SMS, target=account.phone,
                    request_id=pending.id, account=account, now=now,
                )  # fmt: skip
            asked = account.second_factor
            step = LoginStep(
                LoginStage.SECOND_FACTOR,
                pending.id,
                factor=SecondFactor.PASSKEY if asked is SecondFactor.NONE else asked,
                passkey=passkey,
            )
        elif account.esignature_needed:
            challenge = issue_challenge(
                challenge_id=self.deps.random.new_id(),
                account_id=account.id,
                nonce=self.deps.random.token_bytes(32),
                now=now,
            )
            uow.repository(CHALLENGES).add(challenge)
            pending = attrs.evolve(
                pending,
                stage=LoginStage.ESIGNATURE,
                factor=factor or FactorUsed.NONE,
                challenge_id=challenge.id,
            )
            step = LoginStep(LoginStage.ESIGNATURE, pending.id, challenge=challenge.payload())
        else:
            account, events = account.record_login_success(factor or FactorUsed.NONE, now)
            self._record(uow, events)
            session, token = self._open_session(uow, account, factor or FactorUsed.NONE, now)
            pending = attrs.evolve(pending, stage=LoginStage.DONE, finished=True)
            step = LoginStep(LoginStage.DONE, session_id=session.id, token=token)
        if step.stage is not LoginStage.DONE:
            happened(uow, LoginStepPending(
                account.id, str(step.stage.value), str((factor or FactorUsed.NONE).value), now
            ))  # fmt: skip
        if pending.version == 0:
            pendings.add(pending)
        else:
            pendings.update(pending)
        if account != stored:
            uow.repository(ACCOUNTS).update(account)
        uow.commit()
        return step

    # --- step 2: second factor ----------------------------------------------------

    def second_factor(self, pending_id: str, code: str) -> LoginStep:
        """Check the second factor: a TOTP or SMS code, or one of the recovery codes.

        A TOTP time step is accepted once: if two requests race with the same code,
        the storage's optimistic concurrency lets one through and the retry of the
        other sees the step used.

        Raises:
            AuthenticationFailed: ``auth.failed`` for a wrong code or a stale login.
            RateLimited, AccountLocked: as for ``login``.
        """
        for attempt in range(_RETRIES):
            try:
                return self._second_factor_once(pending_id, code)
            except Conflict:
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _pending_at(
        self, uow: UnitOfWork, pending_id: str, stage: LoginStage, now: datetime
    ) -> PendingLogin:
        """The pending login ``pending_id`` while it waits at ``stage``; else ``auth.failed``."""
        pending = uow.repository(PENDING_LOGINS).find(pending_id)
        if pending is None or not pending.usable(stage, now):
            raise self._failed()
        return pending

    def _login_account(self, uow: UnitOfWork, pending: PendingLogin, now: datetime) -> Account:
        """The account a login step is for, unless a throttle or a lock bars it now."""
        stored = uow.repository(ACCOUNTS).get(pending.account_id)
        barrier = stored.login_barrier(now)
        if barrier is not None:
            self._refuse(barrier, stored.throttled_until, now)
        return stored

    def _second_factor_once(self, pending_id: str, code: str) -> LoginStep:
        now = self._now()
        with self._uow() as uow:
            pending = self._pending_at(uow, pending_id, LoginStage.SECOND_FACTOR, now)
            stored = self._login_account(uow, pending, now)
            account, factor = self._prove_factor(uow, stored, code, pending.code_request_id, now)
            if factor is None:
                self._count_account(uow, stored, now)
                uow.commit()
                raise self._failed()
            return self._advance(uow, stored, account, pending, factor, now)

    def _prove_factor(
        self,
        uow: UnitOfWork,
        account: Account,
        code: str,
        sms_request_id: str | None,
        now: datetime,
    ) -> tuple[Account, FactorUsed | None]:
        """The account after the proof and which factor it was (None: refused)."""
        typed = code.strip()
        if normalise_recovery_code(typed) is not None:
            try:
                spent, events = account.use_recovery_code(typed, self._recovery_key, now)
            except AuthenticationFailed:
                return account, None
            self._record(uow, events)
            return spent, FactorUsed.RECOVERY_CODE
        if account.second_factor is SecondFactor.TOTP and account.totp_secret_sealed:
            secret = self.deps.sealer.open(account.totp_secret_sealed, account.id.encode())
            step = self.deps.totp.verify(secret.decode(), typed, now, account.totp_last_step)
            if step is None:
                return account, None
            return account.use_totp_step(step), FactorUsed.TOTP
        if account.second_factor is SecondFactor.SMS and sms_request_id is not None:
            record = self._latest_code(uow, sms_request_id, OtpPurpose.LOGIN_SMS)
            if record is None or record.account_id != account.id:
                return account, None
            result = self._try_code(
                uow, record, typed, purpose=OtpPurpose.LOGIN_SMS,
                request_id=sms_request_id, now=now,
            )  # fmt: skip
            return account, FactorUsed.SMS if result.accepted else None
        return account, None

    # --- step 3: e-signature ------------------------------------------------------

    def confirm_esignature(
        self, pending_id: str, signature: bytes, certificate_pem: bytes
    ) -> LoginStep:
        """Check the signed challenge against the user's certificate and СНИЛС.

        Raises:
            AuthenticationFailed: ``esignature.*`` with the precise reason, or
                ``auth.failed`` for a stale login.
        """
        now = self._now()
        with self._uow() as uow:
            pending = self._pending_at(uow, pending_id, LoginStage.ESIGNATURE, now)
            stored = self._login_account(uow, pending, now)
            challenges = uow.repository(CHALLENGES)
            challenge = challenges.get(pending.challenge_id or "")
            verified = self.deps.signatures.verify(
                challenge.payload(), signature, certificate_pem, stored.snils, now,
                expected_name=stored.full_name, expected_inn=stored.inn,
            )  # fmt: skip
            challenges.update(challenge.redeem(stored.id, now))
            account, events = stored.confirm_esignature(verified.certificate_sha256, now)
            self._record(uow, events)
            return self._advance(uow, stored, account, pending, pending.factor, now)
