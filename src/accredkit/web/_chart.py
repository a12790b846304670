"""A stacked bar chart of applications by status and week, drawn on the server as SVG.

No script and no external file: the report page embeds the markup as it is, so the
chart shows with JavaScript off and under the page CSP (docs/web.md, "Pages").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from accredkit import ApplicationStatus

__all__ = ["COLOURS", "status_chart"]

COLOURS: Mapping[str, str] = {
    ApplicationStatus.DRAFT: "#9e9e9e",
    ApplicationStatus.SUBMITTED: "#42a5f5",
    ApplicationStatus.PROCESSING: "#1565c0",
    ApplicationStatus.UNDER_REVIEW: "#7e57c2",
    ApplicationStatus.NEEDS_INFO: "#ffa726",
    ApplicationStatus.APPROVED: "#2e7d32",
    ApplicationStatus.REJECTED: "#c62828",
    ApplicationStatus.WITHDRAWN: "#6d4c41",
}

_W, _H, _LEFT, _BOTTOM, _TOP = 640, 280, 40, 40, 16


def status_chart(
    weeks: Sequence[tuple[date, Mapping[str, int]]], labels: Mapping[str, str], title: str
) -> str:
    """The SVG of one stacked bar per week (its Monday), a segment per status."""
    peak = max([sum(counts.values()) for _, counts in weeks] + [1])
    plot_h = _H - _BOTTOM - _TOP
    slot = (_W - _LEFT - 8) / max(len(weeks), 1)
    bar = max(slot * 0.6, 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H + 24 * 2}" '
        f'role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{_LEFT}" y1="{_H - _BOTTOM}" x2="{_W}" y2="{_H - _BOTTOM}" stroke="#333"/>',
        f'<text x="4" y="{_TOP + 4}" font-size="11">{peak}</text>',
        f'<text x="4" y="{_H - _BOTTOM}" font-size="11">0</text>',
    ]
    for i, (monday, counts) in enumerate(weeks):
        x = _LEFT + i * slot + (slot - bar) / 2
        y = float(_H - _BOTTOM)
        for status, colour in COLOURS.items():
            n = counts.get(status, 0)
            if not n:
                continue
            height = plot_h * n / peak
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{escape(labels[status])}: {n}</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{_H - _BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle">{monday:%d.%m}</text>'
        )
    for j, (status, colour) in enumerate(COLOURS.items()):
        lx, ly = 8 + (j % 4) * 158, _H + (j // 4) * 22
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 16}" y="{ly}" font-size="12">{escape(labels[status])}</text>')
    parts.append("</svg>")
    return "".join(parts)
