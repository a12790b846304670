"""The checkpoint kept current by itself, after commits (docs/journal.md, "Checkpoints")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from accredkit.domain.authority.actors import SYSTEM

if TYPE_CHECKING:
    from accredkit.ports.clock import Clock
    from accredkit.ports.storage import Storage
    from accredkit.services.journal.journal import JournalService

__all__ = ["AutoCheckpoint"]


class AutoCheckpoint:
    """Keeps the checkpoint current by itself: a signed head once ``every`` journal
    entries (1: after every committed unit of work that journaled) or ``seconds`` have
    passed since the newest head (docs/journal.md, "Checkpoints"). It signs as ``SYSTEM``,
    the host's scheduled jobs' actor (``docs/authority.md``).

    ``journal`` gives the journal service, asked for only when a head is due: a commit
    that journaled nothing (a session's idle timer) does not build it
    (docs/benchmarks.md, "Start-up").
    """

    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        journal: Callable[[], JournalService],
        *,
        every: int = 1,
        seconds: float = 300,
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.journal = journal
        self.every = every
        self.seconds = seconds
        self._busy = False

    def __call__(self) -> None:
        """Called after each commit; signs a head when the journal is far enough ahead."""
        if self._busy or self.every < 1:
            return
        self._busy = True
        try:
            with self.storage.unit_of_work() as uow:
                size = uow.journal.size()
                found = uow.journal.latest_head()
            signed = 0 if found is None else found[0]
            if size == signed:
                return
            if size - signed >= self.every or self._stale(found):
                self.journal().checkpoint(SYSTEM)
        finally:
            self._busy = False

    def _stale(self, found: tuple[int, bytes] | None) -> bool:
        from accredkit.domain.journal.heads import SignedTreeHead  # only with entries unsigned

        if found is None:
            return True
        try:
            head = SignedTreeHead.decode(found[1])
        except ValueError:
            return True
        age = self.clock.now() - head.head.time
        return age.total_seconds() >= self.seconds
