"""The journal is derived from events by one table (docs/journal.md): complete and sound.

Every event class the domain declares has a row; every row turns any instance of its
class into a valid journal draft; and no use case writes the journal by hand.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import pkgutil
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import accredkit.domain
import accredkit.services
from accredkit.domain.applications.events import HistoryEntry
from accredkit.domain.applications.lifecycle import ApplicationStatus, Role, Trigger
from accredkit.domain.authority.actors import Actor
from accredkit.domain.events import DomainEvent
from accredkit.domain.journal.entries import JournalDraft
from accredkit.services.journal.table import JOURNAL, UnmappedEvent, journal_draft

SERVICES = Path(accredkit.services.__file__).parent
# The table itself; the old hand-written helper (kept for code not yet converted, and
# itself checked by this test wherever it is called); the publishing wrapper.
EXEMPT = frozenset({"journal/table.py", "publishing.py"})


def _domain_modules() -> list[Any]:
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(accredkit.domain.__path__, "accredkit.domain.")
    ]


def _declared_events() -> list[type[Any]]:
    """Every class a domain module defines that is an event: a ``DomainEvent``, or any
    class of an ``*_events`` module (so an event that forgot its base is found too)."""
    found: dict[str, type[Any]] = {}
    for module in _domain_modules():
        for name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            if issubclass(cls, DomainEvent) or (
                module.__name__.endswith("_events") and attrs.has(cls) and cls is not HistoryEntry
            ):
                found[f"{module.__name__}.{name}"] = cls
    bases = {base for cls in found.values() for base in cls.__mro__[1:]}
    return sorted((c for c in found.values() if c not in bases), key=lambda c: c.__qualname__)


EVENTS = _declared_events()


def test_the_domain_declares_the_events_the_services_raise() -> None:
    names = {cls.__name__ for cls in EVENTS}
    assert {"CertificateIssued", "ActRecorded", "ApplicationApproved", "MessageSent"} <= names
    assert len(EVENTS) >= 50


@pytest.mark.parametrize("event", EVENTS, ids=lambda cls: cls.__name__)
def test_every_event_class_has_a_journal_row(event: type[Any]) -> None:
    assert issubclass(event, DomainEvent), f"{event.__name__} does not derive from DomainEvent"
    assert event in JOURNAL, f"{event.__name__} has no row in services/journal/table.py"


def test_the_table_maps_nothing_but_declared_events() -> None:
    assert set(JOURNAL) == set(EVENTS)


_ids = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
_moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


def _values(hint: Any) -> st.SearchStrategy[Any]:
    """A strategy for one field of an event, by its type (ids, counts, enums, moments)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is datetime:
        return _moments
    if hint is str:
        return _ids
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(0, 10_000)
    if inspect.isclass(hint) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if hint is HistoryEntry:
        return st.builds(
            HistoryEntry,
            at=_moments,
            actor=_ids,
            role=st.sampled_from(list(Role)),
            trigger=st.sampled_from(list(Trigger)),
            from_status=st.sampled_from(list(ApplicationStatus)),
            to_status=st.sampled_from(list(ApplicationStatus)),
            reason=st.none() | st.just("причина"),
        )
    if origin is tuple:
        return st.lists(_values(args[0]), max_size=3).map(tuple)
    if args and type(None) in args:  # X | None
        return st.none() | _values(next(a for a in args if a is not type(None)))
    raise AssertionError(f"no strategy for {hint!r}")


def _instances(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _values(hints[f.name]) for f in attrs.fields(cls) if f.init}
    return st.fixed_dictionaries(fields).map(lambda kw: cls(**kw))


@given(st.sampled_from(EVENTS).flatmap(_instances))
def test_every_row_derives_a_valid_entry(event: Any) -> None:
    actor = Actor("staff_1", Role.OPERATOR)
    draft = journal_draft(event, actor)
    assert isinstance(draft, JournalDraft)
    assert draft.time == event.at
    assert (draft.actor, draft.role) == ("staff_1", "operator")
    assert draft.action.count(".") >= 1


def test_an_unmapped_event_is_refused_loudly() -> None:
    @attrs.frozen
    class Unheard(DomainEvent):
        at: datetime

    with pytest.raises(UnmappedEvent, match="Unheard"):
        journal_draft(Unheard(datetime(2026, 1, 1, tzinfo=UTC)))


def _calls(tree: ast.AST) -> list[str]:
    """Dotted names of every call in ``tree`` (``uow.journal.append``, ``uow.record``…)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found.append(ast.unparse(node.func))
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SERVICES.rglob("*.py") if p.relative_to(SERVICES).as_posix() not in EXEMPT),
    ids=str,
)
def test_no_use_case_writes_the_journal_by_hand(path: Path) -> None:
    calls = _calls(ast.parse(path.read_text(encoding="utf-8")))
    by_hand = [c for c in calls if c.endswith(("journal.append", "uow.record"))]
    assert by_hand == [], f"{path.name}: record events with happened() instead"
