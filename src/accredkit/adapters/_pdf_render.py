"""Pages rendered with PDFium (pypdfium2) and judged as a reviewer would see them.

Each page is rendered in greyscale at most 1024 px on its longer side, the size at
which uploaded images are judged too, so one measure serves both: a page is *blank*
when it shows no ink (white text, invisible text, a white rectangle are all blank), and
a page is a *scan* when one image covers at least half of it; a scan's image gets the
resolution rule from its own pixels and the sharpness rule from the rendered page.

PDFium is not thread-safe: every call into it holds one process-wide lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from accredkit.adapters._budget import Meter
from accredkit.adapters._image import blank, sharpness
from accredkit.domain.documents import PageScan

__all__ = ["RENDER_SIDE", "RenderedPages", "render_pages"]

RENDER_SIDE = 1024
_SCAN_COVER = 0.5
_MAX_FORM_DEPTH = 8
_PDFIUM_LOCK = threading.Lock()


class RenderedPages:
    """What the rendered pages showed: blank page numbers and scanned pages."""

    def __init__(self) -> None:
        self.blank: list[int] = []
        self.scans: list[PageScan] = []


def _largest_image(page: pdfium.PdfPage, area: float) -> tuple[int, int] | None:
    """The pixel size of the image covering most of the page, if it covers half."""
    best: tuple[float, tuple[int, int]] | None = None
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=_MAX_FORM_DEPTH):
        assert isinstance(image, pdfium.PdfImage)
        left, bottom, right, top = image.get_bounds()
        cover = max(right - left, 0.0) * max(top - bottom, 0.0)
        if best is None or cover > best[0]:
            best = (cover, image.get_px_size())
    if best is None or area <= 0 or best[0] < _SCAN_COVER * area:
        return None
    return best[1]


def render_pages(data: bytes, image_pixels: Sequence[int], meter: Meter) -> RenderedPages:
    """Render every page of ``data`` and measure it.

    Args:
        data: The PDF (already parsed and costed by the graph walk).
        image_pixels: Per page, the pixels of the images it draws (from the walk).
        meter: Charged a page, and the page's pixels, before each render.

    Raises:
        OverBudget: a page would pass the page, pixel, memory or time budget.
        pdfium.PdfiumError: PDFium cannot load the document or a page.
    """
    found = RenderedPages()
    with _PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(len(document)):
                meter.page()
                page = document[index]
                try:
                    width, height = page.get_size()
                    scale = RENDER_SIDE / max(width, height, 1.0)
                    side_w, side_h = max(int(width * scale), 1), max(int(height * scale), 1)
                    drawn = image_pixels[index] if index < len(image_pixels) else 0
                    meter.pixels_at_once(drawn, bytes_per_pixel=4)
                    meter.memory(side_w * side_h + 4 * drawn)
                    bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
                    shown = bitmap.to_pil().convert("L")
                    bitmap.close()
                    if blank(shown):
                        found.blank.append(index + 1)
                    scanned = _largest_image(page, width * height)
                    if scanned is not None:
                        found.scans.append(
                            PageScan(index + 1, scanned[0], scanned[1], sharpness(shown))
                        )
                finally:
                    page.close()
        finally:
            document.close()
    return found
