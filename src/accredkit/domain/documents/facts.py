"""What inspecting an upload found: the facts the document rules judge (``docs/documents.md``).

An inspection adapter fills them from the bytes; :func:`accredkit.domain.documents.rules.evaluate`
judges them. Kept apart from the rules so an adapter author reads one small module.
"""

from __future__ import annotations

import attrs

__all__ = ["DocumentFacts", "PageScan"]


@attrs.frozen
class PageScan:
    """A PDF page that is a scan (one image covers most of it), as the image rules see it.

    ``width`` × ``height`` are the image's own pixels; ``sharpness`` is measured on the
    page as rendered, at the same bounded size as an uploaded image.
    """

    page: int  # 1-based
    width: int
    height: int
    sharpness: float | None = None


@attrs.frozen(kw_only=True)
class DocumentFacts:
    """What inspecting the bytes found; an adapter fills it, the rules judge it.

    ``None`` means "not measured" (the format has no such property, or an earlier
    finding made measuring pointless or unsafe, e.g. an image over the pixel budget).
    """

    mime: str  # from libmagic, on the whole buffer
    size: int
    sha256: str
    # PDF
    parse_error: str | None = None
    encrypted: bool = False
    page_count: int | None = None
    blank_pages: tuple[int, ...] = ()  # 1-based page numbers
    active_content: tuple[str, ...] = ()  # names found: "/JavaScript", "/OpenAction", …
    embedded_files: tuple[str, ...] = ()  # "/EmbeddedFile" markers or attachment names
    # Images
    width: int | None = None
    height: int | None = None
    decode_error: str | None = None
    sharpness: float | None = None  # variance of the Laplacian of a greyscale copy
    trailing_bytes: int = 0  # after the JPEG EOI / PNG IEND / last %%EOF (not padding)
    # Any format
    scans: tuple[PageScan, ...] = ()  # PDF pages that are scans
    polyglot: tuple[str, ...] = ()  # other formats the file also is ("zip")
    too_complex: str | None = None  # the budget the inspection ran out of

    @property
    def pixels(self) -> int | None:
        """Width × height, when the header was read."""
        if self.width is None or self.height is None:
            return None
        return self.width * self.height
