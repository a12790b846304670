"""Every public use case screens its arguments with the input rules before it runs.

``screened`` wraps each public method of a service class: every argument is checked by
the rule its *name* calls for (free text, a line, a secret, a file, a number range) or
else by its annotation (an id, an ``Actor``, an enumeration, an aware ``datetime``…),
using ``accredkit.domain.input_rules`` — the one place the rules live (docs/security.md,
"Hostile input"). So a wrong type, an over-long text or a control character is a
``ValidationError`` naming the parameter, raised before any unit of work is opened.
"""

from __future__ import annotations

import collections.abc
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from accredkit.domain import input_rules as rules
from accredkit.domain.authority.actors import Actor
from accredkit.errors import ValidationError, Violation

__all__ = ["Rule", "screened"]

Rule = Callable[[object, str], object]
"""Checks one argument (the value and the parameter's name); returns the value to use."""

_C = TypeVar("_C", bound=type)
_MAX_INT = 2**53


def _optional(rule: Rule) -> Rule:
    def check(value: object, field: str) -> object:
        return None if value is None else rule(value, field)

    return check


def _instance(kind: type) -> Rule:
    def check(value: object, field: str) -> object:
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        raise ValidationError.of(
            (
                Violation(
                    "input.wrong_type",
                    field,
                    f"Поле {field}: неверный тип значения.",
                    f"{field}: {kind.__name__} expected, not {type(value).__name__}.",
                ),
            )
        )

    return check


def _actor(value: object, field: str) -> object:
    actor = _instance(Actor)(value, field)
    assert isinstance(actor, Actor)
    rules.identifier(actor.id, f"{field}.id")
    return actor


def _count(maximum: int, minimum: int = 0) -> Rule:
    return lambda value, field: rules.number(value, field, minimum=minimum, maximum=maximum)


def _moment(value: object, field: str) -> object:
    return rules.aware_moment(value, field)


def _profile(value: object, field: str) -> object:
    # Imported at the first check: a command that passes no profile does not load the
    # eligibility rules (docs/benchmarks.md, "Start-up").
    from accredkit.domain.applications.eligibility import ApplicantProfile

    profile = _instance(ApplicantProfile)(value, field)
    assert isinstance(profile, ApplicantProfile)
    rules.optional_line(profile.specialty, f"{field}.specialty")
    rules.optional_line(profile.organisation_ogrn, f"{field}.organisation_ogrn")
    rules.optional_line(profile.licence_number, f"{field}.licence_number")
    rules.optional_text(profile.changed_requirements_reason, f"{field}.reason")
    for name, top in (
        ("experience_years", 80),
        ("training_hours", 20_000),
        ("cpd_hours", 20_000),
        ("nmo_credits", 10_000),
    ):
        rules.number(getattr(profile, name), f"{field}.{name}", minimum=0, maximum=top)
    if profile.requested_term_months is not None:
        rules.number(
            profile.requested_term_months, f"{field}.requested_term_months", minimum=-1, maximum=600
        )
    return profile


def _form(value: object, field: str) -> object:
    """A registration form's fields screened, every refusal at once.

    An empty field is left to the form's own rules (``validate_registration``), which
    report it with every other broken rule of the form (``docs/security.md``).
    """
    from accredkit.domain.accounts.registration import RegistrationForm  # as ``_profile``

    form = _instance(RegistrationForm)(value, field)
    assert isinstance(form, RegistrationForm)
    checks: list[Callable[[], object]] = [
        *(
            functools.partial(rules.line, getattr(form, n), n, limit=100)
            for n in ("last_name", "first_name")
        ),
        *(
            functools.partial(rules.free_text, getattr(form, n), n, limit=100)
            for n in ("middle_name", "inn", "language")
        ),
        *(
            functools.partial(rules.line, getattr(form, n), n, limit=320)
            for n in ("snils", "phone", "email")
        ),
        functools.partial(rules.secret, form.password, "password"),
        functools.partial(_instance(bool), form.consent_given, "consent_given"),
    ]
    if not isinstance(form.birth_date, date):
        checks.append(functools.partial(rules.line, form.birth_date, "birth_date", limit=40))
    found: list[Violation] = []
    for check in checks:
        try:
            check()
        except ValidationError as refused:
            found += [v for v in refused.violations if v.code != "input.blank"]
    if found:
        raise ValidationError.of(found)
    return form


def _uploads(value: object, field: str) -> object:
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        return _instance(tuple)(value, field)
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(item, tuple) or len(item) != 2:
            _instance(tuple)(None, where)
        rules.line(item[0], f"{where}.filename", limit=255)
        rules.file_bytes(item[1], f"{where}.data")
    return value


def _progress(value: object, field: str) -> object:
    """A progress callback (``accredkit.domain.progress``): anything callable."""
    if callable(value):
        return value
    raise ValidationError.of(
        (
            Violation(
                "input.wrong_type",
                field,
                f"Поле {field}: нужна функция.",
                f"{field}: a callable expected, not {type(value).__name__}.",
            ),
        )
    )


_BY_NAME: dict[str, Rule] = {
    "text": lambda value, field: rules.free_text(value, field),
    "question": lambda value, field: rules.free_text(value, field),
    "reason": lambda value, field: rules.free_text(value, field, limit=2_000),
    "subject": lambda value, field: rules.free_text(value, field, limit=rules.LINE_LENGTH),
    "filename": lambda value, field: rules.line(value, field, limit=255),
    "number": lambda value, field: rules.line(value, field, limit=100),
    "login": lambda value, field: rules.line(value, field, limit=320),
    "phone": lambda value, field: rules.line(value, field, limit=320),
    "email": lambda value, field: rules.line(value, field, limit=320),
    "password": rules.secret,
    "current_password": rules.secret,
    "new_password": rules.secret,
    "code": lambda value, field: rules.secret(value, field, limit=100),
    "label": lambda value, field: rules.free_text(value, field, limit=rules.LINE_LENGTH),
    "response_json": lambda value, field: rules.secret(value, field, limit=64 * 1024),
    "kind": lambda value, field: rules.free_text(value, field, limit=rules.ID_LENGTH),
    "data": rules.file_bytes,
    "attachments": _uploads,
    "limit": _count(10_000, minimum=1),
    "offset": _count(10**9),
    "profile": _profile,
    "form": _form,
    "progress": _progress,
}


def _by_annotation(hint: Any) -> Rule | None:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(members) < len(typing.get_args(hint))
        rule = _by_annotation(members[0]) if len(members) == 1 else _any_of(members)
        return None if rule is None else (_optional(rule) if optional else rule)
    if origin in (collections.abc.Iterable, collections.abc.Sequence, list, tuple):
        (item,) = typing.get_args(hint)[:1] or (object,)
        return _items(_by_annotation(item) or _instance(item if isinstance(item, type) else object))
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        return lambda value, field: _literal(allowed, value, field)
    if hint is Actor:
        return _actor
    if hint is str:
        return rules.identifier
    if hint is bool:
        return _instance(bool)
    if hint is int:
        return _count(_MAX_INT)
    if hint is datetime:
        return _moment
    if hint is date:
        return _instance(date)
    if hint is bytes:
        return rules.file_bytes
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        kind: type[enum.Enum] = hint
        return lambda value, field: rules.choice(kind, value, field)
    return None


def _items(rule: Rule) -> Rule:
    def check(value: object, field: str) -> object:
        if not isinstance(value, list | tuple | set | frozenset):
            return _instance(tuple)(value, field)
        for index, item in enumerate(value):
            rule(item, f"{field}[{index}]")
        return value

    return check


def _any_of(members: list[Any]) -> Rule | None:
    classes = tuple(m for m in members if isinstance(m, type) and m is not str)
    if str not in members or len(classes) != len(members) - 1:
        return None

    def check(value: object, field: str) -> object:
        if isinstance(value, classes):
            return value
        return rules.line(value, field, limit=rules.ID_LENGTH)

    return check


def _literal(allowed: tuple[Any, ...], value: object, field: str) -> object:
    if isinstance(value, str) and value in allowed:
        return value
    raise ValidationError.of(
        (
            Violation(
                "input.unknown_choice",
                field,
                f"Поле {field}: возможны {', '.join(map(str, allowed))}.",
                f"{field}: one of {', '.join(map(str, allowed))} expected.",
            ),
        )
    )


def _allows_none(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    union = origin is typing.Union or origin is types.UnionType
    return hint is None or (union and type(None) in typing.get_args(hint))


def _rules_of(function: Callable[..., Any]) -> dict[str, Rule]:
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError):  # a hint imported for type checking only
        hints = {}
    found: dict[str, Rule] = {}
    for name in inspect.signature(function).parameters:
        hint = hints.get(name)
        rule = _BY_NAME.get(name)
        if rule is not None and _allows_none(hint):
            rule = _optional(rule)
        rule = rule or _by_annotation(hint)
        if rule is not None:
            found[name] = rule
    return found


def _arguments_refused(function: Callable[..., Any], detail: str) -> ValidationError:
    return ValidationError.of(
        (
            Violation(
                "input.arguments",
                function.__name__,
                "Неверный набор параметров.",
                f"{function.__name__}: {detail}",
            ),
        )
    )


def _wrap(function: Callable[..., Any]) -> Callable[..., Any]:
    parameters = inspect.signature(function).parameters
    names = [
        n for n, p in parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    positional = [n for n in names if parameters[n].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    required = {n for n in names if parameters[n].default is inspect.Parameter.empty}
    checks: dict[str, Rule] | None = None

    @functools.wraps(function)
    def screened_call(*args: Any, **kwargs: Any) -> Any:
        nonlocal checks
        if checks is None:
            checks = _rules_of(function)
        if len(args) > len(positional):
            raise _arguments_refused(function, f"at most {len(positional) - 1} positional")
        given = positional[: len(args)]
        for name in kwargs:
            if name not in parameters or name in given:
                raise _arguments_refused(function, f"unexpected or repeated argument {name!r}")
        missing = required.difference(given, kwargs)
        if missing:
            raise _arguments_refused(function, f"missing {', '.join(sorted(missing))}")
        checked = list(args)
        for index, name in enumerate(given):
            rule = checks.get(name)
            if rule is not None:
                checked[index] = rule(args[index], name)
        for name, value in kwargs.items():
            rule = checks.get(name)
            if rule is not None:
                kwargs[name] = rule(value, name)
        return function(*checked, **kwargs)

    screened_call.__accredkit_screened__ = True  # type: ignore[attr-defined]
    return screened_call


def screened(cls: _C) -> _C:
    """Class decorator: screen the arguments of every public method of ``cls``."""
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_") or getattr(member, "__accredkit_screened__", False):
            continue
        setattr(cls, name, _wrap(member))
    return cls
