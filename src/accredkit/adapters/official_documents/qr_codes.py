"""QR codes with segno: PNG and SVG for hosts, the module grid for PDF templates.

Used for the TOTP enrolment's ``otpauth://`` URI (docs/accounts.md) and the public
check address printed on certificates (docs/certificates.md).
"""

from __future__ import annotations

import io

import segno

__all__ = ["qr_matrix", "qr_png", "qr_svg"]


def _code(text: str) -> segno.QRCode:
    return segno.make(text, error="m", micro=False)


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """``text`` as a PNG QR code, ``scale`` pixels per module, with the quiet zone."""
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(text: str, *, scale: int = 8) -> bytes:
    """``text`` as an SVG QR code (UTF-8 bytes), with the quiet zone."""
    out = io.BytesIO()
    _code(text).save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The dark (``True``) and light modules of ``text``'s QR code, without quiet zone."""
    return tuple(tuple(bool(cell) for cell in row) for row in _code(text).matrix)
