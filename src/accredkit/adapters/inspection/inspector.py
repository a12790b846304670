"""The document inspector on libmagic, qpdf, PDFium and Pillow (``DocumentInspector``).

libmagic decides what the file is, from the whole buffer; the extension is never
trusted. libmagic is not thread-safe, so each inspector owns one ``magic.Magic``
handle behind a lock (never the module-level ``detect_from_*`` shims, which share
state); PDFium has its own process-wide lock (``_pdf_render``). qpdf and Pillow
objects are made per call and need no lock.

Every inspection runs on a budget (``_budget``) and every accepted file can be
disarmed into the clean copy the cabinet stores (``_disarm``).
"""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import zipfile
from typing import Any

import attrs

from accredkit.adapters.inspection._budget import Budget, Meter, OverBudget
from accredkit.domain.documents.formats import IMAGE_FORMATS, DocumentFormat, format_for_mime
from accredkit.domain.documents.messages import violation
from accredkit.domain.documents.rules import DEFAULT_POLICY, DocumentFacts, DocumentPolicy
from accredkit.errors import ValidationError

__all__ = ["ContentInspector", "other_formats"]

_UNKNOWN_MIME = "application/octet-stream"
_ZIP_END = b"PK\x05\x06"
_ZIP_DIRECTORY = b"PK\x01\x02"


def _holds_zip(data: bytes) -> bool:
    """Whether a ZIP archive sits anywhere in ``data`` (a chunk, a comment, the tail).

    An archive ends with an end-of-central-directory record that gives the size of the
    central directory just before it; a record whose directory really starts there is
    a ZIP, a chance ``PK\\5\\6`` in compressed pixels almost never is.
    """
    end = len(data)
    for _ in range(64):
        found = data.rfind(_ZIP_END, 0, end)
        if found < 0:
            return False
        if found + 22 <= len(data):
            (directory_size,) = struct.unpack_from("<I", data, found + 12)
            start = found - directory_size
            if start >= 0 and data.startswith(_ZIP_DIRECTORY, start):
                return True
        end = found
    return False


def other_formats(data: bytes) -> tuple[str, ...]:
    """Formats besides its own that ``data`` also is (a ZIP hidden in a chunk or a tail)."""
    try:
        if zipfile.is_zipfile(io.BytesIO(data)) or _holds_zip(data):
            return ("zip",)
    except (OSError, ValueError, struct.error):  # a damaged end record: not an archive
        return ()
    return ()


class ContentInspector:
    """Inspects uploads by content: type, PDF structure and pages, image pixels.

    Args:
        max_pixels: Images larger than this are measured from their header only and
            never decoded (the policy's pixel budget).
        deep_limit: Files larger than this many bytes get only their type detected;
            parsing them would cost time for a file the size rule refuses anyway.
        budget: What one inspection may spend (objects, pages, bytes, memory, time).
    """

    def __init__(
        self,
        *,
        max_pixels: int = DEFAULT_POLICY.max_pixels,
        deep_limit: int = 4 * DEFAULT_POLICY.max_bytes,
        budget: Budget | None = None,
    ) -> None:
        self.max_pixels = max_pixels
        self.deep_limit = deep_limit
        self.budget = budget or Budget(pixels=max_pixels)
        self._magic: Any = None  # libmagic loads with the first document (start-up cost)
        self._lock = threading.Lock()

    @classmethod
    def for_policy(cls, policy: DocumentPolicy) -> ContentInspector:
        """An inspector whose limits follow ``policy``."""
        return cls(
            max_pixels=policy.max_pixels,
            deep_limit=4 * policy.max_bytes,
            budget=Budget.for_policy(policy),
        )

    def mime(self, data: bytes) -> str:
        """libmagic's MIME type for the whole of ``data``."""
        import magic

        try:
            with self._lock:
                if self._magic is None:
                    self._magic = magic.Magic(mime=True)
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
        base = attrs.evolve(base, polyglot=other_formats(data))
        if fmt is DocumentFormat.PDF:
            from accredkit.adapters.inspection._pdf import (
                inspect_pdf,  # pikepdf, pypdfium2: when used
            )

            pdf = inspect_pdf(data, self.budget)
            return attrs.evolve(
                base,
                parse_error=pdf.parse_error,
                encrypted=pdf.encrypted,
                page_count=pdf.page_count,
                blank_pages=pdf.blank_pages,
                active_content=pdf.active_content,
                embedded_files=pdf.embedded_files,
                trailing_bytes=pdf.trailing_bytes,
                scans=pdf.scans,
                too_complex=pdf.too_complex,
            )
        assert fmt in IMAGE_FORMATS
        from accredkit.adapters.inspection._image import inspect_image  # Pillow: when used

        image = inspect_image(data, fmt, self.max_pixels, self.budget.memory)
        return attrs.evolve(
            base,
            width=image.width,
            height=image.height,
            decode_error=image.decode_error,
            sharpness=image.sharpness,
            trailing_bytes=image.trailing_bytes,
            blank_pages=(1,) if image.blank else (),
            too_complex=image.too_complex,
        )

    def disarm(self, data: bytes) -> bytes:
        """The clean copy of an accepted file: re-encoded image, rewritten PDF.

        Raises:
            ValidationError: the file is not a PDF, JPEG or PNG, or cannot be rebuilt
                (``document.unreadable``, ``document.too_complex``).
        """
        from accredkit.adapters.inspection._disarm import disarm_image, disarm_pdf  # when used

        fmt = format_for_mime(self.mime(data))
        try:
            if fmt is DocumentFormat.PDF:
                return disarm_pdf(data, Meter(self.budget))
            if fmt in IMAGE_FORMATS:
                assert fmt is not None
                return disarm_image(data, fmt, self.max_pixels)
        except OverBudget as exhausted:
            found = violation("document.too_complex", "content", detail=str(exhausted))
            raise ValidationError.of([found], value=len(data)) from None
        except Exception as error:  # hostile input: the rebuild may raise anything
            found = violation("document.unreadable", "content", detail=type(error).__name__)
            raise ValidationError.of([found], value=len(data)) from None
        found = violation(
            "document.format_not_allowed", "type", mime=self.mime(data), allowed="PDF, JPEG, PNG"
        )
        raise ValidationError.of([found], value=len(data))
