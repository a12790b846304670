"""A QR code drawn with text, for ``account enrol-totp`` on a terminal.

The authenticator app scans it from the screen; the same code is also written as PNG
and SVG into the home (``docs/cli.md``).
"""

from __future__ import annotations


def terminal_qr(text: str) -> str:
    """``text``'s QR code drawn with half blocks, two module rows per line, quiet zone
    included, dark on light as an authenticator app's camera expects."""
    from accredkit.adapters.official_documents.qr_codes import qr_matrix

    grid = [list(row) for row in qr_matrix(text)]
    width = len(grid[0]) + 4
    grid = [[False] * width] * 2 + [[False, False, *r, False, False] for r in grid]
    grid += [[False] * width] * 3
    cells = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    return "\n".join(
        "".join(cells[(top, bottom)] for top, bottom in zip(grid[y], grid[y + 1], strict=True))
        for y in range(0, len(grid) - 1, 2)
    )
