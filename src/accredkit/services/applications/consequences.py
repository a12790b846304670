"""What follows a move of an application: one table, event type → ordered handlers.

The lifecycle table (``domain/applications/lifecycle.py``) says which moves are legal and
which event each records (``EVENT_FOR_TRIGGER``); this table says what each event causes — the
licence check, the certificate, the act, the notifications — and nothing else decides
it (docs/architecture.md, "What a move causes"). ``move`` runs the handlers inside the
move's unit of work, in table order: whatever they stage commits with the move, and a
handler that raises rolls the whole move back. A plugin adds rows through
``accredkit_register_consequences``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import attrs

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.domain.events import DomainEvent
from accredkit.ports.storage import UnitOfWork

__all__ = [
    "ApplicationListener",
    "Consequence",
    "Consequences",
    "handler_name",
    "handler_summary",
]


class ApplicationListener(Protocol):
    """A handler: called inside the unit of work of a move (certificates, acts, notices)."""

    def __call__(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> Iterable[DomainEvent] | None:
        """React to ``event``; whatever it writes commits with the move.

        Returns:
            The events it raised (already journaled), so the move can name them.
        """
        ...


def handler_name(handler: ApplicationListener) -> str:
    """How the docs name a handler: a function's (or method's) qualified name, else its class."""
    name = getattr(handler, "__qualname__", None)
    return str(name) if name else type(handler).__qualname__


def handler_summary(handler: ApplicationListener) -> str:
    """The first line of the handler's docstring (a callable object's: its class's)."""
    doc = getattr(handler, "__doc__", None) if hasattr(handler, "__qualname__") else None
    doc = doc or type(handler).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


@attrs.frozen
class Consequence:
    """One row: every event of type ``event`` (or a subclass) runs ``handler``.

    Attributes:
        event: the event class the row answers; ``ApplicationEvent`` answers every move.
        handler: what the move causes, run inside its unit of work.
        plugin: who added the row (``builtin`` for the shipped rows).
    """

    event: type[ApplicationEvent]
    handler: ApplicationListener
    plugin: str = "builtin"


@attrs.frozen
class Consequences:
    """The handler table; empty by default (a move then causes only its journal entry)."""

    rows: tuple[Consequence, ...] = ()

    def adding(
        self, event: type[ApplicationEvent], handler: ApplicationListener, plugin: str = "builtin"
    ) -> Consequences:
        """A table with one more row, after the others (its handler runs last)."""
        return Consequences((*self.rows, Consequence(event, handler, plugin)))

    def handlers_for(self, event: ApplicationEvent) -> tuple[ApplicationListener, ...]:
        """The handlers ``event`` runs, in table order."""
        return tuple(row.handler for row in self.rows if isinstance(event, row.event))

    def carry_out(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> list[DomainEvent]:
        """Run every handler of ``event`` in ``uow``; the events they raised, in order."""
        caused: list[DomainEvent] = []
        for handler in self.handlers_for(event):
            caused.extend(handler(uow, application, event) or ())
        return caused

    def render_markdown(self) -> str:
        """The table as Markdown, for ``docs/architecture.md`` (a test keeps them equal)."""
        lines = ["| event | handler | what it does | added by |", "|---|---|---|---|"]
        for row in self.rows:
            lines.append(
                f"| `{row.event.__name__}` | `{handler_name(row.handler)}` | "
                f"{handler_summary(row.handler)} | {row.plugin} |"
            )
        return "\n".join(lines) + "\n"
