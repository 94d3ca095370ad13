"""Hand-written, server-rendered SVG charts in NHS colours.

Every function returns a complete ``<svg>`` string with ``role="img"``, a ``<title>`` and
a ``<desc>`` (wired up with ``aria-labelledby``), and escapes all text. The app shows the
same figures in an accessible table beside each chart; the SVG is a visual aid.
Suppressed values (``None``) are drawn as a labelled gap, never as zero.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from collections.abc import Sequence
from html import escape
from typing import Final

NHS_BLUE: Final = "#005eb8"
NHS_PURPLE: Final = "#330072"
NHS_WARM_YELLOW: Final = "#ffb81c"
NHS_GREEN: Final = "#007f3b"
NHS_GREY: Final = "#425563"
NHS_PALE_GREY: Final = "#e8edee"
SERIES_COLOURS: Final = (NHS_BLUE, NHS_PURPLE, NHS_GREEN, NHS_WARM_YELLOW, NHS_GREY)
DASHES: Final = ("", "6 3", "2 3", "8 3 2 3", "1 2")  # so series differ without colour
FONT: Final = 'font-family="Frutiger W01, Arial, sans-serif"'

_ids = itertools.count(1)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    uid = f"tb-chart-{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{uid}-title {uid}-desc" {FONT} '
        f'font-size="14">'
        f'<title id="{uid}-title">{_e(title)}</title><desc id="{uid}-desc">{_e(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
    )
    return head, "</svg>"


def _fmt_pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def _text(x: float, y: float, content: object, fill: str = "#212b32", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}"{extra}>{_e(content)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"{extra}/>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"/>'


NOT_SHOWN: Final = "not shown (small numbers)"
#: Steps between ticks on a share axis (0-1): each a round number of percentage points.
TICK_STEPS: Final = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25)
#: Roughly how wide one character of a label is at font-size 14 (Arial), in pixels.
CHAR_W: Final = 7.4


def share_ticks(top: float, most: int = 6) -> list[float]:
    """Round ticks from 0 for a share axis reaching at least ``top`` (0-1): 0, 5, 10 ... %
    rather than quarters of the largest value (0, 8.8, 17.6 ... %). At most ``most`` ticks
    beside 0, never past 100%."""
    top = min(1.0, max(top, 0.01))
    step = next((s for s in TICK_STEPS if math.ceil(top / s - 1e-9) <= most), 0.25)
    count = math.ceil(top / step - 1e-9)
    return [round(k * step, 4) for k in range(count + 1)]


def _tick_label(v: float) -> str:
    return f"{v * 100:.0f}%"


def _two_lines(content: str) -> tuple[str, str]:
    """A label split at the space that makes its two lines most nearly the same length."""
    words = content.split(" ")
    cut = min(range(1, len(words)), key=lambda k: max(len(" ".join(words[:k])),
                                                       len(" ".join(words[k:]))))
    return " ".join(words[:cut]), " ".join(words[cut:])


def _label_width(labels, least: int = 150, most: int = 360) -> int:
    """Room for the longest label at the left of a chart, on one line or, past ``most``,
    two, so none is cut off."""
    need = 0
    for label in map(str, labels):
        chars = len(label)
        if chars * CHAR_W + 16 > most and " " in label:
            chars = max(map(len, _two_lines(label)))
        need = max(need, chars)
    return int(min(most, max(least, need * CHAR_W + 16)))


def _wrapped(x: float, y: float, content: str, room: float, fill: str = "#212b32",
             **attrs: str) -> str:
    """A label right-aligned at ``x`` on one line, or two of about the same length when it is
    too long for ``room``."""
    if len(content) * CHAR_W <= room or " " not in content:
        return _text(x, y, content, fill, text_anchor="end", **attrs)
    first, rest = _two_lines(content)
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (f'<text x="{x:.1f}" y="{y - 8:.1f}" fill="{fill}" text-anchor="end"{extra}>'
            f'{_e(first)}<tspan x="{x:.1f}" dy="16">{_e(rest)}</tspan></text>')


def _axis_title(x: float, y: float, content: str, *, vertical: bool = False) -> str:
    """An axis title in bold; ``vertical`` turns it to read upwards beside a y axis."""
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if vertical else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" fill="#212b32" font-weight="bold" '
            f'text-anchor="middle"{turn}>{_e(content)}</text>')


def representation_bars(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    desc: str,
    reference: float | None = None,
    reference_label: str = "Whole workforce",
    x_title: str = "Share of people at the level (%)",
    width: int = 640,
) -> str:
    """Horizontal bars: share (0-1) of a group at each level; ``None`` = not shown.

    ``reference`` draws a dashed line (e.g. the group's share of the whole workforce).
    """
    label_w, right_pad, bar_h, gap, top = _label_width(r[0] for r in rows), 70, 22, 10, 30
    width = max(width, label_w + 420)
    height = top + len(rows) * (bar_h + gap) + 62
    plot_w = width - label_w - right_pad
    head, tail = _open(width, height, title, desc)
    parts = [head]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * plot_w
        parts.append(_line(x, top - 5, x, height - 57, NHS_PALE_GREY))
        parts.append(_text(x, height - 40, _tick_label(tick), NHS_GREY, text_anchor="middle"))
    parts.append(_axis_title(label_w + plot_w / 2, height - 12, x_title))
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        ty = y + bar_h * 0.7
        parts.append(_wrapped(label_w - 8, ty, str(label), label_w - 16))
        if value is None:
            parts.append(_text(label_w + 4, ty, NOT_SHOWN, NHS_GREY, font_style="italic"))
            continue
        w = max(0.0, min(1.0, value)) * plot_w
        parts.append(_rect(label_w, y, w, bar_h, NHS_BLUE))
        parts.append(_text(label_w + w + 6, ty, _fmt_pct(value)))
    if reference is not None:
        x = label_w + max(0.0, min(1.0, reference)) * plot_w
        parts.append(
            _line(x, top - 8, x, height - 57, NHS_PURPLE, stroke_width="2", stroke_dasharray="6 3")
        )
        label = f"{reference_label} {_fmt_pct(reference)}"
        parts.append(_text(x, top - 12, label, NHS_PURPLE, text_anchor="middle"))
    parts.append(tail)
    return "".join(parts)


def ratio_chart(
    items: Sequence[tuple[str, float | None, float | None, float | None]],
    *,
    title: str,
    desc: str,
    x_title: str = "Relative likelihood (1 = as likely; log scale)",
    width: int = 640,
) -> str:
    """Relative likelihoods with 95% CI whiskers on a log scale, against the shaded
    non-adverse band 0.80-1.25. ``items`` are (label, ratio, ci_low, ci_high).
    Ratios outside the band are drawn as purple squares, inside as blue circles."""
    label_w, pad, row_h, top = _label_width((i[0] for i in items), least=170), 30, 34, 40
    width = max(width, label_w + 440)
    height = top + len(items) * row_h + 62
    values = [v for _, r, lo, hi in items for v in (r, lo, hi) if v is not None and v > 0]
    lo_v = min([0.5, *values]) / 1.1
    hi_v = max([2.0, *values]) * 1.1
    plot_w = width - label_w - pad
    bottom = top + len(items) * row_h

    def x(v: float) -> float:
        span = math.log(hi_v) - math.log(lo_v)
        return label_w + (math.log(v) - math.log(lo_v)) / span * plot_w

    head, tail = _open(width, height, title, desc)
    parts = [head, _rect(x(0.8), top - 10, x(1.25) - x(0.8), bottom - top + 10, NHS_PALE_GREY)]
    parts.append(_text(x(1.0), top - 16, "0.80-1.25 band", NHS_GREY, text_anchor="middle"))
    for tick in (0.5, 0.8, 1.0, 1.25, 2.0, 4.0):
        if lo_v <= tick <= hi_v:
            parts.append(_text(x(tick), height - 37, f"{tick:g}", NHS_GREY, text_anchor="middle"))
    parts.append(_axis_title(label_w + plot_w / 2, height - 10, x_title))
    parts.append(_line(x(1.0), top - 10, x(1.0), bottom, NHS_GREY))
    for i, (label, r, lo, hi) in enumerate(items):
        y = top + i * row_h + row_h / 2
        parts.append(_wrapped(label_w - 8, y + 5, str(label), label_w - 16))
        if r is None or r <= 0:
            msg = "not shown (small numbers or not calculable)"
            parts.append(_text(label_w + 4, y + 5, msg, NHS_GREY, font_style="italic"))
            continue
        if lo is not None and hi is not None and lo > 0:
            parts.append(_line(x(lo), y, x(hi), y, NHS_GREY, stroke_width="2"))
            for v in (lo, hi):
                parts.append(_line(x(v), y - 6, x(v), y + 6, NHS_GREY, stroke_width="2"))
        if r < 0.8 or r > 1.25:
            parts.append(_rect(x(r) - 6, y - 6, 12, 12, NHS_PURPLE))
        else:
            parts.append(f'<circle cx="{x(r):.1f}" cy="{y:.1f}" r="6" fill="{NHS_BLUE}"/>')
        parts.append(_text(x(r), y - 10, f"{r:.2f}", text_anchor="middle"))
    parts.append(tail)
    return "".join(parts)


def projection_lines(
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    desc: str,
    target: float | None = None,
    target_label: str = "Workforce share",
    start_year: int = 0,
    x_title: str = "Year",
    y_title: str = "Share (%)",
    width: int = 640,
    height: int = 340,
) -> str:
    """Lines of a share (0-1) per year, one per scenario (distinct colour and dash),
    with an optional target line in warm yellow. The share axis has round ticks (0, 5,
    10 ... %) and both axes have titles."""
    left, right, top, bottom = 80, 150, 25, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max((len(v) for v in series.values()), default=1)
    vals = [v for s in series.values() for v in s if v is not None]
    if target is not None:
        vals.append(target)
    ticks = share_ticks(max(vals, default=0.1) * 1.05)
    ymax = ticks[-1]

    def pt(i: int, v: float) -> tuple[float, float]:
        return left + (i / max(1, n - 1)) * plot_w, top + plot_h - (v / ymax) * plot_h

    head, tail = _open(width, height, title, desc)
    parts = [head]
    for v in ticks:
        _, y = pt(0, v)
        parts.append(_line(left, y, left + plot_w, y, NHS_PALE_GREY))
        parts.append(_text(left - 6, y + 4, _tick_label(v), NHS_GREY, text_anchor="end"))
    for i in range(n):
        x, _ = pt(i, 0)
        parts.append(_text(x, height - 37, start_year + i, NHS_GREY, text_anchor="middle"))
    parts.append(_axis_title(left + plot_w / 2, height - 10, x_title))
    parts.append(_axis_title(18, top + plot_h / 2, y_title, vertical=True))
    if target is not None:
        _, y = pt(0, target)
        parts.append(_line(left, y, left + plot_w, y, NHS_WARM_YELLOW, stroke_width="3"))
        parts.append(_text(left + plot_w + 6, y + 4, target_label))
    for idx, (name, values) in enumerate(series.items()):
        colour = SERIES_COLOURS[idx % len(SERIES_COLOURS)]
        dash = DASHES[idx % len(DASHES)]
        points = [pt(i, v) for i, v in enumerate(values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        lx, ly = points[-1]
        parts.append(_text(lx + 6, ly + 4 + 14 * (idx % 2), name, colour))
    parts.append(tail)
    return "".join(parts)


def change_chart(
    items: Sequence[tuple[str, float | None, float | None]],
    *,
    title: str,
    desc: str,
    before_label: str = "Before",
    after_label: str = "After",
    x_title: str = "Share (%)",
    width: int = 640,
) -> str:
    """Change over time: for each label, a grey dot (before) and a blue square (after)
    joined by a line, on a 0-100% scale. ``None`` values are not shown."""
    label_w, pad, row_h, top = _label_width(i[0] for i in items), 40, 30, 45
    width = max(width, label_w + 420)
    height = top + len(items) * row_h + 60
    plot_w = width - label_w - pad
    vals = [v for _, a, b in items for v in (a, b) if v is not None]
    ticks = share_ticks(max(vals, default=0.1) * 1.05)
    xmax = ticks[-1]

    def x(v: float) -> float:
        return label_w + (v / xmax) * plot_w

    head, tail = _open(width, height, title, desc)
    parts = [head, f'<circle cx="{label_w}" cy="15" r="6" fill="{NHS_GREY}"/>']
    parts.append(_text(label_w + 10, 20, before_label))
    parts.append(_rect(label_w + 150, 9, 12, 12, NHS_BLUE))
    parts.append(_text(label_w + 168, 20, after_label))
    for v in ticks:
        parts.append(_line(x(v), top - 5, x(v), top + len(items) * row_h, NHS_PALE_GREY))
        parts.append(_text(x(v), height - 37, _tick_label(v), NHS_GREY, text_anchor="middle"))
    parts.append(_axis_title(label_w + plot_w / 2, height - 10, x_title))
    for i, (label, before, after) in enumerate(items):
        y = top + i * row_h + row_h / 2
        parts.append(_wrapped(label_w - 8, y + 5, str(label), label_w - 16))
        if before is None or after is None:
            parts.append(_text(label_w + 4, y + 5, NOT_SHOWN, NHS_GREY, font_style="italic"))
            continue
        parts.append(_line(x(before), y, x(after), y, NHS_GREY, stroke_width="2"))
        parts.append(f'<circle cx="{x(before):.1f}" cy="{y:.1f}" r="6" fill="{NHS_GREY}"/>')
        parts.append(_rect(x(after) - 6, y - 6, 12, 12, NHS_BLUE))
    parts.append(tail)
    return "".join(parts)
