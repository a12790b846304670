"""Port: reading an uploaded file's bytes into the facts the document rules judge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # every command loads the ports; the document rules load with a check
    from accredkit.domain.documents.rules import DocumentFacts

__all__ = ["DocumentInspector"]


class DocumentInspector(Protocol):
    """Finds out what a file really is (by content, never by name) and what it holds.

    Implementations must be safe to call from many threads at once and must never
    raise on hostile input: damage is reported in the facts (``parse_error``,
    ``decode_error``), not as an exception.
    """

    def inspect(self, data: bytes, filename: str) -> DocumentFacts:
        """The facts about ``data``; ``filename`` is a hint only, never trusted."""
        ...

    def disarm(self, data: bytes) -> bytes:
        """The clean copy of an accepted file, rebuilt from its content (what is stored).

        Raises:
            ValidationError: the file cannot be rebuilt.
        """
        ...
