"""The accounts' session, one-time code, password, login, recovery and second-factor
policies, read from ``settings.*``.

One table per policy (``[settings.sessions]``, ``[settings.otp]``,
``[settings.passwords]``, ``[settings.login]``, ``[settings.recovery]``,
``[settings.second_factor]``), each key a whole number in a documented range
(docs/configuration.md, "Policies"). A key the table does not know, a value of another
type, one out of its range, or keys that contradict each other fail at ``bootstrap()``
with ``config.<table>``, naming the key, the value and the range: a typo never passes
silently as the default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import attrs

from accredkit.domain.accounts.login_policy import LoginPolicy
from accredkit.domain.accounts.otp import OtpPolicy
from accredkit.domain.accounts.passwords import PasswordPolicy
from accredkit.domain.accounts.recovery_policy import RecoveryPolicy
from accredkit.domain.accounts.second_factor_policy import SecondFactorPolicy
from accredkit.domain.accounts.sessions import SessionPolicy
from accredkit.errors import ConfigurationError

if TYPE_CHECKING:
    from accredkit.config import Config

__all__ = [
    "LOGIN_TABLE",
    "OTP_TABLE",
    "PASSWORD_TABLE",
    "RECOVERY_TABLE",
    "SECOND_FACTOR_TABLE",
    "SESSION_TABLE",
    "PolicyKey",
    "PolicyTable",
    "configured_login",
    "configured_otp",
    "configured_passwords",
    "configured_recovery",
    "configured_second_factor",
    "configured_sessions",
]

_P = TypeVar("_P")
_SECOND, _MINUTE, _HOUR = timedelta(seconds=1), timedelta(minutes=1), timedelta(hours=1)


@attrs.frozen
class PolicyKey:
    """One key of a policy table: the policy field it sets, its unit and its range.

    ``unit`` turns the whole number into a duration (``None``: a count, kept as is).
    """

    name: str
    field: str
    low: int
    high: int
    unit: timedelta | None = None

    @property
    def span(self) -> str:
        """The allowed range as the docs write it: ``1–720``."""
        return f"{self.low}–{self.high}"

    def converted(self, number: int) -> int | timedelta:
        """What the policy field receives for ``number``."""
        return number if self.unit is None else number * self.unit


@attrs.frozen
class PolicyTable(Generic[_P]):
    """A ``settings.<name>`` table: its keys and the policy they build.

    ``agree`` sees every field the keys set (the defaults where left out) and returns
    ``(en, ru)`` when values that are each in range contradict each other.
    """

    name: str
    keys: tuple[PolicyKey, ...]
    build: Callable[..., _P]
    agree: Callable[[Mapping[str, object]], tuple[str, str] | None] = lambda _: None

    @property
    def code(self) -> str:
        """The stable error code of this table."""
        return f"config.{self.name}"

    def listing(self) -> str:
        """Every key with its range, for hints."""
        return ", ".join(f"{key.name} ({key.span})" for key in self.keys)

    def read(self, config: Config, **extra: object) -> _P:
        """The policy ``settings.<name>`` describes (defaults for what it leaves out).

        ``extra`` are field values that came from elsewhere (an older key).

        Raises:
            ConfigurationError: ``config.<name>`` — see the module docstring.
        """
        given = config.settings.get(self.name)
        if given is None:
            given = {}
        if not isinstance(given, Mapping):
            raise self.refused(
                f"settings.{self.name} must be a table of {self.listing()}",
                f"Настройка settings.{self.name} должна быть таблицей.",
                given,
            )
        known = {key.name: key for key in self.keys}
        fields: dict[str, object] = dict(extra)
        for name, value in given.items():
            key = known.get(name)
            if key is None:
                raise self.refused(
                    f"settings.{self.name} has no key {name!r} (known: {self.listing()})",
                    f"В настройке settings.{self.name} нет ключа «{name}».",
                    name,
                )
            fields[key.field] = key.converted(self._number(key, value))
        base = self.build()
        disagreement = self.agree({k.field: getattr(base, k.field) for k in self.keys} | fields)
        if disagreement is not None:
            raise self.refused(*disagreement, dict(given))
        return self.build(**fields)

    def _number(self, key: PolicyKey, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and key.low <= value <= key.high:
            return value
        raise self.refused(
            f"settings.{self.name}.{key.name} must be a whole number from {key.low} "
            f"to {key.high}, not {value!r}",
            f"Настройка settings.{self.name}.{key.name} должна быть целым числом "
            f"от {key.low} до {key.high}, а не {value!r}.",
            value,
        )

    def refused(self, message: str, message_ru: str, value: object) -> ConfigurationError:
        """The error of this table, with the keys and ranges in the hint."""
        return ConfigurationError(
            message,
            message_ru=message_ru,
            code=self.code,
            value=value,
            hint_ru=f"Ключи settings.{self.name} (целые числа): {self.listing()}.",
            hint_en=f"The keys of settings.{self.name} (whole numbers): {self.listing()}.",
        )


def _sessions_agree(values: Mapping[str, object]) -> tuple[str, str] | None:
    idle, absolute, touch = (
        cast("timedelta", values[name]) for name in ("idle", "absolute", "touch_interval")
    )
    if idle > absolute:
        return (
            "settings.sessions: idle_minutes must not exceed absolute_hours",
            "Настройка settings.sessions: idle_minutes не может быть больше absolute_hours.",
        )
    if touch >= idle:
        return (
            "settings.sessions: touch_seconds must be below idle_minutes",
            "Настройка settings.sessions: touch_seconds должно быть меньше idle_minutes.",
        )
    return None


def _passwords_agree(values: Mapping[str, object]) -> tuple[str, str] | None:
    if cast("int", values["min_own_characters"]) > cast("int", values["min_length"]):
        return (
            "settings.passwords: min_own_characters must not exceed min_length",
            "Настройка settings.passwords: min_own_characters не может быть больше min_length.",
        )
    return None


def _login_agree(values: Mapping[str, object]) -> tuple[str, str] | None:
    if cast("timedelta", values["throttle_base"]) > cast("timedelta", values["throttle_cap"]):
        return (
            "settings.login: throttle_base_seconds must not exceed throttle_cap_seconds",
            "Настройка settings.login: throttle_base_seconds не может быть больше "
            "throttle_cap_seconds.",
        )
    return None


SESSION_TABLE: PolicyTable[SessionPolicy] = PolicyTable(
    "sessions",
    (
        PolicyKey("idle_minutes", "idle", 1, 720, _MINUTE),
        PolicyKey("absolute_hours", "absolute", 1, 168, _HOUR),
        PolicyKey("fresh_login_minutes", "fresh_login", 1, 60, _MINUTE),
        PolicyKey("touch_seconds", "touch_interval", 0, 300, _SECOND),
    ),
    SessionPolicy,
    _sessions_agree,
)
OTP_TABLE: PolicyTable[OtpPolicy] = PolicyTable(
    "otp",
    (
        PolicyKey("digits", "digits", 6, 8),
        PolicyKey("lifetime_minutes", "lifetime", 1, 30, _MINUTE),
        PolicyKey("max_tries", "max_tries", 1, 10),
        PolicyKey("resend_cooldown_seconds", "resend_cooldown", 0, 600, _SECOND),
        PolicyKey("hourly_cap", "hourly_cap", 1, 100),
    ),
    OtpPolicy,
)
PASSWORD_TABLE: PolicyTable[PasswordPolicy] = PolicyTable(
    "passwords",
    (
        PolicyKey("min_length", "min_length", 8, 64),
        PolicyKey("max_length", "max_length", 64, 1024),
        PolicyKey("min_own_characters", "min_own_characters", 1, 32),
    ),
    PasswordPolicy,
    _passwords_agree,
)


LOGIN_TABLE: PolicyTable[LoginPolicy] = PolicyTable(
    "login",
    (
        PolicyKey("free_failures", "free_failures", 0, 20),
        PolicyKey("throttle_base_seconds", "throttle_base", 1, 60, _SECOND),
        PolicyKey("throttle_cap_seconds", "throttle_cap", 1, 3600, _SECOND),
        PolicyKey("lock_after", "lock_after", 1, 100),
        PolicyKey("pending_minutes", "pending_lifetime", 1, 30, _MINUTE),
    ),
    LoginPolicy,
    _login_agree,
)
RECOVERY_TABLE: PolicyTable[RecoveryPolicy] = PolicyTable(
    "recovery",
    (
        PolicyKey("request_minutes", "request_lifetime", 1, 60, _MINUTE),
        PolicyKey("ticket_minutes", "ticket_lifetime", 1, 60, _MINUTE),
        PolicyKey("password_tries", "password_tries", 1, 20),
    ),
    RecoveryPolicy,
)
SECOND_FACTOR_TABLE: PolicyTable[SecondFactorPolicy] = PolicyTable(
    "second_factor",
    (
        PolicyKey("totp_enrolment_minutes", "totp_enrolment", 1, 60, _MINUTE),
        PolicyKey("passkey_challenge_minutes", "passkey_challenge", 1, 30, _MINUTE),
    ),
    SecondFactorPolicy,
)


def configured_login(config: Config) -> LoginPolicy:
    """``[settings.login]``: free failures, the doubling wait and its cap, the lock, and
    how long a login waits for its next step.

    Raises:
        ConfigurationError: ``config.login``.
    """
    return LOGIN_TABLE.read(config)


def configured_otp(config: Config) -> OtpPolicy:
    """``[settings.otp]``: code length, lifetime, tries, resend cool-down, hourly cap.

    Raises:
        ConfigurationError: ``config.otp``.
    """
    return OTP_TABLE.read(config)


def configured_recovery(config: Config) -> RecoveryPolicy:
    """``[settings.recovery]``: how long a request takes codes, the ticket's lifetime and
    how many new passwords it may have refused.

    Raises:
        ConfigurationError: ``config.recovery``.
    """
    return RECOVERY_TABLE.read(config)


def configured_second_factor(config: Config) -> SecondFactorPolicy:
    """``[settings.second_factor]``: how long a TOTP enrolment and a passkey challenge wait.

    Raises:
        ConfigurationError: ``config.second_factor``.
    """
    return SECOND_FACTOR_TABLE.read(config)


def configured_passwords(config: Config) -> PasswordPolicy:
    """``[settings.passwords]``: the shortest and longest password, own characters.

    Raises:
        ConfigurationError: ``config.passwords``.
    """
    return PASSWORD_TABLE.read(config)


_MAX_TOUCH_SECONDS = 300


def configured_sessions(config: Config) -> SessionPolicy:
    """``[settings.sessions]``: idle and absolute limits, fresh login, touch interval.

    A request within ``touch_seconds`` of the stored activity writes nothing, so the
    idle limit is honoured within it (``docs/security.md``, "Sessions"). The older
    ``settings.session_touch_seconds`` is still read (0–300, fractions allowed) when the
    table has no ``touch_seconds``; giving both is refused.

    Raises:
        ConfigurationError: ``config.sessions``, or ``config.session_touch`` for a bad
            ``settings.session_touch_seconds``.
    """
    older = config.settings.get("session_touch_seconds")
    if older is None:
        return SESSION_TABLE.read(config)
    table = config.settings.get("sessions")
    if isinstance(table, Mapping) and "touch_seconds" in table:
        raise SESSION_TABLE.refused(
            "give settings.sessions.touch_seconds or settings.session_touch_seconds, not both",
            "Укажите settings.sessions.touch_seconds или settings.session_touch_seconds, "
            "но не оба.",
            older,
        )
    if (
        isinstance(older, int | float)
        and not isinstance(older, bool)
        and 0 <= older <= _MAX_TOUCH_SECONDS
    ):
        return SESSION_TABLE.read(config, touch_interval=timedelta(seconds=older))
    raise ConfigurationError(
        f"settings.session_touch_seconds must be 0–{_MAX_TOUCH_SECONDS} seconds, not {older!r}",
        message_ru=(
            f"Настройка settings.session_touch_seconds должна быть числом секунд "
            f"от 0 до {_MAX_TOUCH_SECONDS}."
        ),
        code="config.session_touch",
        value=older,
        hint_ru="Укажите, раз в сколько секунд сохранять последнее действие сеанса (обычно 60).",
        hint_en="Give how many seconds apart a session's last activity is stored (60 by default).",
    )
