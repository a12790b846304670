"""Any attrs class of accredkit, built with personal data in it, to check its ``repr``.

``instances(cls)`` fills every field from its type: identifiers, names and birth dates
from the shared strategies, fields whose *name* says they hold personal data or a
secret (``snils``, ``full_name``, ``otp_key``, ``text``…) with made-up words, nested
attrs classes recursively. ``personal_values(obj)`` then lists what of that a leak
would show, so a test can assert none of it appears in ``repr(obj)`` or ``str(obj)``.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Iterator, Set
from datetime import date, datetime
from typing import Any

import attrs
from hypothesis import strategies as st

import accredkit
from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Snils
from accredkit.domain.person import FullName
from accredkit.testing.account_strategies import birth_dates, full_names, utc_datetimes
from accredkit.testing.strategies import emails, inns, phones, snils_values

__all__ = ["PERSONAL_FIELDS", "attrs_classes", "instances", "personal_values"]

PERSONAL_FIELDS = frozenset(
    {
        "last_name",
        "first_name",
        "middle_name",
        "full_name",
        "holder_name",
        "name",
        "snils",
        "inn",
        "phone",
        "email",
        "recipient",
        "target",
        "to",
        "birth_date",
        "password",
        "secret",
        "token",
        "blob_key",
        "otp_key",
        "data_key",
        "data_key_previous",
        "text",
        "body",
        "subject",
        "question",
        "reason",
        "reasons",
        "block_reason",
        "decision_reason",
        "filename",
        "params",
        "other",
    }
)
"""Field names that hold personal data or a secret wherever they appear."""

_WORDS = st.text(alphabet="бвгджзклмнпрстфхцчшщ", min_size=8, max_size=12)
_TYPED: dict[Any, st.SearchStrategy[Any]] = {
    Snils: snils_values(),
    Inn: inns(kind="person"),
    Phone: phones(),
    Email: emails(),
    FullName: full_names(),
    datetime: utc_datetimes(),
}


def attrs_classes() -> Iterator[type[Any]]:
    """Every attrs class defined in the ``accredkit`` package, once."""
    seen: set[type[Any]] = set()
    for module_info in pkgutil.walk_packages(accredkit.__path__, "accredkit."):
        if module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and attrs.has(value)
                and value.__module__ == module.__name__
                and value not in seen
            ):
                seen.add(value)
                yield value


def _for_type(hint: Any, name: str) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_for_type(arg, name) for arg in typing.get_args(hint)))
    if hint is type(None):
        return st.none()
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_for_type(args[0], name), max_size=2).map(tuple)
        return st.tuples(*(_for_type(arg, name) for arg in args))
    if hint in _TYPED:
        return _TYPED[hint]
    if hint is Any:
        return st.none()
    if origin is dict:
        key, value = typing.get_args(hint)
        return st.dictionaries(_for_type(key, ""), _for_type(value, name), max_size=2)
    if name in PERSONAL_FIELDS and hint is str:
        return _WORDS
    if name == "birth_date" and hint is date:
        return birth_dates()
    if inspect.isclass(hint) and attrs.has(hint):
        return instances(hint)
    if inspect.isclass(hint) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    return st.from_type(hint)


def instances(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of the attrs class ``cls`` with personal data in its personal fields.

    Values a class's own checks refuse are skipped (``None`` is drawn instead).
    """
    if cls in _TYPED:
        return _TYPED[cls]
    hints = typing.get_type_hints(cls)
    fields = {f.name: _for_type(hints[f.name], f.name) for f in attrs.fields(cls) if f.init}

    def build(**values: Any) -> Any:
        try:
            return cls(**{k.lstrip("_"): v for k, v in values.items()})
        except Exception:
            return None

    return st.deferred(lambda: st.builds(build, **fields))


def personal_values(
    obj: object, name: str = "", *, skip: Set[tuple[str, str]] = frozenset()
) -> set[str]:
    """The personal texts inside ``obj`` (recursively) a leaking ``repr`` would show.

    ``skip`` names ``(class name, field)`` pairs that only sound personal.
    """
    found: set[str] = set()
    if isinstance(obj, Snils | Inn | Phone | Email):
        found.add(str(obj))
        found.update(part for part in (getattr(obj, "digits", None),) if part)
    elif isinstance(obj, FullName):
        found.update(part for part in (obj.last, obj.first, obj.middle) if len(part) >= 3)
    elif isinstance(obj, date) and name == "birth_date":
        found.update({obj.isoformat(), obj.strftime("%d.%m.%Y")})
    elif isinstance(obj, enum.Enum):
        pass
    elif isinstance(obj, str) and name in PERSONAL_FIELDS and len(obj) >= 8:
        found.add(obj)
    elif isinstance(obj, tuple):
        for item in obj:
            found |= personal_values(item, name, skip=skip)
    elif attrs.has(type(obj)):
        owner = type(obj).__qualname__
        for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
            if (owner, field.name) not in skip:
                found |= personal_values(getattr(obj, field.name), field.name, skip=skip)
    return found
