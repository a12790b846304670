"""The work one inspection may do, charged as it goes (``docs/documents.md``, budgets).

Every costly step asks the meter first: walking an object, decompressing a chunk,
rendering a page, decoding pixels. Running out raises :class:`OverBudget` before the
work is done, never after, and the inspector turns it into ``document.too_complex``:
an inspection that stops early refuses the file instead of accepting what it did not
look at.
"""

from __future__ import annotations

import time
import zlib

import attrs

from accredkit.domain.documents.rules import DEFAULT_POLICY, DocumentPolicy

__all__ = ["Budget", "Meter", "OverBudget", "inflated_size"]

_CHUNK = 256 * 1024


class OverBudget(Exception):
    """The inspection would pass one of its budgets; the message says which."""


@attrs.frozen(kw_only=True)
class Budget:
    """The limits of one inspection (from the policy's ``max_*`` settings)."""

    objects: int = DEFAULT_POLICY.max_objects
    pages: int = DEFAULT_POLICY.max_pages
    decoded_bytes: int = DEFAULT_POLICY.max_decoded_bytes
    pixels: int = DEFAULT_POLICY.max_pixels
    memory: int = DEFAULT_POLICY.max_memory
    seconds: float = DEFAULT_POLICY.max_seconds

    @classmethod
    def for_policy(cls, policy: DocumentPolicy) -> Budget:
        """The budget ``policy`` sets."""
        return cls(
            objects=policy.max_objects,
            pages=policy.max_pages,
            decoded_bytes=policy.max_decoded_bytes,
            pixels=policy.max_pixels,
            memory=policy.max_memory,
            seconds=policy.max_seconds,
        )


class Meter:
    """What one inspection has spent so far against its :class:`Budget`."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.objects = 0
        self.pages = 0
        self.decoded_bytes = 0
        self.pixels = 0
        self._deadline = time.monotonic() + budget.seconds

    def clock(self) -> None:
        """Stop if the inspection's time is up."""
        if time.monotonic() > self._deadline:
            raise OverBudget(f"time: more than {self.budget.seconds:g} s")

    def object(self) -> None:
        """Charge one object walked (and look at the clock every 1024)."""
        self.objects += 1
        if self.objects > self.budget.objects:
            raise OverBudget(f"objects: more than {self.budget.objects}")
        if self.objects % 1024 == 0:
            self.clock()

    def page(self) -> None:
        """Charge one page rendered."""
        self.pages += 1
        if self.pages > self.budget.pages:
            raise OverBudget(f"pages: more than {self.budget.pages}")
        self.clock()

    def decoded(self, count: int) -> None:
        """Charge ``count`` bytes decompressed (or about to be)."""
        self.decoded_bytes += count
        if self.decoded_bytes > self.budget.decoded_bytes:
            raise OverBudget(f"decompressed content: more than {self.budget.decoded_bytes} bytes")

    def pixels_at_once(self, count: int, bytes_per_pixel: int = 1) -> None:
        """Refuse decoding or rendering ``count`` pixels held at once past the budget."""
        self.pixels += count
        if count > self.budget.pixels:
            raise OverBudget(f"pixels: more than {self.budget.pixels} at once")
        self.memory(count * bytes_per_pixel)

    def memory(self, count: int) -> None:
        """Refuse a step that would hold more than the memory budget at once."""
        if count > self.budget.memory:
            raise OverBudget(f"memory: one step would hold more than {self.budget.memory} bytes")

    def remaining_decoded(self) -> int:
        """How many more bytes may be decompressed."""
        return self.budget.decoded_bytes - self.decoded_bytes


def inflated_size(raw: bytes, meter: Meter) -> int:
    """The size of ``raw`` once inflated (zlib), charged to ``meter`` chunk by chunk.

    Only the count is kept: no more than one chunk of output is held at a time, so a
    flate bomb costs its budget, not its size in memory.

    Raises:
        OverBudget: inflating would pass the decompressed-bytes budget.
        zlib.error: the data is not valid zlib (callers report it as damage).
    """
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    while True:
        piece = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        total += len(piece)
        meter.decoded(len(piece))
        if inflater.eof or not (piece or pending):
            return total
        meter.clock()
