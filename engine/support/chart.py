"""A horizontal bar chart (SVG) of the share of leaders who see each commitment in practice.

Pure Python. The page shows the same figures in a table beside it; a commitment whose figures
are not reported (too few responses) has no bar and says so."""

from __future__ import annotations

from html import escape

WIDTH = 640
LABEL_WIDTH = 260
BAR_HEIGHT = 22
GAP = 12
FONT = 'font-family="Frutiger W01, Arial, sans-serif" font-size="14"'


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(label: str, most: int = 36) -> str:
    return label if len(label) <= most else label[:most - 1] + "…"


def agreement_chart(rows: list[tuple[str, float | None]], title: str, chart_id: str) -> str:
    """``rows`` of (commitment, share agreeing from 0 to 1, or None when not reported)."""
    height = GAP + len(rows) * (BAR_HEIGHT + GAP) + 20
    bar_space = WIDTH - LABEL_WIDTH - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" {FONT} '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">Share of leaders answering agree or strongly agree, per '
        f'commitment; the table below gives the figures.</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for index, (label, share) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        parts.append(f'<text x="0" y="{y + 16}" fill="#212b32">{_e(_short(label))}</text>')
        if share is None:
            parts.append(f'<text x="{LABEL_WIDTH}" y="{y + 16}" fill="#4c6272">'
                         "not reported (too few responses)</text>")
            continue
        width = max(1.0, bar_space * share)
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
                     f'height="{BAR_HEIGHT}" fill="#005eb8"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 16}" '
                     f'fill="#212b32">{round(100 * share)}%</text>')
    parts.append("</svg>")
    return "".join(parts)
