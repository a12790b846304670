"""What follows a move of an application, carried out: event type → ordered handlers.

The lifecycle table (``domain/applications/lifecycle.py``) says which moves are legal and what each
causes — the row's event and its effects (the licence check, the certificate, the act,
the notice); this table is their executor: each handler carries out one named effect
for an event class, and ``disagreements`` names any row and handler that differ
(docs/architecture.md, "What a move causes"). ``move`` runs the handlers inside the
move's unit of work, in table order: whatever they stage commits with the move, and a
handler that raises rolls the whole move back. A plugin adds an effect and its handler
through ``accredkit_register_consequences``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import attrs

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.events import ApplicationEvent
from accredkit.domain.applications.lifecycle import TRANSITIONS, Effect, Transition
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
        effect: the consequence it carries out, as the lifecycle rows name it
            (``lifecycle.Effect``: ``licence``, ``certificate``, ``act``, ``notice``, …).
        handler: what the move causes, run inside its unit of work.
        plugin: who added the row (``builtin`` for the shipped rows).
    """

    event: type[ApplicationEvent]
    effect: str
    handler: ApplicationListener
    plugin: str = "builtin"


@attrs.frozen
class Consequences:
    """The handler table, and the lifecycle rows whose effects it carries out.

    Empty by default (a move then causes only its journal entry). ``lifecycle`` is the
    table of moves as this cabinet has it: the shipped rows, with the effects plugins
    added (``adding``).
    """

    rows: tuple[Consequence, ...] = ()
    lifecycle: tuple[Transition, ...] = TRANSITIONS

    def adding(
        self,
        event: type[ApplicationEvent],
        effect: str,
        handler: ApplicationListener,
        plugin: str = "builtin",
    ) -> Consequences:
        """A table with one more row, after the others (its handler runs last).

        Every lifecycle row raising ``event`` (or a subclass) names ``effect`` — last,
        unless it names it already (a shipped effect whose handler is being supplied).

        Raises:
            ValueError: a handler already carries out ``effect`` for those moves.
        """
        for row in self.rows:
            overlap = issubclass(row.event, event) or issubclass(event, row.event)
            if overlap and row.effect == effect:
                raise ValueError(
                    f"{effect!r} of {event.__name__} is carried out already "
                    f"(by {handler_name(row.handler)}, {row.plugin})"
                )
        lifecycle = tuple(
            attrs.evolve(row, effects=(*row.effects, Effect(effect)))
            if issubclass(row.event, event) and effect not in row.effect_names
            else row
            for row in self.lifecycle
        )
        return Consequences((*self.rows, Consequence(event, effect, handler, plugin)), lifecycle)

    def handlers_for(self, event: ApplicationEvent) -> tuple[ApplicationListener, ...]:
        """The handlers ``event`` runs, in table order."""
        return tuple(row.handler for row in self.rows if isinstance(event, row.event))

    def effects_for(self, event: type[ApplicationEvent]) -> tuple[str, ...]:
        """The effects the handlers of an ``event`` carry out, in table order."""
        return tuple(row.effect for row in self.rows if issubclass(event, row.event))

    def disagreements(self) -> list[str]:
        """Where the lifecycle rows and the handlers differ (empty: they agree).

        Each lifecycle row's effects, in order, must be exactly what the handlers of its
        event carry out: an effect without a handler, or a handler no row names, is named.
        """
        found = []
        for row in self.lifecycle:
            carried = self.effects_for(row.event)
            if carried != row.effect_names:
                found.append(
                    f"{row.source} --{row.trigger}--> names {list(row.effect_names)}, "
                    f"the handlers of {row.event.__name__} carry out {list(carried)}"
                )
        return found

    def carry_out(
        self, uow: UnitOfWork, application: Application, event: ApplicationEvent
    ) -> tuple[ApplicationEvent, list[DomainEvent]]:
        """Run every handler of ``event`` in ``uow``.

        Returns:
            The move's event as the handlers left it (an approval names the certificate
            its handler issued: ``ApplicationEvent.naming``), and the events they raised.
        """
        caused: list[DomainEvent] = []
        for handler in self.handlers_for(event):
            for raised in handler(uow, application, event) or ():
                caused.append(raised)
                event = event.naming(raised)
        return event, caused

    def render_markdown(self) -> str:
        """The table as Markdown, for ``docs/architecture.md`` (a test keeps them equal)."""
        lines = [
            "| event | effect | handler | what it does | added by |",
            "|---|---|---|---|---|",
        ]
        for row in self.rows:
            lines.append(
                f"| `{row.event.__name__}` | {row.effect} | `{handler_name(row.handler)}` | "
                f"{handler_summary(row.handler)} | {row.plugin} |"
            )
        return "\n".join(lines) + "\n"
