"""Publish committed domain events: a storage wrapper every service goes through.

Events recorded in a unit of work reach subscribers only once its commit succeeded;
a subscriber that fails never undoes the commit (its error is kept for the host).
Inside ``reading_only()`` a commit is refused before it reaches the engine, so a host
may run reads where a write must not wait (an event loop, docs/web.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Self, TypeVar

from accredkit.errors import WriteDeferred
from accredkit.ports.storage import Collection, Repository, Storage, UnitOfWork, W

__all__ = ["DelegatingUnitOfWork", "PublishingStorage", "Subscriber"]

T = TypeVar("T")
Subscriber = Callable[[object], None]


class DelegatingUnitOfWork:
    """A unit of work that hands every call to ``inner``; wrappers override what they add.

    The publishing wrapper and the one-time codes' dispatch after commit
    (``services/correspondence/code_delivery.py``) are both this with one or two methods changed.
    """

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner
        self.journal = inner.journal

    def __enter__(self) -> Self:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def repository(self, collection: Collection[T, W]) -> Repository[T, W]:
        return self._inner.repository(collection)

    def record(self, *events: object) -> None:
        self._inner.record(*events)

    @property
    def events(self) -> list[object]:
        return self._inner.events

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()


class _PublishingUnitOfWork(DelegatingUnitOfWork):
    def __init__(self, inner: UnitOfWork, owner: PublishingStorage) -> None:
        super().__init__(inner)
        self._owner = owner

    def commit(self) -> None:
        if self._owner.reads_only.get():
            raise WriteDeferred(
                "a write was asked for where only reads may run; nothing was written",
                message_ru="Запись отложена: здесь выполняется только чтение.",
            )
        before = len(self._inner.events)
        self._inner.commit()
        for event in self._inner.events[before:]:
            self._owner.publish(event)
        self._owner.committed()


class PublishingStorage:
    """Wraps a ``Storage``; after each commit, hands its events to every subscriber."""

    def __init__(self, inner: Storage, subscribers: list[Subscriber] | None = None) -> None:
        self.inner = inner
        self.capabilities = inner.capabilities
        self.subscribers: list[Subscriber] = list(subscribers or [])
        self.after_commit: list[Callable[[], None]] = []
        """Called after every commit (the automatic journal checkpoint); failures kept."""
        self.errors: list[tuple[object, BaseException]] = []
        self.reads_only: ContextVar[bool] = ContextVar("reads_only", default=False)
        """Set in this context by ``reading_only()``: every commit raises ``WriteDeferred``."""

    @contextmanager
    def reading_only(self) -> Iterator[None]:
        """Within the block (this thread or task only), a commit raises ``WriteDeferred``.

        Reads go on as usual; a use case that would write stops at its commit with
        nothing written, and the caller runs it again where a write may wait.
        """
        token = self.reads_only.set(True)
        try:
            yield
        finally:
            self.reads_only.reset(token)

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work whose commit publishes its events."""
        return _PublishingUnitOfWork(self.inner.unit_of_work(), self)

    def publish(self, event: object) -> None:
        """Give ``event`` to every subscriber; keep (not raise) their failures."""
        for subscriber in self.subscribers:
            try:
                subscriber(event)
            except Exception as error:  # a subscriber must never undo a commit
                self.errors.append((event, error))

    def committed(self) -> None:
        """Run the after-commit hooks; keep (not raise) their failures."""
        for hook in self.after_commit:
            try:
                hook()
            except Exception as error:  # the commit stands whatever a hook does
                self.errors.append(("after_commit", error))

    def close(self) -> None:
        """Close the wrapped storage."""
        self.inner.close()
