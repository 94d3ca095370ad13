"""The tenure pages' SVG charts, drawn as the insights charts are (engine/insights/charts.py:
role="img", a title and a description, NHS colours, every text escaped). Each page shows the
same figures in a table beside the chart; a figure not shown (small numbers) is a labelled gap,
never a zero."""

from __future__ import annotations

from markupsafe import Markup

from engine.insights import charts as base


def survival_chart(curves: dict[str, list[float | None]], title: str) -> Markup:
    """Share still in post at 0 to 10 years, one line per group."""
    shown = {label: line for label, line in curves.items() if any(v is not None for v in line)}
    svg = base.projection_lines(
        shown or {"No group with enough holdings": [None]}, title=title,
        desc=("Share of holders still in post by years since they started (Kaplan–Meier "
              "estimate), one line per group. The table below gives the same figures."),
        start_year=0, x_title="Years in post", y_title="Still in post (%)")
    return Markup(svg)  # noqa: S704 - the engine escapes every text it writes


def median_bars(rows: list[tuple[str, float | None]], title: str) -> Markup:
    """Horizontal bars of a median in years, one per group; None is "not shown"."""
    label_w, right, bar_h, gap, top = base._label_width(r[0] for r in rows), 90, 22, 10, 30
    width = max(640, label_w + 420)
    height = top + len(rows) * (bar_h + gap) + 62
    plot_w = width - label_w - right
    most = max([v for _, v in rows if v is not None] + [1.0])
    ticks = list(range(0, int(most) + 2))
    scale = plot_w / ticks[-1]
    head, tail = base._open(width, height, title, (
        "Median years in post by group; the table beside it gives the same figures."))
    parts = [head]
    for tick in ticks:
        x = label_w + tick * scale
        parts.append(base._line(x, top - 5, x, height - 57, base.NHS_PALE_GREY))
        parts.append(base._text(x, height - 40, tick, base.NHS_GREY, text_anchor="middle"))
    parts.append(base._axis_title(label_w + plot_w / 2, height - 12, "Median years in post"))
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        ty = y + bar_h * 0.7
        parts.append(base._wrapped(label_w - 8, ty, label, label_w - 16))
        if value is None:
            parts.append(base._text(label_w + 4, ty, base.NOT_SHOWN, base.NHS_GREY,
                                    font_style="italic"))
            continue
        parts.append(base._rect(label_w, y, value * scale, bar_h, base.NHS_BLUE))
        parts.append(base._text(label_w + value * scale + 6, ty, f"{value:.1f} years"))
    parts.append(tail)
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped by the engine
