"""Charts of a series: horizontal bars for the terminal, and an SVG file.

Both take the same points (label, value in billions or None, marked); a marked point is a
period the claim is about. No plotting library: the terminal chart is text, the SVG is written
directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Point:
    label: str  # "2016" or "2016-03"
    value: float | None  # None: not available
    marked: bool = False
    note: str | None = None  # shown after a value (a record's extreme)


def text_chart(points: list[Point], width: int = 40, unit: str = "bn") -> list[str]:
    """One line per point: label, a bar scaled to the largest magnitude, the value.

    Negative values (a deficit as a balance) draw leftwards with a different block; a marked
    point carries '<' at the end."""
    values = [abs(p.value) for p in points if p.value is not None]
    top = max(values, default=0.0) or 1.0
    has_negative = any(p.value is not None and p.value < 0 for p in points)
    label_width = max((len(p.label) for p in points), default=4)
    lines = []
    for point in points:
        mark = "  <" if point.marked else ""
        if point.value is None:
            lines.append(f"{point.label:>{label_width}} {'':{width}} (no data){mark}")
            continue
        length = round(abs(point.value) / top * width)
        bar = ("▒" if point.value < 0 else "█") * length
        shown = f"{'-' if point.value < 0 and has_negative else ''}{abs(point.value):,.2f}"
        note = f"  ({point.note})" if point.note else ""
        lines.append(f"{point.label:>{label_width}} {bar:<{width}} {shown} {unit}{mark}{note}")
    return lines


def svg_chart(points: list[Point], title: str, unit: str, source: str) -> str:
    """A bar chart as an SVG document; marked periods in a darker colour."""
    width, height, left, bottom, top_pad = 720, 360, 70, 50, 40
    plot_w, plot_h = width - left - 20, height - bottom - top_pad
    values = [p.value for p in points if p.value is not None]
    high = max([0.0, *values])
    low = min([0.0, *values])
    span = (high - low) or 1.0

    def y(v: float) -> float:
        return top_pad + (high - v) / span * plot_h

    step = plot_w / max(len(points), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 20}" y2="{y(0):.1f}" stroke="black"/>',
        f'<text x="{left - 8}" y="{y(high) + 4:.1f}" text-anchor="end">{high:,.1f}</text>',
        f'<text x="{left - 8}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
        f'<text x="14" y="{top_pad + plot_h / 2}" transform="rotate(-90 14 '
        f'{top_pad + plot_h / 2})" text-anchor="middle">{escape(unit)}</text>',
    ]
    if low < 0:
        parts.append(
            f'<text x="{left - 8}" y="{y(low) + 4:.1f}" text-anchor="end">{low:,.1f}</text>'
        )
    for index, point in enumerate(points):
        x = left + index * step
        if point.value is not None:
            y0, y1 = sorted((y(0), y(point.value)))
            colour = "#1f4e79" if point.marked else "#9dc3e6"
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{y0:.1f}" width="{step * 0.7:.1f}" '
                f'height="{max(y1 - y0, 0.5):.1f}" fill="{colour}"><title>{escape(point.label)}: '
                f"{point.value:,.3f}</title></rect>"
            )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{escape(point.label)}{' *' if point.marked else ''}</text>"
        )
    parts.append(
        f'<text x="{left}" y="{height - 8}">* the periods the claim is about. '
        f"Source: {escape(source)}.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
