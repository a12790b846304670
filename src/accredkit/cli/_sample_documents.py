"""Sample uploads made on the spot: text PDFs and page scans that real tools open.

``accredkit demo`` uploads them as a person's documents; the test kit
(``accredkit.testing.documents``) writes its hostile files with the same PDF writer.
"""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFilter

__all__ = ["LOREM", "WORDS", "pdf", "scan", "stream", "text_content", "text_pdf"]

LOREM = (
    "Настоящим подтверждается, что специалист прошёл обучение. "
    "This certifies that the specialist completed the training programme."
)
WORDS = [  # what the sample pages say
    "accreditation",
    "specialist",
    "training",
    "hours",
    "programme",
    "clinic",
    "certificate",
    "diploma",
    "nursing",
    "surgery",
    "therapy",
    "paediatrics",
    "registry",
    "licence",
    "portfolio",
    "report",
    "activity",
    "credits",
    "commission",
    "decision",
    "approved",
]


def _literal(text: str) -> bytes:
    """A PDF literal string in Latin-1 (non-Latin letters become '?', fine for tests)."""
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_content(lines: Sequence[str]) -> bytes:
    """A content stream that writes ``lines`` in Helvetica 11, top to bottom."""
    parts = [b"BT /F1 11 Tf 14 TL 56 790 Td"]
    parts.extend(_literal(line) + b" '" for line in lines)
    parts.append(b"ET")
    return b"\n".join(parts)


def stream(body: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    """A PDF stream object of ``body``, ``extra`` added to its dictionary."""
    if compress:
        body = zlib.compress(body)
        extra += b" /Filter /FlateDecode"
    head = b"<< /Length " + str(len(body)).encode() + extra + b" >>\nstream\n"
    return head + body + b"\nendstream"


def pdf(
    page_contents: Sequence[bytes],
    *,
    catalog_extra: bytes = b"",
    extra_objects: Sequence[bytes] = (),
    compress: bool = False,
    padding: int = 0,
    resources: bytes = b"",
) -> bytes:
    """A minimal, valid PDF written by hand, with a correct cross-reference table.

    Objects: 1 catalog, 2 page tree, 3 font (Helvetica), then for each page its page
    object and content stream, then ``extra_objects`` (numbered on from there; the
    first extra object's number is ``4 + 2 * len(page_contents)``), then a padding
    stream of ``padding`` bytes if asked.

    Args:
        page_contents: One content stream (operators) per page; ``b""`` paints nothing.
        catalog_extra: Raw entries added to the catalog dictionary.
        extra_objects: Raw object bodies (``<< … >>`` or a stream) to include.
        compress: Flate-compress the content streams.
        padding: Size of an unreferenced filler stream's body (to reach a file size).
        resources: Raw entries added to every page's resource dictionary
            (e.g. ``b"/XObject << /Im1 6 0 R >>"``).
    """
    n_pages = len(page_contents)
    kids = b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(n_pages))
    bodies: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n_pages).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(page_contents):
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> "
            + resources
            + b" >> /Contents "
            + f"{5 + 2 * i} 0 R".encode()
            + b" >>"
        )
        bodies.append(stream(content, compress=compress))
    bodies.extend(extra_objects)
    if padding:
        bodies.append(stream((b"accredkit padding\n" * (padding // 18 + 1))[:padding]))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def text_pdf(pages: int = 1, *, lines: int = 40, compress: bool = False, seed: int = 1) -> bytes:
    """A PDF of ``pages`` pages of text, ``lines`` lines each."""
    rng = random.Random(seed)
    contents = []
    for number in range(1, pages + 1):
        text = [f"{LOREM} Page {number}."]
        text += [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(lines - 1)]
        contents.append(text_content(text))
    return pdf(contents, compress=compress)


def scan(
    width: int = 1240,
    height: int = 1754,
    *,
    fmt: str = "PNG",
    blur: float = 0.0,
    seed: int = 1,
) -> bytes:
    """A page scan: lines of text, a table and a stamp on white (A4 at 150 dpi).

    Args:
        width / height: Pixels.
        fmt: ``"PNG"`` or ``"JPEG"``.
        blur: Gaussian blur radius in pixels (an out-of-focus scan); 0 is sharp.
        seed: Varies the text.
    """
    rng = random.Random(seed)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    margin, y = width // 12, height // 14
    while y < height - height // 8:
        line = " ".join(rng.choice(WORDS) for _ in range(14))
        draw.text((margin, y), line, fill=20)
        y += max(14, height // 60)
    draw.rectangle((margin, y, width - margin, y + height // 20), outline=0, width=2)
    draw.ellipse((width - 3 * margin, y - 4 * margin, width - margin, y - 2 * margin), outline=40)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    image.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()
