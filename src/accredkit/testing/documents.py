"""Real test files, made on the spot: PDFs (good and hostile) and scans (sharp and not).

For accredkit's own suites and authors of document inspectors. Every function returns
the bytes of a complete file that real tools open (or, for the hostile ones, that a
naive check would let through). The good ones are the demo's sample uploads
(``accredkit.cli._sample_documents``), re-exported here.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

from PIL import Image
from pypdf import PdfReader, PdfWriter

from accredkit.cli._sample_documents import (
    LOREM,
    pdf,
    scan,
    stream,
    text_content,
    text_pdf,
)

__all__ = [
    "LOREM",
    "blank_page_pdf",
    "embedded_file_pdf",
    "encrypted_pdf",
    "huge_png",
    "javascript_pdf",
    "object_stream_javascript_pdf",
    "open_action_pdf",
    "padded_pdf",
    "pdf",
    "polyglot_jpeg_zip",
    "scan",
    "scanned_pdf",
    "text_pdf",
    "zip_bytes",
]


def padded_pdf(size: int) -> bytes:
    """A valid one-page text PDF of exactly ``size`` bytes (filler in an unused stream)."""
    base = len(pdf([text_content([LOREM])], padding=1))
    padding = max(1, size - base)
    for _ in range(8):  # the /Length digits and offsets shift as the filler grows
        data = pdf([text_content([LOREM])], padding=padding)
        if len(data) == size:
            return data
        padding += size - len(data)
    raise ValueError(f"cannot pad a PDF to exactly {size} bytes")


def blank_page_pdf(*, blank: Sequence[int] = (2,), pages: int = 3) -> bytes:
    """A text PDF whose pages numbered in ``blank`` (1-based) paint nothing."""
    contents = [
        b"q 1 0 0 1 0 0 cm Q\n" if number in blank else text_content([f"{LOREM} {number}"])
        for number in range(1, pages + 1)
    ]
    return pdf(contents)


def javascript_pdf(*, escaped: bool = False) -> bytes:
    """A text PDF that runs JavaScript on opening (document-level name tree).

    ``escaped`` spells the names with ``#xx`` escapes (``/J#61vaScript``, ``/J#53``),
    as malware does to slip past naive byte searches.
    """
    js_name, js_key = (b"/J#61vaScript", b"/J#53") if escaped else (b"/JavaScript", b"/JS")
    action = b"<< /S " + js_name + b" " + js_key + b" (app.alert\\('hi'\\);) >>"
    return pdf(
        [text_content([LOREM])],
        catalog_extra=b" /Names << " + js_name + b" << /Names [(init) 6 0 R] >> >>",
        extra_objects=[action],
    )


def open_action_pdf(action: bytes = b"<< /S /URI /URI (http://example.org/) >>") -> bytes:
    """A text PDF with an /OpenAction (by default one that opens a web address)."""
    return pdf([text_content([LOREM])], catalog_extra=b" /OpenAction " + action)


def embedded_file_pdf(payload: bytes = b"MZ not really a program") -> bytes:
    """A text PDF carrying an attached file (an /EmbeddedFiles name tree)."""
    return pdf(
        [text_content([LOREM])],
        catalog_extra=b" /Names << /EmbeddedFiles << /Names [(tool.exe) 6 0 R] >> >>",
        extra_objects=[
            b"<< /Type /Filespec /F (tool.exe) /EF << /F 7 0 R >> >>",
            stream(payload, b" /Type /EmbeddedFile"),
        ],
    )


def object_stream_javascript_pdf() -> bytes:
    """A PDF 1.5 file whose catalog and JavaScript action sit in a compressed object stream.

    Nothing in the raw bytes spells ``/JavaScript``: only a parser that reads object
    streams (and an xref stream) finds it.
    """
    hidden = [
        (1, b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >> >>"),
        (6, b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>"),
    ]
    offsets, body = [], b""
    for _, obj in hidden:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(f"{n} {o}".encode() for (n, _), o in zip(hidden, offsets, strict=True))
    header += b"\n"
    packed = zlib.compress(header + body)
    plain = [
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        stream(text_content([LOREM])),
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    where: dict[int, int] = {}
    for number, obj in enumerate(plain, start=2):
        where[number] = len(out)
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    where[7] = len(out)
    out += b"7 0 obj\n" + stream(
        packed, f" /Type /ObjStm /N 2 /First {len(header)} /Filter /FlateDecode".encode()
    )
    out += b"\nendobj\n"
    where[8] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF), struct.pack(">BIH", 2, 7, 0)]
    rows += [struct.pack(">BIH", 1, where[n], 0) for n in range(2, 6)]
    rows += [struct.pack(">BIH", 2, 7, 1)]
    rows += [struct.pack(">BIH", 1, where[n], 0) for n in (7, 8)]
    out += b"8 0 obj\n" + stream(b"".join(rows), b" /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R")
    out += f"\nendobj\nstartxref\n{where[8]}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf(user_password: str = "secret") -> bytes:  # noqa: S107 - test fixture
    """A text PDF encrypted with pypdf (AES-256); ``""`` opens without a password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(
        user_password=user_password,
        owner_password="owner",  # noqa: S106 - a test fixture's password
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf(images: Sequence[bytes], *, cover: float = 1.0) -> bytes:
    """A PDF of one JPEG scan per page, each drawn over ``cover`` of an A4 page's width.

    Args:
        images: JPEG files (``scan(fmt="JPEG")``), embedded as they are (DCTDecode).
        cover: The share of the page's width (and height) the image takes, centred.
    """
    contents, extra, resources = [], [], []
    first = 4 + 2 * len(images)
    width, height = 595 * cover, 842 * cover
    left, bottom = (595 - width) / 2, (842 - height) / 2
    for index, jpeg in enumerate(images):
        with Image.open(io.BytesIO(jpeg)) as image:
            pixels, mode = image.size, image.mode
        space = {"L": b"/DeviceGray", "CMYK": b"/DeviceCMYK"}.get(mode, b"/DeviceRGB")
        extra.append(
            stream(
                jpeg,
                b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s"
                b" /BitsPerComponent 8 /Filter /DCTDecode" % (pixels[0], pixels[1], space),
            )
        )
        name = f"/Im{index}".encode()
        resources.append(name + f" {first + index} 0 R".encode())
        contents.append(
            f"q {width:.2f} 0 0 {height:.2f} {left:.2f} {bottom:.2f} cm ".encode() + name + b" Do Q"
        )
    return pdf(
        contents,
        extra_objects=extra,
        resources=b"/XObject << " + b" ".join(resources) + b" >>",
    )


def zip_bytes(files: dict[str, bytes] | None = None) -> bytes:
    """A ZIP archive (by default one small script)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in (files or {"run.sh": b"#!/bin/sh\necho pwned\n"}).items():
            archive.writestr(name, data)
    return out.getvalue()


def polyglot_jpeg_zip() -> bytes:
    """A valid JPEG scan with a ZIP archive appended: opens as both."""
    return scan(fmt="JPEG") + zip_bytes()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def huge_png(width: int = 14_000, height: int = 14_000) -> bytes:
    """A valid one-colour 1-bit PNG of ``width`` × ``height`` that compresses to little.

    Written row by row, so making it never holds the decoded image in memory; decoding
    it would need ``width × height`` bytes or more.
    """
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte, then white pixels
    packer = zlib.compressobj(9)
    idat = bytearray()
    chunk = row * 256
    for _ in range(height // 256):
        idat += packer.compress(chunk)
    idat += packer.compress(row * (height % 256))
    idat += packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", bytes(idat))
        + _png_chunk(b"IEND", b"")
    )
