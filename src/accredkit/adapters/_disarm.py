"""Content disarm and reconstruction: the clean copy the cabinet stores and shows.

Whatever the rules miss should not reach a reviewer, so the accepted file is never
kept as uploaded (``docs/documents.md``, clean copies):

- an image is decoded and encoded again from its pixels: no metadata, no extra chunks
  or segments, no trailing bytes (EXIF orientation is applied first, so it looks the same);
- a PDF is written anew by qpdf from its parsed objects: acting actions, annotations
  that act, scripts, XFA, embedded files, unreferenced objects, earlier revisions and
  anything after ``%%EOF`` do not survive. Streams are copied as they are (never
  inflated), so the rewrite costs what the file weighs.

A polyglot cannot survive either rewrite: the other format's bytes are not pixels and
not objects.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from PIL import Image, ImageOps

from accredkit.adapters._budget import Meter
from accredkit.adapters._pdf_graph import ACTING_ANNOTATIONS, acts, benign_open_action
from accredkit.domain.documents import DocumentFormat

__all__ = ["disarm_image", "disarm_pdf"]

_DROPPED_KEYS = ("/AA", "/JS", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent")
_ACTION_KEYS = ("/A", "/Next")
_PILLOW = {DocumentFormat.JPEG: "JPEG", DocumentFormat.PNG: "PNG"}


def disarm_image(data: bytes, fmt: DocumentFormat, max_pixels: int) -> bytes:
    """The image encoded again from its decoded pixels, in the same format.

    Raises:
        ValueError: the image is over ``max_pixels`` or does not decode.
    """
    with Image.open(io.BytesIO(data), formats=[_PILLOW[fmt]]) as image:
        if image.width * image.height > max_pixels:
            raise ValueError("image over the pixel budget")
        keep_tables = fmt is DocumentFormat.JPEG and image.getexif().get(0x0112, 1) == 1
        image.load()
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if fmt is DocumentFormat.JPEG:
            if upright.mode not in ("L", "RGB", "CMYK"):
                upright = upright.convert("RGB")
            if keep_tables:  # same quantisation: no second round of loss
                image.save(out, format="JPEG", quality="keep", comment=b"", icc_profile=None)
            else:
                upright.save(out, format="JPEG", quality=92, comment=b"", icc_profile=None)
        else:
            options: dict[str, Any] = {}
            if "transparency" in upright.info:
                options["transparency"] = upright.info["transparency"]
            upright.save(out, format="PNG", compress_level=6, icc_profile=None, **options)
    return out.getvalue()


def _strip(item: pikepdf.Object) -> None:
    """Remove from one dictionary every entry that acts or carries a file."""
    for key in _DROPPED_KEYS:
        if key in item:
            del item[key]
    for key in _ACTION_KEYS:
        if key in item and (acts(item.get(key)) or isinstance(item.get(key), pikepdf.Array)):
            del item[key]
    if "/OpenAction" in item and not benign_open_action(item.get("/OpenAction")):
        del item["/OpenAction"]
    if item.get("/S") == pikepdf.Name.URI and acts(item):
        del item["/URI"]
    names = item.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        del names["/JavaScript"]
    annots = item.get("/Annots")
    if isinstance(annots, pikepdf.Array):
        kept = [a for a in annots if str(a.get("/Subtype", "")) not in ACTING_ANNOTATIONS]
        if len(kept) != len(annots):
            item["/Annots"] = pikepdf.Array(kept)


def disarm_pdf(data: bytes, meter: Meter) -> bytes:
    """The PDF rewritten from its parsed objects, without anything that acts.

    Raises:
        OverBudget: the object graph is larger than the budget.
        pikepdf.PdfError: qpdf cannot read the file.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        seen: set[tuple[int, int]] = set()
        stack: list[Any] = [pdf.trailer]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Object) and item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
                meter.object()
            if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                _strip(item)
                stack.extend(item.values())
            elif isinstance(item, pikepdf.Array):
                stack.extend(item)
        out = io.BytesIO()
        pdf.save(
            out,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
            deterministic_id=True,
        )
    return out.getvalue()
