"""Use cases of a signed-in user: sessions, password, contacts and the second factor.

Every call takes the session token. Changing the phone, the e-mail or the second
factor needs a login at most five minutes old (``session.not_fresh`` otherwise).
"""

from __future__ import annotations

import attrs

from accredkit.domain.accounts.activity_events import (
    SessionEnded,
    SessionsEnded,
    TotpEnrolmentBegun,
)
from accredkit.domain.accounts.login_records import TotpEnrolment
from accredkit.domain.accounts.otp import OtpPurpose
from accredkit.domain.accounts.passwords import check_password
from accredkit.domain.accounts.recovery_codes import generate_recovery_codes, hash_recovery_code
from accredkit.domain.accounts.sessions import Session, SessionEnd
from accredkit.domain.contacts import Email, Phone
from accredkit.errors import AuthenticationFailed, NotFound, ValidationError
from accredkit.ports.storage import UnitOfWork
from accredkit.services.accounts._password_gate import PasswordGate
from accredkit.services.accounts.session_check import SessionCheck
from accredkit.services.journal.table import happened
from accredkit.services.schema import ACCOUNTS, ENROLMENTS, SESSIONS

__all__ = ["SessionUseCases", "TotpEnrolmentStarted"]


@attrs.frozen
class TotpEnrolmentStarted:
    """A TOTP secret to show (as a QR code of ``uri``) until the first code proves it."""

    enrolment_id: str
    uri: str
    secret: str = attrs.field(repr=False)


class SessionUseCases(PasswordGate):
    """What a signed-in user does with their account."""

    def authenticate(self, token: str) -> Session:
        """The session for ``token``, its idle timer restarted (``session_check.py``).

        The restart is stored at most once per ``settings.sessions.touch_interval``
        (``domain/accounts/sessions.py``), so most requests only read.

        Raises:
            AuthenticationFailed: ``session.invalid`` (unknown or ended) or
                ``session.expired`` (the idle or absolute limit passed; it is ended).
        """
        check = SessionCheck(self.deps.storage, self.deps.clock, self.settings.sessions)
        return check.authenticate(token)

    def logout(self, token: str) -> None:
        """End the session of ``token`` (nothing happens for an unknown token)."""
        now = self._now()
        with self._uow() as uow:
            digest = self._token_hash(token)
            found = uow.repository(SESSIONS).query({"token_hash": digest}) if digest else []
            for session in found:
                if not session.ended:
                    uow.repository(SESSIONS).update(session.end(SessionEnd.LOGOUT, now))
                    happened(uow, SessionEnded(
                        session.account_id, session.id, str(SessionEnd.LOGOUT.value), now
                    ))  # fmt: skip
            uow.commit()

    def list_sessions(self, token: str) -> list[Session]:
        """The account's active sessions, the caller's included."""
        now = self._now()
        with self._uow() as uow:
            current = self._session(uow, token, now)
            return [
                s
                for s in self._active_sessions(uow, current.account_id)
                if s.is_active(self.settings.sessions, now)
            ]

    def end_session(self, token: str, session_id: str) -> None:
        """End one of the account's other sessions (e.g. a forgotten computer).

        Raises:
            NotFound: no such session of this account.
        """
        now = self._now()
        with self._uow() as uow:
            current = self._session(uow, token, now)
            sessions = uow.repository(SESSIONS)
            target = sessions.find(session_id)
            if target is None or target.account_id != current.account_id:
                raise NotFound(
                    f"session {session_id!r} not found",
                    message_ru="Сеанс не найден.",
                    code="sessions.not_found",
                    value=session_id,
                )
            sessions.update(target.end(SessionEnd.ENDED_BY_USER, now))
            happened(uow, SessionEnded(
                current.account_id, target.id, str(SessionEnd.ENDED_BY_USER.value), now
            ))  # fmt: skip
            uow.commit()

    def end_other_sessions(self, token: str) -> int:
        """End every session of the account but this one; returns how many ended."""
        now = self._now()
        with self._uow() as uow:
            current = self._session(uow, token, now)
            ended = self._end_others(uow, current, SessionEnd.ENDED_BY_USER)
            if ended:
                happened(uow, SessionsEnded(
                    current.account_id, ended, str(SessionEnd.ENDED_BY_USER.value), now
                ))  # fmt: skip
            uow.commit()
        return ended

    def _end_others(self, uow: UnitOfWork, current: Session, reason: SessionEnd) -> int:
        now = self._now()
        sessions = uow.repository(SESSIONS)
        others = [s for s in self._active_sessions(uow, current.account_id) if s.id != current.id]
        for session in others:
            sessions.update(session.end(reason, now))
        return len(others)

    # --- password -----------------------------------------------------------------

    def change_password(self, token: str, current_password: str, new_password: str) -> None:
        """Set a new password; every other session ends and the user is told.

        The current password takes the same check as a login (``_password_gate``):
        the account's throttle and lock hold here too, and a wrong password counts.

        Raises:
            AuthenticationFailed: the current password is wrong (counts as a failure).
            RateLimited: ``auth.throttled``; AccountLocked: ``auth.locked`` — checked
                before the password (a right one does not lift the lock).
            ValidationError: the new password breaks a rule.
        """
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            accounts = uow.repository(ACCOUNTS)
            account = accounts.get(session.account_id)
            self._check_account_password(uow, account, current_password, now)
            problems = check_password(
                new_password, self.settings.password, self.deps.blocklist, account.personal_data()
            )
            if problems:
                raise ValidationError.of(problems)
            new_hash = self.deps.hasher.hash(new_password)
            account, events = account.change_password(new_hash, now, via_recovery=False)
            accounts.update(account)
            self._end_others(uow, session, SessionEnd.PASSWORD_CHANGED)
            self._record(uow, events)
            self._notify(uow, account, "password_changed", now)
            uow.commit()

    # --- contacts -----------------------------------------------------------------

    def change_phone(self, token: str, phone: str) -> str:
        """Replace the phone (fresh login needed) and send a code to the new one.

        Returns:
            The request id of the confirmation code.
        """
        return self._change_contact(token, "phone", Phone.parse(phone))

    def change_email(self, token: str, email: str) -> str:
        """Replace the e-mail address (fresh login needed) and send a code to the new one.

        Returns:
            The request id of the confirmation code.
        """
        return self._change_contact(token, "email", Email.parse(email))

    def _change_contact(self, token: str, kind: str, new: Phone | Email) -> str:
        now = self._now()
        request_id = self.deps.random.new_id()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            accounts = uow.repository(ACCOUNTS)
            before = accounts.get(session.account_id)
            taken = self._claim(uow, kind, new, before.id)
            if taken:
                raise ValidationError.of((taken,))
            if isinstance(new, Phone):
                self._release(uow, kind, before.phone)
                account, events = before.change_phone(new, now)
                purpose = OtpPurpose.CONFIRM_PHONE
            else:
                self._release(uow, kind, before.email)
                account, events = before.change_email(new, now)
                purpose = OtpPurpose.CONFIRM_EMAIL
            account = accounts.update(account)
            self._record(uow, events)
            self._send_code(
                uow, purpose=purpose, target=new,
                request_id=request_id, account=account, now=now,
            )  # fmt: skip
            self._notify(uow, before, f"{kind}_changed", now)
            uow.commit()
        return request_id

    # --- second factor ------------------------------------------------------------

    def begin_totp_enrolment(self, token: str) -> TotpEnrolmentStarted:
        """A new TOTP secret for the user's authenticator app (fresh login needed)."""
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            account = uow.repository(ACCOUNTS).get(session.account_id)
            secret = self.deps.totp.new_secret()
            enrolment = TotpEnrolment(
                id=self.deps.random.new_id(),
                version=0,
                account_id=account.id,
                secret_sealed=self.deps.sealer.seal(secret.encode(), account.id.encode()),
                created_at=now,
                expires_at=now + self.settings.enrolment_lifetime,
            )
            uow.repository(ENROLMENTS).add(enrolment)
            happened(uow, TotpEnrolmentBegun(account.id, enrolment.id, now))
            uow.commit()
        uri = self.deps.totp.provisioning_uri(secret, str(account.snils))
        return TotpEnrolmentStarted(enrolment.id, uri, secret)

    def finish_totp_enrolment(self, token: str, enrolment_id: str, code: str) -> tuple[str, ...]:
        """Switch the second factor to TOTP once the app's first code checks out.

        Returns:
            Ten new recovery codes, to be shown once.

        Raises:
            AuthenticationFailed: ``totp.wrong`` for a wrong code or an expired enrolment.
        """
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            enrolments = uow.repository(ENROLMENTS)
            enrolment = enrolments.find(enrolment_id)
            usable = (
                enrolment is not None
                and enrolment.account_id == session.account_id
                and not enrolment.finished
                and now < enrolment.expires_at
            )
            if enrolment is None or not usable:
                raise self._totp_wrong()
            secret = self.deps.sealer.open(enrolment.secret_sealed, session.account_id.encode())
            step = self.deps.totp.verify(secret.decode(), code, now)
            if step is None:
                raise self._totp_wrong()
            accounts = uow.repository(ACCOUNTS)
            account = accounts.get(session.account_id)
            account, events = account.enrol_totp(enrolment.secret_sealed, step, now)
            codes = generate_recovery_codes(self.deps.random.randbelow)
            hashes = tuple(hash_recovery_code(self._recovery_key, c) for c in codes)
            account, more = account.issue_recovery_codes(hashes, now)
            accounts.update(account)
            enrolments.update(attrs.evolve(enrolment, finished=True))
            self._record(uow, (*events, *more))
            uow.commit()
        return codes

    @staticmethod
    def _totp_wrong() -> AuthenticationFailed:
        return AuthenticationFailed(
            "The code from the app does not match; check the phone's clock and try again.",
            message_ru="Код из приложения не подошел; проверьте время на телефоне и повторите.",
            code="totp.wrong",
        )

    def use_sms_factor(self, token: str) -> None:
        """Make SMS codes to the confirmed phone the second factor (fresh login needed)."""
        now = self._now()
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            accounts = uow.repository(ACCOUNTS)
            account, events = accounts.get(session.account_id).use_sms_factor(now)
            accounts.update(account)
            self._record(uow, events)
            uow.commit()

    def new_recovery_codes(self, token: str) -> tuple[str, ...]:
        """Replace the recovery codes with ten new ones (fresh login needed)."""
        now = self._now()
        codes = generate_recovery_codes(self.deps.random.randbelow)
        with self._uow() as uow:
            session = self._session(uow, token, now)
            self._require_fresh(session, now)
            accounts = uow.repository(ACCOUNTS)
            hashes = tuple(hash_recovery_code(self._recovery_key, c) for c in codes)
            account, events = accounts.get(session.account_id).issue_recovery_codes(hashes, now)
            accounts.update(account)
            self._record(uow, events)
            uow.commit()
        return codes
