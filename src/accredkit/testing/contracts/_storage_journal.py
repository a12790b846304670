"""The journal half of ``StorageContract`` (``contracts/storage.py``): numbering, signed
heads, events after commit, and appends from many threads (docs/journal.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Generic, TypeVar

import attrs
import pytest

from accredkit.ports.storage import Storage

__all__ = ["StorageJournalContract", "TextDraft", "requires"]

S = TypeVar("S", bound=Storage)


def requires(storage: Storage, capability: str) -> None:
    """Skip the calling test unless ``storage`` declares ``capability``."""
    if capability not in storage.capabilities:
        pytest.skip(f"storage lacks capability {capability!r}")


@attrs.frozen
class TextDraft:
    """A journal draft whose bytes are ``seq:text``."""

    text: str

    def encode(self, seq: int) -> bytes:
        """The entry's bytes, numbered."""
        return f"{seq}:{self.text}".encode()


class StorageJournalContract(Generic[S]):
    """What every storage engine's journal must do; run as part of ``StorageContract``."""

    @pytest.fixture
    def storage(self) -> Iterator[S]:
        """Yield a fresh, empty storage; override in your test class."""
        raise NotImplementedError("provide a `storage` fixture yielding an empty storage")

    def test_journal_numbers_entries_gap_free_in_commit_order(self, storage: S) -> None:
        for word in ("a", "b", "c"):
            with storage.unit_of_work() as uow:
                uow.journal.append(TextDraft(word))
                uow.journal.append(TextDraft(word.upper()))
                uow.commit()
        with storage.unit_of_work() as uow:
            entries = list(uow.journal.read())
            assert [seq for seq, _ in entries] == list(range(6))
            assert entries[3] == (3, b"3:B")
            assert list(uow.journal.read(4, 5)) == [(4, b"4:c")]
            assert uow.journal.size() == 6

    def test_signed_heads_are_kept_in_order(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            assert uow.journal.latest_head() is None
            uow.journal.add_head(0, b"head-0")
            uow.journal.add_head(3, b"head-3")
            uow.commit()
        with storage.unit_of_work() as uow:
            assert uow.journal.heads() == [(0, b"head-0"), (3, b"head-3")]
            assert uow.journal.latest_head() == (3, b"head-3")

    def test_events_are_released_only_after_commit(self, storage: S) -> None:
        with storage.unit_of_work() as uow:
            uow.record("happened")
            assert uow.events == []
            uow.commit()
            assert uow.events == ["happened"]

    def test_concurrent_threads_appending_keep_the_journal_gap_free(self, storage: S) -> None:
        requires(storage, "transactions")
        errors: list[BaseException] = []

        def work(n: int) -> None:
            try:
                for i in range(10):
                    with storage.unit_of_work() as uow:
                        uow.journal.append(TextDraft(f"{n}-{i}"))
                        uow.commit()
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with storage.unit_of_work() as uow:
            seqs = [seq for seq, _ in uow.journal.read()]
        assert seqs == list(range(40))
