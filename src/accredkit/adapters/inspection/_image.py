"""JPEG and PNG inspection: size before decoding, decode, sharpness, trailing data.

The dimensions come from walking the file's own structure (PNG chunks up to IEND,
JPEG segments and entropy-coded data up to EOI) and from Pillow's header parse; the
larger of the two is held against the pixel budget **before** anything is decoded, so
a decompression bomb never reaches the decoder. Pillow's global
``Image.MAX_IMAGE_PIXELS`` is left alone (it belongs to the host); our budget is
stricter and checked per call, and Pillow's own ``DecompressionBombError`` is still
caught as a last line.

The same walk finds where the image ends: bytes after it (a ZIP appended to make a
JPEG+ZIP polyglot) are reported, except NUL padding some scanners add.

*Blank* and *sharpness* are measured on a greyscale copy at most 1024 px on a side, the
size at which PDF pages are rendered and judged too (``_pdf_render``).
"""

from __future__ import annotations

import io
import struct
from collections import defaultdict

import attrs
from PIL import Image, ImageFilter, ImageStat

from accredkit.domain.documents.formats import DocumentFormat

__all__ = ["ImageFindings", "blank", "image_extent", "inspect_image", "sharpness"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01}
_SHARPNESS_SIDE = 1024
# Ink: a pixel at least this far (of 255) from the page's background; a page with
# fewer ink pixels than _MIN_INK (or one in 100,000) shows nothing a reader could read.
_INK_CONTRAST = 64
_MIN_INK = 16
# Laplacian divided by 8 so its full range (±1020) fits a byte around 128; the
# variance is scaled back by 8² below, matching the usual "variance of the Laplacian".
_LAPLACIAN = ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=8, offset=128)
_BYTES = defaultdict(lambda: 1, {"I;16": 2, "I;16B": 2, "I": 4, "F": 4})
_PILLOW_FORMATS = {DocumentFormat.JPEG: "JPEG", DocumentFormat.PNG: "PNG"}


class Malformed(ValueError):
    """The file's structure is broken; the message says where."""


@attrs.frozen(kw_only=True)
class ImageFindings:
    """What an image is, as far as the rules care."""

    width: int | None = None
    height: int | None = None
    decode_error: str | None = None
    sharpness: float | None = None
    trailing_bytes: int = 0
    blank: bool = False
    too_complex: str | None = None


def _png_extent(data: bytes) -> tuple[int | None, int | None, int]:
    if not data.startswith(PNG_SIGNATURE):
        raise Malformed("no PNG signature")
    width = height = None
    pos, size = len(PNG_SIGNATURE), len(data)
    while True:
        if pos + 8 > size:
            raise Malformed("PNG ends before IEND")
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size:
            raise Malformed(f"PNG chunk {kind!r} runs past the end")
        if kind == b"IHDR" and length >= 8:
            width, height = struct.unpack_from(">II", data, pos + 8)
        pos = end
        if kind == b"IEND":
            return width, height, pos


def _jpeg_extent(data: bytes) -> tuple[int | None, int | None, int]:
    if not data.startswith(b"\xff\xd8"):
        raise Malformed("no JPEG start-of-image marker")
    width = height = None
    pos, size = 2, len(data)
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise Malformed(f"JPEG marker expected at byte {pos}")
        while pos < size and data[pos] == 0xFF:
            pos += 1  # fill bytes
        if pos >= size:
            raise Malformed("JPEG ends before EOI")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return width, height, pos
        if marker in _STANDALONE:
            continue
        if pos + 2 > size:
            raise Malformed("JPEG segment header cut off")
        (length,) = struct.unpack_from(">H", data, pos)
        if length < 2 or pos + length > size:
            raise Malformed(f"JPEG segment {marker:#04x} runs past the end")
        if marker in _SOF_MARKERS and length >= 7:
            height, width = struct.unpack_from(">HH", data, pos + 3)
        pos += length
        if marker == 0xDA:
            pos = _skip_entropy_coded(data, pos)


def _skip_entropy_coded(data: bytes, pos: int) -> int:
    """The offset of the next real marker after a scan's entropy-coded data."""
    while True:
        found = data.find(b"\xff", pos)
        if found < 0 or found + 1 >= len(data):
            raise Malformed("JPEG scan data ends before EOI")
        follower = data[found + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7:
            pos = found + 2  # stuffed byte or restart marker: still scan data
        elif follower == 0xFF:
            pos = found + 1
        else:
            return found


def image_extent(data: bytes, fmt: DocumentFormat) -> tuple[int | None, int | None, int]:
    """(width, height, offset just past the image's end) from the file's structure.

    Raises:
        Malformed: the structure is broken before the end marker.
    """
    return _png_extent(data) if fmt is DocumentFormat.PNG else _jpeg_extent(data)


def sharpness(image: Image.Image) -> float:
    """Variance of the Laplacian of a greyscale copy at most 1024 px on a side.

    Sharp text has strong edges (high variance); a blurred or out-of-focus scan has
    weak ones. Measuring at one bounded size keeps the figure comparable across
    resolutions and the cost low.
    """
    grey = image
    if grey.mode != "L" or max(grey.size) > _SHARPNESS_SIDE:  # else measured as it is
        grey = image.convert("L")
        grey.thumbnail((_SHARPNESS_SIDE, _SHARPNESS_SIDE))
    if min(grey.size) < 3:
        return 0.0
    edges = grey.filter(_LAPLACIAN)
    # Pillow copies the outermost pixels through unfiltered; they are not edges.
    inner = edges.crop((1, 1, edges.width - 1, edges.height - 1))
    return float(ImageStat.Stat(inner).var[0]) * 64.0


def blank(grey: Image.Image, min_ink: int = _MIN_INK) -> bool:
    """Whether a greyscale picture shows no ink: every pixel close to its background.

    The background is the commonest shade, so white text on white, invisible text, one
    white rectangle and an empty scanned sheet are all blank.
    """
    histogram = grey.histogram()[:256]
    background = max(range(256), key=histogram.__getitem__)
    ink = sum(
        count for shade, count in enumerate(histogram) if abs(shade - background) >= _INK_CONTRAST
    )
    return ink < max(min_ink, (grey.width * grey.height) // 100_000)


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:199] + "…"


def inspect_image(
    data: bytes, fmt: DocumentFormat, max_pixels: int, max_memory: int = 1 << 62
) -> ImageFindings:
    """Inspect a JPEG or PNG without ever decoding more than ``max_pixels`` pixels.

    The decoded picture must also fit ``max_memory`` bytes (after a JPEG's reduced-size
    decoding is chosen), or the image is left undecoded and ``too_complex`` says why.
    Never raises on hostile input: damage becomes ``decode_error``.
    """
    width: int | None = None
    height: int | None = None
    trailing = 0
    structure_error: str | None = None
    try:
        width, height, end = image_extent(data, fmt)
        tail = data[end:]
        trailing = len(tail) if tail.strip(b"\x00") else 0
    except Malformed as error:
        structure_error = str(error)
    if width is not None and height is not None and width * height > max_pixels:
        return ImageFindings(width=width, height=height, trailing_bytes=trailing)
    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[fmt]]) as image:
            header = image.size
            if width is None or height is None or header[0] * header[1] > width * height:
                width, height = header
            if width * height > max_pixels:
                return ImageFindings(width=width, height=height, trailing_bytes=trailing)
            if fmt is DocumentFormat.JPEG:
                image.draft("L", (_SHARPNESS_SIDE, _SHARPNESS_SIDE))
            held = image.width * image.height * len(image.getbands()) * _BYTES[image.mode]
            if held > max_memory:
                return ImageFindings(
                    width=width,
                    height=height,
                    trailing_bytes=trailing,
                    too_complex=f"memory: decoding would hold {held} bytes, at most {max_memory}",
                )
            image.load()
            grey = image.convert("L")
            grey.thumbnail((_SHARPNESS_SIDE, _SHARPNESS_SIDE))
            measured = sharpness(grey)
            empty = blank(grey)
    except Image.DecompressionBombError as error:
        return ImageFindings(
            width=width, height=height, decode_error=_describe(error), trailing_bytes=trailing
        )
    except Exception as error:  # hostile input: Pillow may raise anything
        return ImageFindings(
            width=width,
            height=height,
            decode_error=structure_error or _describe(error),
            trailing_bytes=trailing,
        )
    return ImageFindings(
        width=width,
        height=height,
        decode_error=structure_error,
        sharpness=measured,
        trailing_bytes=trailing,
        blank=empty,
    )
