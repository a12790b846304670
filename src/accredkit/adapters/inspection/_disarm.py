"""Content disarm and reconstruction: the clean copy the cabinet stores and shows.

Whatever the rules miss should not reach a reviewer, so the accepted file is never
kept as uploaded (``docs/documents.md``, clean copies):

- an image is decoded and encoded again from its pixels: no metadata, no extra chunks
  or segments, no trailing bytes (EXIF orientation is applied first, so it looks the same);
- a PDF is written anew by qpdf from its parsed objects: acting actions, annotations
  that act, scripts, XFA, embedded files, unreferenced objects, earlier revisions and
  anything after ``%%EOF`` do not survive. Every image it holds is encoded again from
  its samples (a JPEG at its own quantisation, an image behind lossless filters as
  Flate; fax, JBIG2 and JPEG 2000 images are copied); the other streams are copied as
  they are (never inflated), so the rewrite costs what the file weighs plus one decode
  and one encode of each image.

A polyglot cannot survive either rewrite: the other format's bytes are not pixels and
not objects.
"""

from __future__ import annotations

import io
import zlib
from typing import Any

import pikepdf
from PIL import Image, ImageOps

from accredkit.adapters.inspection._budget import Meter
from accredkit.adapters.inspection._pdf_graph import (
    ACTING_ANNOTATIONS,
    acts,
    benign_open_action,
    decoded_size,
    stream_filters,
)
from accredkit.domain.documents.formats import DocumentFormat

__all__ = ["disarm_image", "disarm_pdf"]

_DROPPED_KEYS = ("/AA", "/JS", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent")
_ACTION_KEYS = ("/A", "/Next")
_PILLOW = {DocumentFormat.JPEG: "JPEG", DocumentFormat.PNG: "PNG"}
_JPEG_MODES = ("L", "RGB", "CMYK")
# Filters qpdf undoes itself, losslessly: an image behind only these is re-encoded as Flate.
_GENERAL_FILTERS = frozenset(
    {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}
    | {"/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx"}
)
_DCT = (["/DCTDecode"], ["/DCT"])


def _jpeg_again(image: Image.Image, *, keep_tables: bool) -> bytes:
    """``image`` encoded as a bare JPEG: no EXIF, ICC, XMP or comment.

    With ``keep_tables`` (``image`` is the decoded JPEG itself) the quantisation and
    subsampling are the original's, so the pixels take no second round of loss.
    """
    out = io.BytesIO()
    if keep_tables:
        image.save(out, format="JPEG", quality="keep", comment=b"", icc_profile=None)
    else:
        if image.mode not in _JPEG_MODES:
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=92, comment=b"", icc_profile=None)
    return out.getvalue()


def disarm_image(data: bytes, fmt: DocumentFormat, max_pixels: int) -> bytes:
    """The image encoded again from its decoded pixels, in the same format.

    Raises:
        ValueError: the image is over ``max_pixels`` or does not decode.
    """
    with Image.open(io.BytesIO(data), formats=[_PILLOW[fmt]]) as image:
        if image.width * image.height > max_pixels:
            raise ValueError("image over the pixel budget")
        upright_already = image.getexif().get(0x0112, 1) == 1
        image.load()
        if fmt is DocumentFormat.JPEG:
            if upright_already:  # no transposed copy: encode the decoded JPEG itself
                return _jpeg_again(image, keep_tables=True)
            return _jpeg_again(ImageOps.exif_transpose(image), keep_tables=False)
        upright = image if upright_already else ImageOps.exif_transpose(image)
        options: dict[str, Any] = {}
        if "transparency" in upright.info:
            options["transparency"] = upright.info["transparency"]
        out = io.BytesIO()
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


def _image_again(stream: pikepdf.Stream, meter: Meter) -> None:
    """Encode one image XObject again from its samples, in place.

    A DCT (JPEG) image is decoded by Pillow and encoded at its own quantisation; an
    image behind filters qpdf undoes losslessly is written back as plain Flate of its
    samples. Fax (CCITT), JBIG2 and JPEG 2000 images are copied (``docs/documents.md``).

    Raises:
        OverBudget: the image is larger than the pixel, memory or decoded-bytes budget.
        ValueError: a JPEG's pixels do not match its dictionary or do not decode.
    """
    width: object = stream.get("/Width")
    height: object = stream.get("/Height")
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0:
        raise ValueError("an image without a valid /Width and /Height")
    filters = stream_filters(stream)
    if filters in _DCT:
        meter.pixels_at_once(width * height, bytes_per_pixel=4)
        with Image.open(io.BytesIO(stream.read_raw_bytes()), formats=["JPEG"]) as image:
            if image.size != (width, height) or image.mode not in _JPEG_MODES:
                raise ValueError("a JPEG whose pixels do not match its image dictionary")
            image.load()
            encoded = _jpeg_again(image, keep_tables=True)
        stream.write(encoded, filter=pikepdf.Name.DCTDecode)
    elif all(name in _GENERAL_FILTERS for name in filters):
        meter.pixels_at_once(width * height)
        decoded_size(stream, meter)  # charged (and bounded) before anything is decoded
        samples = stream.read_bytes(pikepdf.StreamDecodeLevel.generalized)
        stream.write(zlib.compress(samples, 6), filter=pikepdf.Name.FlateDecode)
    else:
        return
    if "/DecodeParms" in stream:  # the predictor or colour transform of the old encoding
        del stream["/DecodeParms"]


def disarm_pdf(data: bytes, meter: Meter) -> bytes:
    """The PDF rewritten from its parsed objects, without anything that acts.

    Raises:
        OverBudget: the object graph or an image is larger than the budget.
        ValueError: an image does not decode as its dictionary says.
        pikepdf.PdfError: qpdf cannot read the file.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images: list[pikepdf.Stream] = []
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
                if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == pikepdf.Name.Image:
                    images.append(item)
            elif isinstance(item, pikepdf.Array):
                stack.extend(item)
        for image in images:
            meter.clock()
            _image_again(image, meter)
        out = io.BytesIO()
        pdf.save(
            out,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
            deterministic_id=True,
        )
    return out.getvalue()
