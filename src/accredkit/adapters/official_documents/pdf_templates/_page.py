"""The page every official document shares: fonts, headings, labelled fields, QR, footer.

The Cyrillic font is DejaVu from the system (Debian's ``fonts-dejavu-core``, which
``make`` installs when missing); a missing font is a configuration error with a hint,
never a page of empty boxes.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from fpdf import FPDF

from accredkit.adapters.official_documents.qr_codes import qr_matrix
from accredkit.errors import ConfigurationError

__all__ = ["FONT_DIRS", "Page", "day"]

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts/dejavu",
)
"""Where DejaVu is looked for; ``ACCREDKIT_FONT_DIR`` names another directory first."""

_FAMILY = "DejaVu"
_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_MARGIN = 20.0
_INK = (20, 30, 60)
_MUTED = (90, 90, 90)


def day(value: date) -> str:
    """A date as Russian documents print it: ``08.05.2026``."""
    return value.strftime("%d.%m.%Y")


def _font_dir() -> Path:
    candidates = [os.environ.get("ACCREDKIT_FONT_DIR", ""), *FONT_DIRS]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in _FILES.values()):
            return Path(candidate)
    raise ConfigurationError(
        "the DejaVu fonts needed for PDF documents are not installed",
        message_ru="Не найден шрифт DejaVu, нужный для документов PDF.",
        code="config.font_missing",
        hint_en="Install the fonts-dejavu-core package (apt-get install fonts-dejavu-core) "
        "or set ACCREDKIT_FONT_DIR to a directory holding DejaVuSans.ttf.",
        hint_ru="Установите пакет fonts-dejavu-core (apt-get install fonts-dejavu-core) "
        "или укажите каталог со шрифтом в ACCREDKIT_FONT_DIR.",
    )


class Page:
    """One A4 page being laid out, top to bottom, in the documents' shared style."""

    def __init__(self, *, title: str, subject: str, keywords: str) -> None:
        pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        fonts = _font_dir()
        for style, name in _FILES.items():
            pdf.add_font(_FAMILY, style, str(fonts / name))
        pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        pdf.set_auto_page_break(auto=True, margin=_MARGIN)
        pdf.set_title(title)
        pdf.set_subject(subject)
        pdf.set_keywords(keywords)
        pdf.set_creator("accredkit")
        pdf.set_lang("ru-RU")
        pdf.add_page()
        self.pdf = pdf
        self.qr_box: tuple[float, float, float] = (_MARGIN + self.width, pdf.get_y(), 0.0)

    @property
    def width(self) -> float:
        """The width between the margins."""
        return float(self.pdf.epw)

    def _font(self, size: float, bold: bool = False, colour: tuple[int, int, int] = _INK) -> None:
        self.pdf.set_font(_FAMILY, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def banner(self, top_ru: str, issuer: str) -> None:
        """The line above the title: the country and the issuing body."""
        self._font(9, colour=_MUTED)
        self.pdf.cell(self.width, 5, top_ru, align="C", new_x="LMARGIN", new_y="NEXT")
        self._font(10, bold=True)
        self.pdf.multi_cell(self.width, 5, issuer, align="C", new_x="LMARGIN", new_y="NEXT")
        self.rule()

    def title(self, ru: str, en: str, number: str | None = None) -> None:
        """The document's name in Russian, the English beside it, and its number."""
        self.pdf.ln(4)
        self._font(16, bold=True)
        self.pdf.multi_cell(self.width, 8, ru, align="C", new_x="LMARGIN", new_y="NEXT")
        self._font(10, colour=_MUTED)
        self.pdf.cell(self.width, 5, en, align="C", new_x="LMARGIN", new_y="NEXT")
        if number is not None:
            self.pdf.ln(2)
            self._font(14, bold=True)
            self.pdf.cell(self.width, 8, f"№ {number}", align="C", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(4)

    def warning(self, ru: str, en: str) -> None:
        """A red line that no reader can miss (a revoked or expired certificate)."""
        self._font(13, bold=True, colour=(170, 20, 20))
        self.pdf.cell(self.width, 7, f"{ru} / {en}", align="C", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(2)

    def field(
        self, label_ru: str, label_en: str, value: str, *, width: float | None = None
    ) -> None:
        """A labelled value: the label (ru / en) small above, the value below."""
        span = width or self.width
        self._font(8, colour=_MUTED)
        self.pdf.cell(span, 4, f"{label_ru} / {label_en}", new_x="LMARGIN", new_y="NEXT")
        self._font(11.5)
        self.pdf.multi_cell(span, 6, value, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def items(self, label_ru: str, label_en: str, lines: tuple[str, ...]) -> None:
        """A labelled list (reasons, legal acts, participants), one paragraph each."""
        self._font(8, colour=_MUTED)
        self.pdf.cell(self.width, 4, f"{label_ru} / {label_en}", new_x="LMARGIN", new_y="NEXT")
        self._font(10)
        for index, line in enumerate(lines, start=1):
            prefix = f"{index}. " if len(lines) > 1 else ""
            self.pdf.multi_cell(
                self.width, 5, prefix + line, align="L", new_x="LMARGIN", new_y="NEXT"
            )
        self.pdf.ln(1.5)

    def rule(self) -> None:
        """A thin line across the page."""
        y = self.pdf.get_y() + 1.5
        self.pdf.set_draw_color(*_MUTED)
        self.pdf.set_line_width(0.2)
        self.pdf.line(_MARGIN, y, _MARGIN + self.width, y)
        self.pdf.set_y(y + 1.5)

    def qr(self, text: str, *, size: float = 34.0) -> None:
        """A QR code of ``text`` at the right margin, drawn as vector squares.

        Vector modules stay sharp at any zoom and in any scan; the quiet zone is kept
        white around them.
        """
        matrix = qr_matrix(text)
        module = size / (len(matrix) + 8)
        left = _MARGIN + self.width - size
        top = self.pdf.get_y()
        self.pdf.set_fill_color(255, 255, 255)
        self.pdf.rect(left, top, size, size, style="F")
        self.pdf.set_fill_color(0, 0, 0)
        for row, cells in enumerate(matrix):
            column = 0
            while column < len(cells):
                if not cells[column]:
                    column += 1
                    continue
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                self.pdf.rect(
                    left + (start + 4) * module,
                    top + (row + 4) * module,
                    (column - start) * module,
                    module,
                    style="F",
                )
        self.qr_box = (left, top, size)

    def beside_qr(self, lines: tuple[tuple[str, str], ...]) -> None:
        """Small text to the left of the QR code: how to check the document."""
        left, top, size = self.qr_box
        self.pdf.set_xy(_MARGIN, top + 2)
        for label, value in lines:
            self._font(8, colour=_MUTED)
            self.pdf.multi_cell(left - _MARGIN - 4, 4, label, new_x="LMARGIN", new_y="NEXT")
            self._font(8.5)
            self.pdf.multi_cell(left - _MARGIN - 4, 4.2, value, new_x="LMARGIN", new_y="NEXT")
            self.pdf.ln(1)
        self.pdf.set_y(max(self.pdf.get_y(), top + size) + 2)

    def footer(self, digest: str) -> None:
        """The record's digest and the words that say how the document is signed."""
        self.rule()
        self._font(7.5, colour=_MUTED)
        self.pdf.multi_cell(
            self.width,
            3.8,
            "Документ подписан усиленной электронной подписью выдавшей организации (PAdES); "
            "машиночитаемая подписанная запись (JSON) имеет тот же номер и ту же контрольную "
            "сумму. / Signed by the issuer (PAdES); the signed JSON record carries the same "
            "number and digest.",
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self._font(7.5)
        self.pdf.multi_cell(
            self.width,
            3.8,
            f"SHA-256 записи / record digest: {digest}",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def output(self) -> bytes:
        """The unsigned PDF."""
        return bytes(self.pdf.output())
