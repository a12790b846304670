"""The account's proofs: login barriers and failures, password, second factor, recovery codes.

Functions of an ``Account``, bound as its methods in ``domain/accounts/account.py``:
what the account is and how it is verified stays there, how its holder proves who they
are is here (docs/security.md). Every move returns the new account and its events.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from accredkit.domain.accounts.login_policy import LoginBarrier, LoginPolicy
from accredkit.domain.accounts.parts import AccountStatus, SecondFactor
from accredkit.domain.accounts.recovery_codes import redeem_recovery_code
from accredkit.domain.accounts.sessions import FactorUsed
from accredkit.domain.copies import replaced
from accredkit.domain.on_first_use import ModuleOnFirstUse
from accredkit.domain.utc import require_utc
from accredkit.errors import AuthenticationFailed, ValidationError, Violation

if TYPE_CHECKING:
    from accredkit.domain.accounts import events as ev
else:  # made when the account changes, not when it is read (domain/on_first_use.py)
    ev = ModuleOnFirstUse("accredkit.domain.accounts.events")

__all__ = [
    "change_password",
    "confirm_esignature",
    "drop_passkey_factor",
    "enrol_totp",
    "issue_recovery_codes",
    "login_barrier",
    "record_login_failure",
    "record_login_success",
    "rehash_password",
    "remove_second_factor",
    "use_passkey_factor",
    "use_recovery_code",
    "use_sms_factor",
    "use_totp_step",
]


class _Proving(Protocol):
    """What these moves read of an account (``Account`` itself, named without a circle)."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> AccountStatus: ...
    @property
    def phone_confirmed(self) -> bool: ...
    @property
    def second_factor(self) -> SecondFactor: ...
    @property
    def totp_last_step(self) -> int | None: ...
    @property
    def recovery_code_hashes(self) -> tuple[str, ...]: ...
    @property
    def failed_logins(self) -> int: ...
    @property
    def throttled_until(self) -> datetime | None: ...
    @property
    def locked(self) -> bool: ...


A = TypeVar("A", bound=_Proving)
"""The account class, so that each move returns what it was given."""

_Moved = tuple[A, tuple["ev.AccountEvent", ...]]


# --- login --------------------------------------------------------------------


def login_barrier(account: A, now: datetime) -> LoginBarrier | None:
    """What stops a login attempt at ``now``.

    The lock and the throttle come first: they hold for blocked accounts too, or a
    blocked account would be open to unlimited password guessing.
    """
    require_utc(now, "now")
    if account.locked:
        return LoginBarrier.LOCKED
    if account.throttled_until is not None and now < account.throttled_until:
        return LoginBarrier.THROTTLED
    if account.status is AccountStatus.BLOCKED:
        return LoginBarrier.BLOCKED
    return None


def record_login_failure(account: A, policy: LoginPolicy, now: datetime) -> _Moved[A]:
    """One more consecutive failure: throttle, and lock at ``policy.lock_after``."""
    require_utc(now, "now")
    failures = account.failed_logins + 1
    delay = policy.delay_after(failures)
    changed = replaced(
        account,
        failed_logins=failures,
        throttled_until=now + delay if delay else None,
        locked=account.locked or failures >= policy.lock_after,
    )
    events: list[ev.AccountEvent] = [ev.LoginFailed(account.id, failures, now)]
    if changed.locked and not account.locked:
        events.append(ev.AccountLockedOut(account.id, failures, now))
    return changed, tuple(events)


def record_login_success(account: A, factor: FactorUsed, now: datetime) -> _Moved[A]:
    """Password and second factor accepted: the failure count starts again."""
    require_utc(now, "now")
    changed = replaced(account, failed_logins=0, throttled_until=None)
    return changed, (ev.LoginSucceeded(account.id, factor.value, now),)


def confirm_esignature(account: A, certificate_sha256: str, now: datetime) -> _Moved[A]:
    """The login challenge came back signed with the user's certificate."""
    require_utc(now, "now")
    changed = replaced(account, esignature_needed=False)
    return changed, (ev.ESignatureConfirmed(account.id, certificate_sha256, now),)


# --- credentials --------------------------------------------------------------


def change_password(
    account: A, password_hash: str, now: datetime, *, via_recovery: bool
) -> _Moved[A]:
    """A new password: the lock lifts and the next login needs an e-signature again."""
    require_utc(now, "now")
    changed = replaced(
        account,
        password_hash=password_hash,
        password_changed_at=now,
        failed_logins=0,
        throttled_until=None,
        locked=False,
        esignature_needed=True,
    )
    return changed, (ev.PasswordChanged(account.id, now, via_recovery),)


def rehash_password(account: A, password_hash: str) -> A:
    """The same password under stronger hash parameters (no event: nothing changed)."""
    return replaced(account, password_hash=password_hash)


def enrol_totp(account: A, sealed_secret: bytes, first_step: int, now: datetime) -> _Moved[A]:
    """TOTP enrolled; the code that proved the enrolment is the first step used."""
    require_utc(now, "now")
    changed = replaced(
        account,
        second_factor=SecondFactor.TOTP,
        totp_secret_sealed=sealed_secret,
        totp_last_step=first_step,
    )
    return changed, (ev.SecondFactorChanged(account.id, SecondFactor.TOTP.value, now),)


def use_sms_factor(account: A, now: datetime) -> _Moved[A]:
    """SMS codes to the confirmed phone become the second factor.

    Raises:
        ValidationError: ``second_factor.phone_unconfirmed``.
    """
    require_utc(now, "now")
    if not account.phone_confirmed:
        raise ValidationError.of(
            (
                Violation(
                    "second_factor.phone_unconfirmed",
                    "phone",
                    "Сначала подтвердите номер телефона.",
                    "Confirm the phone number first.",
                ),
            )
        )
    changed = replaced(
        account, second_factor=SecondFactor.SMS, totp_secret_sealed=None, totp_last_step=None
    )
    return changed, (ev.SecondFactorChanged(account.id, SecondFactor.SMS.value, now),)


def remove_second_factor(account: A, now: datetime) -> _Moved[A]:
    """No second factor any more (access requirements will then list one as missing)."""
    require_utc(now, "now")
    changed = replaced(
        account, second_factor=SecondFactor.NONE, totp_secret_sealed=None, totp_last_step=None
    )
    return changed, (ev.SecondFactorChanged(account.id, SecondFactor.NONE.value, now),)


def use_passkey_factor(account: A, now: datetime) -> _Moved[A]:
    """A first passkey becomes the second factor where there was none.

    TOTP or SMS stay the account's factor; its passkeys are then offered beside it.
    """
    require_utc(now, "now")
    if account.second_factor is not SecondFactor.NONE:
        return account, ()
    changed = replaced(account, second_factor=SecondFactor.PASSKEY)
    return changed, (ev.SecondFactorChanged(account.id, SecondFactor.PASSKEY.value, now),)


def drop_passkey_factor(account: A, now: datetime) -> _Moved[A]:
    """The last passkey is gone: a passkey second factor goes with it."""
    if account.second_factor is not SecondFactor.PASSKEY:
        return account, ()
    return remove_second_factor(account, now)


def use_totp_step(account: A, step: int) -> A:
    """Remember ``step`` as used so the same code cannot be played again.

    Raises:
        AuthenticationFailed: ``totp.replayed`` for a step at or before the last one.
    """
    if account.totp_last_step is not None and step <= account.totp_last_step:
        raise AuthenticationFailed(
            "This code has already been used; wait for the next one.",
            message_ru="Этот код уже использован; дождитесь следующего.",
            code="totp.replayed",
        )
    return replaced(account, totp_last_step=step)


def issue_recovery_codes(account: A, hashes: tuple[str, ...], now: datetime) -> _Moved[A]:
    """A new set of recovery codes (hashes only) replaces the old one."""
    require_utc(now, "now")
    changed = replaced(account, recovery_code_hashes=hashes)
    return changed, (ev.RecoveryCodesIssued(account.id, len(hashes), now),)


def use_recovery_code(account: A, submitted: str, key: bytes, now: datetime) -> _Moved[A]:
    """Spend one recovery code.

    Raises:
        AuthenticationFailed: ``recovery_code.invalid`` (wrong or already used).
    """
    require_utc(now, "now")
    remaining = redeem_recovery_code(account.recovery_code_hashes, submitted, key)
    if remaining is None:
        raise AuthenticationFailed(
            "The recovery code is wrong or has been used.",
            message_ru="Резервный код неверен или уже использован.",
            code="recovery_code.invalid",
        )
    changed = replaced(account, recovery_code_hashes=remaining)
    return changed, (ev.RecoveryCodeUsed(account.id, len(remaining), now),)
