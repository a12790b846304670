"""Pages rendered with PDFium (pypdfium2) and judged as a reviewer would see them.

A scanned page is rendered at most 1024 px on its longer side, the size at which
uploaded images are judged too, so one measure serves both; any other page only needs
the blank rule and is rendered at half that (with a quarter of the ink). A page is *blank*
when it shows no ink (white text, invisible text, a white rectangle are all blank), and
a page is a *scan* when one image covers at least half of it; a scan's image gets the
resolution rule from its own pixels and the sharpness rule from the rendered page.

PDFium is not thread-safe: every call into it holds one process-wide lock.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from accredkit.adapters.inspection._budget import Meter
from accredkit.adapters.inspection._image import blank, sharpness
from accredkit.domain.documents.rules import PageScan

__all__ = ["RENDER_SIDE", "RenderedPages", "render_pages"]

RENDER_SIDE = 1024
_PLAIN_SIDE = 512  # pages that are not scans: blankness only
_MIN_INK = {RENDER_SIDE: 16, _PLAIN_SIDE: 4}
_SCAN_COVER = 0.5
_MAX_FORM_DEPTH = 8
_PDFIUM_LOCK = threading.Lock()


class RenderedPages:
    """What the rendered pages showed: blank page numbers and scanned pages."""

    def __init__(self) -> None:
        self.blank: list[int] = []
        self.scans: list[PageScan] = []


def _images(page: pdfium.PdfPage) -> list[tuple[float, tuple[int, int]]]:
    """Each image the page draws: the area it covers (in points²) and its pixel size."""
    found = []
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=_MAX_FORM_DEPTH):
        assert isinstance(image, pdfium.PdfImage)
        left, bottom, right, top = image.get_bounds()
        cover = max(right - left, 0.0) * max(top - bottom, 0.0)
        width, height = image.get_px_size()
        found.append((cover, (max(width, 0), max(height, 0))))
    return found


def _scan(images: list[tuple[float, tuple[int, int]]], area: float) -> tuple[int, int] | None:
    """The pixel size of the image covering most of the page, if it covers half."""
    if not images or area <= 0:
        return None
    cover, size = max(images, key=lambda found: found[0])
    return size if cover >= _SCAN_COVER * area else None


def render_pages(data: bytes, meter: Meter) -> RenderedPages:
    """Render every page of ``data`` and measure it.

    Args:
        data: The PDF (already parsed and costed by the graph walk).
        meter: Charged a page, the pixels of the images it draws and the bitmap it
            renders into, before each render.

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
                    images = _images(page)
                    scanned = _scan(images, width * height)
                    side = RENDER_SIDE if scanned is not None else _PLAIN_SIDE
                    scale = side / max(width, height, 1.0)
                    side_w, side_h = max(int(width * scale), 1), max(int(height * scale), 1)
                    drawn = sum(w * h for _, (w, h) in images)
                    meter.pixels_at_once(drawn, bytes_per_pixel=4)
                    meter.memory(4 * side_w * side_h + 4 * drawn)
                    # Colour without image smoothing is PDFium's fastest path for scans;
                    # the greyscale copy is made after.
                    bitmap = page.render(scale=scale, may_draw_forms=False, no_smoothimage=True)
                    shown = bitmap.to_pil().convert("L")
                    bitmap.close()
                    if blank(shown, _MIN_INK[side]):
                        found.blank.append(index + 1)
                    if scanned is not None:
                        found.scans.append(
                            PageScan(index + 1, scanned[0], scanned[1], sharpness(shown))
                        )
                finally:
                    page.close()
        finally:
            document.close()
    return found
