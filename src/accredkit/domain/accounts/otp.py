"""One-time codes sent by SMS or e-mail (одноразовые коды, docs/security.md).

A code is six random digits, stored only as a keyed hash (HMAC-SHA256 under a
server key, over the purpose, request, target and code), valid five minutes, good
for one use and five tries, and bound to the purpose and request it was issued for.
Sending is limited by a cool-down and an hourly cap per address.

Only ``OtpPurpose.LOGIN_SMS`` is a second factor, and it always travels by SMS:
there is no purpose that would make an e-mail code a second factor.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import attrs

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.masks import mask_text
from accredkit.domain.utc import require_utc
from accredkit.errors import RateLimited

__all__ = [
    "Channel",
    "CodeCheck",
    "IssuedCode",
    "OneTimeCode",
    "OtpOutcome",
    "OtpPolicy",
    "OtpPurpose",
    "check_code",
    "code_mac",
    "issue_code",
]


class Channel(enum.Enum):
    """How a code reaches the user."""

    SMS = "sms"
    EMAIL = "email"


class OtpPurpose(enum.Enum):
    """What a code is for; a code for one purpose never serves another."""

    CONFIRM_PHONE = "confirm_phone"  # подтверждение телефона
    CONFIRM_EMAIL = "confirm_email"  # подтверждение почты
    LOGIN_SMS = "login_sms"  # второй фактор при входе
    RECOVERY = "recovery"  # восстановление пароля

    @property
    def channel(self) -> Channel:
        """E-mail for confirming an address, SMS for everything else."""
        return Channel.EMAIL if self is OtpPurpose.CONFIRM_EMAIL else Channel.SMS

    @property
    def is_second_factor(self) -> bool:
        """Only an SMS login code is a second factor."""
        return self is OtpPurpose.LOGIN_SMS


@attrs.frozen
class OtpPolicy:
    """Code length, lifetime and the limits on tries and sending (all configurable)."""

    digits: int = attrs.field(default=6, validator=[attrs.validators.ge(6)])
    lifetime: timedelta = timedelta(minutes=5)
    max_tries: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    resend_cooldown: timedelta = timedelta(seconds=60)
    hourly_cap: int = attrs.field(default=10, validator=attrs.validators.ge(1))
    """Codes one address may receive in any sliding hour, all purposes together."""


@attrs.frozen
class OneTimeCode:
    """A code as stored: its keyed hash, never the digits themselves."""

    id: str
    version: int
    purpose: OtpPurpose
    target: str = attrs.field(repr=mask_text)
    request_id: str
    code_hash: str = attrs.field(repr=False)
    created_at: datetime
    expires_at: datetime
    account_id: str | None = None
    tries: int = 0
    used: bool = False


@attrs.frozen
class IssuedCode:
    """A freshly issued code: the record to store and the digits to send (then forget)."""

    record: OneTimeCode
    code: str = attrs.field(repr=False)


class OtpOutcome(enum.Enum):
    """Why a submitted code was accepted or refused."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    EXHAUSTED = "exhausted"
    MISMATCH = "mismatch"


@attrs.frozen
class CodeCheck:
    """The outcome of one try and the record to store afterwards (tries counted)."""

    record: OneTimeCode
    outcome: OtpOutcome

    @property
    def accepted(self) -> bool:
        """Whether the code was right, live and unused."""
        return self.outcome is OtpOutcome.ACCEPTED


def code_mac(key: bytes, *, purpose: OtpPurpose, request_id: str, target: str, code: str) -> str:
    """The keyed hash a code is stored as: HMAC-SHA256 over purpose, request, target, code.

    Binding the purpose and request into the hash means a stored code cannot be
    replayed for another purpose even by someone who can edit the stored records.
    """
    message = "\x1f".join((purpose.value, request_id, target, code)).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _target_text(purpose: OtpPurpose, target: Phone | Email) -> str:
    wanted = Email if purpose.channel is Channel.EMAIL else Phone
    if not isinstance(target, wanted):
        raise TypeError(f"a {purpose.value} code goes to a {wanted.__name__}, not {target!r}")
    return str(target)


def issue_code(
    *,
    code_id: str,
    purpose: OtpPurpose,
    target: Phone | Email,
    request_id: str,
    key: bytes,
    policy: OtpPolicy,
    previous: Iterable[OneTimeCode],
    now: datetime,
    randbelow: Callable[[int], int],
    account_id: str | None = None,
) -> IssuedCode:
    """Draw a new code for ``target`` unless the cool-down or hourly cap forbids it.

    Args:
        code_id: the new record's id.
        purpose: what the code is for; decides the channel (``target`` must fit it).
        target: the phone or e-mail address the code goes to.
        request_id: the request (registration, login attempt…) the code belongs to.
        key: the server's secret key for the keyed hash.
        policy: code length, lifetime and limits.
        previous: codes issued earlier (any target; others are ignored).
        now: the current UTC time.
        randbelow: a CSPRNG's ``randbelow`` (``secrets.randbelow`` in production).
        account_id: the account the code concerns, if known.

    Returns:
        The record to store and the plaintext code to send.

    Raises:
        RateLimited: ``otp.cooldown`` within the resend cool-down for this purpose,
            ``otp.hourly_cap`` once the address had its codes for the hour.
        TypeError: an e-mail target for an SMS purpose or the reverse.
    """
    require_utc(now, "now")
    text = _target_text(purpose, target)
    mine = [c for c in previous if c.target == text]
    same_purpose = [c.created_at for c in mine if c.purpose is purpose]
    if same_purpose and now - max(same_purpose) < policy.resend_cooldown:
        wait = policy.resend_cooldown - (now - max(same_purpose))
        raise RateLimited(
            f"A new code can be sent in {int(wait.total_seconds()) + 1} s.",
            message_ru=f"Новый код можно запросить через {int(wait.total_seconds()) + 1} с.",
            code="otp.cooldown",
            retry_after=wait,
        )
    recent = sorted(c.created_at for c in mine if now - c.created_at < timedelta(hours=1))
    if len(recent) >= policy.hourly_cap:
        wait = timedelta(hours=1) - (now - recent[-policy.hourly_cap])
        raise RateLimited(
            "Too many codes were sent to this address in the last hour.",
            message_ru="На этот адрес за последний час отправлено слишком много кодов.",
            code="otp.hourly_cap",
            retry_after=wait,
        )
    limit = 10**policy.digits
    number = randbelow(limit)
    if not 0 <= number < limit:
        raise ValueError("the random source returned a number out of range")
    code = f"{number:0{policy.digits}d}"
    record = OneTimeCode(
        id=code_id,
        version=0,
        purpose=purpose,
        target=text,
        request_id=request_id,
        code_hash=code_mac(key, purpose=purpose, request_id=request_id, target=text, code=code),
        created_at=now,
        expires_at=now + policy.lifetime,
        account_id=account_id,
    )
    return IssuedCode(record=record, code=code)


def check_code(
    record: OneTimeCode,
    submitted: str,
    *,
    purpose: OtpPurpose,
    request_id: str,
    key: bytes,
    policy: OtpPolicy,
    now: datetime,
) -> CodeCheck:
    """Try ``submitted`` against ``record``; store the returned record whatever the outcome.

    A code is live from ``created_at`` up to, not including, ``expires_at`` (at 4:59
    it works, at 5:00 it does not). Each wrong or misdirected try counts; after
    ``policy.max_tries`` of them the code is dead even for the right digits.

    Args:
        record: the stored code.
        submitted: what the user typed; only ASCII digits can match.
        purpose: the purpose the caller expects.
        request_id: the request the caller is completing.
        key: the server's secret key.
        policy: the try limit.
        now: the current UTC time.

    Returns:
        The outcome and the updated record (used, or tries counted).
    """
    require_utc(now, "now")
    if record.used:
        return CodeCheck(record, OtpOutcome.USED)
    if record.tries >= policy.max_tries:
        return CodeCheck(record, OtpOutcome.EXHAUSTED)
    if now >= record.expires_at or now < record.created_at:
        return CodeCheck(record, OtpOutcome.EXPIRED)
    expected = code_mac(
        key, purpose=purpose, request_id=request_id, target=record.target, code=submitted
    )
    matches = hmac.compare_digest(expected.encode("ascii"), record.code_hash.encode("ascii"))
    well_formed = submitted.isascii() and submitted.isdigit() and len(submitted) == policy.digits
    if matches and well_formed and purpose is record.purpose and request_id == record.request_id:
        return CodeCheck(attrs.evolve(record, used=True), OtpOutcome.ACCEPTED)
    counted = attrs.evolve(record, tries=record.tries + 1)
    if purpose is not record.purpose or request_id != record.request_id:
        return CodeCheck(counted, OtpOutcome.MISMATCH)
    return CodeCheck(counted, OtpOutcome.WRONG)
