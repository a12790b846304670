"""The last decoded copy of the rows every request reads, reused while the row is unchanged.

The gate reads the caller's account, session and staff record on every use case, and a
page or an API call holds several (docs/authority.md). Decoding an account (JSON, seven
AES-GCM openings, identifier checks) costs more than the read; the stored row rarely
changes between two requests. An engine therefore keeps, for a collection marked
``keep_decoded``, one decoded aggregate per row with the exact stored text and version
it came from: a read whose row is byte-for-byte the same gets that frozen value back,
any other read decodes again. A row this process writes is forgotten at commit, so an
erased person's data does not outlive the erasure here; the number of rows kept is
bounded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

__all__ = ["DecodedRows"]

_Key = tuple[str, str]


class DecodedRows:
    """At most ``size`` decoded aggregates, the least recently read dropped first."""

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._rows: OrderedDict[_Key, tuple[int, str, object, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def decoded(
        self,
        collection: str,
        row_id: str,
        version: int,
        data: str,
        protection: object,
        decode: Callable[[], Any],
    ) -> Any:
        """The aggregate of this exact row: the kept one, or ``decode()`` (then kept)."""
        key = (collection, row_id)
        with self._lock:
            kept = self._rows.get(key)
            if (
                kept is not None
                and kept[0] == version
                and kept[2] is protection
                and kept[1] == data
            ):
                self._rows.move_to_end(key)
                return kept[3]
        item = decode()
        with self._lock:
            self._rows[key] = (version, data, protection, item)
            self._rows.move_to_end(key)
            while len(self._rows) > self._size:
                self._rows.popitem(last=False)
        return item

    def forget(self, keys: list[_Key]) -> None:
        """Drop the rows just written (``(collection, row id)`` pairs)."""
        with self._lock:
            for key in keys:
                self._rows.pop(key, None)

    def __len__(self) -> int:
        return len(self._rows)
