"""The document inspector on libmagic, pypdf and Pillow (implements ``DocumentInspector``).

libmagic decides what the file is, from the whole buffer; the extension is never
trusted. libmagic is not thread-safe, so each inspector owns one ``magic.Magic``
handle behind a lock (never the module-level ``detect_from_*`` shims, which share
state). pypdf and Pillow objects are made per call and need no lock.
"""

from __future__ import annotations

import hashlib
import threading

import attrs
import magic

from accredkit.adapters._image import inspect_image
from accredkit.adapters._pdf import inspect_pdf
from accredkit.domain.documents import (
    DEFAULT_POLICY,
    IMAGE_FORMATS,
    DocumentFacts,
    DocumentFormat,
    DocumentPolicy,
    format_for_mime,
)

__all__ = ["ContentInspector"]

_UNKNOWN_MIME = "application/octet-stream"


class ContentInspector:
    """Inspects uploads by content: type, PDF structure, image header and pixels.

    Args:
        max_pixels: Images larger than this are measured from their header only and
            never decoded (the policy's pixel budget).
        deep_limit: Files larger than this many bytes get only their type detected;
            parsing them would cost time for a file the size rule refuses anyway.
    """

    def __init__(
        self,
        *,
        max_pixels: int = DEFAULT_POLICY.max_pixels,
        deep_limit: int = 4 * DEFAULT_POLICY.max_bytes,
    ) -> None:
        self.max_pixels = max_pixels
        self.deep_limit = deep_limit
        self._magic = magic.Magic(mime=True)
        self._lock = threading.Lock()

    @classmethod
    def for_policy(cls, policy: DocumentPolicy) -> ContentInspector:
        """An inspector whose limits follow ``policy``."""
        return cls(max_pixels=policy.max_pixels, deep_limit=4 * policy.max_bytes)

    def mime(self, data: bytes) -> str:
        """libmagic's MIME type for the whole of ``data``."""
        try:
            with self._lock:
                found = self._magic.from_buffer(data)
        except magic.MagicException:
            return _UNKNOWN_MIME
        return str(found or _UNKNOWN_MIME)

    def inspect(self, data: bytes, filename: str) -> DocumentFacts:
        """The facts about ``data``; ``filename`` is not consulted (content decides)."""
        mime = self.mime(data)
        base = DocumentFacts(mime=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest())
        fmt = format_for_mime(mime)
        if not data or len(data) > self.deep_limit or fmt is None:
            return base
        if fmt is DocumentFormat.PDF:
            pdf = inspect_pdf(data)
            return attrs.evolve(
                base,
                parse_error=pdf.parse_error,
                encrypted=pdf.encrypted,
                page_count=pdf.page_count,
                blank_pages=pdf.blank_pages,
                active_content=pdf.active_content,
                embedded_files=pdf.embedded_files,
            )
        assert fmt in IMAGE_FORMATS
        image = inspect_image(data, fmt, self.max_pixels)
        return attrs.evolve(
            base,
            width=image.width,
            height=image.height,
            decode_error=image.decode_error,
            sharpness=image.sharpness,
            trailing_bytes=image.trailing_bytes,
        )
