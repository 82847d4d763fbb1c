"""Charts of a series: horizontal bars for the terminal, and an SVG image.

Both take the same points (label, value in billions or None, marked); a marked point is a
period the claim is about. No plotting library: the terminal chart is text, the SVG is written
directly (and is inlined as is in the HTML report, so it has no ids, scripts or links).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Point:
    label: str  # "2016" or "2016-03"
    value: float | None  # None: not available
    marked: bool = False
    note: str | None = None  # shown after a value (a record's extreme)


# The glyphs of the terminal chart: a positive value, a negative one (a balance in deficit).
POSITIVE = "█"
NEGATIVE = "▒"


def published(points: list[Point]) -> list[Point]:
    """The points up to the last published one: the periods after it (not published yet)
    are no empty slots, unless a claim is about them (then up to the last claimed one)."""
    end = len(points)
    while end and points[end - 1].value is None and not points[end - 1].marked:
        end -= 1
    return points[:end]


def text_chart(points: list[Point], width: int = 40, unit: str = "bn") -> list[str]:
    """One line per point: label, a bar scaled to the largest magnitude, the value.

    Negative values draw with a different block, and a legend line says so; a marked point
    carries '<' at the end."""
    points = published(points)
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
        bar = (NEGATIVE if point.value < 0 else POSITIVE) * length
        shown = f"{'-' if point.value < 0 and has_negative else ''}{abs(point.value):,.2f}"
        note = f"  ({point.note})" if point.note else ""
        lines.append(f"{point.label:>{label_width}} {bar:<{width}} {shown} {unit}{mark}{note}")
    if has_negative:
        lines.append(f"{'':>{label_width}} {NEGATIVE} negative, {POSITIVE} positive")
    return lines


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values (steps of 1, 2 or 5 times a power of ten) covering low..high."""
    span = high - low
    if span <= 0:
        return [low] if low else [0.0, 1.0]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    out = []
    value = first
    while value < high + step * 0.999:
        out.append(round(value, 10))
        value += step
    return out


def _tick_text(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:,.{decimals}f}" if value else "0"


def svg_chart(points: list[Point], title: str, unit: str, source: str) -> str:
    """A bar chart as an SVG document: round ticks with grid lines, marked periods in a darker
    colour with their values on the bars, a legend, and the source."""
    points = published(points)
    width, height, left, bottom, top_pad = 720, 380, 70, 70, 40
    plot_w, plot_h = width - left - 20, height - bottom - top_pad
    values = [p.value for p in points if p.value is not None]
    axis = ticks(min([0.0, *values]), max([0.0, *values]))
    low, high = axis[0], axis[-1]
    span = (high - low) or 1.0
    step_value = axis[1] - axis[0] if len(axis) > 1 else 1.0

    def y(v: float) -> float:
        return top_pad + (high - v) / span * plot_h

    step = plot_w / max(len(points), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{escape(title)}</text>',
        f'<text x="14" y="{top_pad + plot_h / 2}" transform="rotate(-90 14 '
        f'{top_pad + plot_h / 2})" text-anchor="middle">{escape(unit)}</text>',
    ]
    for tick in axis:
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - 20}" y2="{y(tick):.1f}" '
            f'stroke="{"black" if tick == 0 else "#dddddd"}"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{_tick_text(tick, step_value)}</text>"
        )
    every = max(1, math.ceil(len(points) / 16))  # about 16 period labels, and each claimed one
    crowded = {
        i + d
        for i, p in enumerate(points)
        if p.marked and every > 1
        for d in range(1 - every, every)
    }
    has_negative = False
    for index, point in enumerate(points):
        x = left + index * step
        if point.value is not None:
            y0, y1 = sorted((y(0), y(point.value)))
            has_negative = has_negative or point.value < 0
            colour = "#1f4e79" if point.marked else "#9dc3e6"
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{y0:.1f}" width="{step * 0.7:.1f}" '
                f'height="{max(y1 - y0, 0.5):.1f}" fill="{colour}"><title>{escape(point.label)}: '
                f"{point.value:,.3f}</title></rect>"
            )
            if point.marked:
                above = point.value >= 0
                label_y = y1 + 14 if not above else y0 - 4
                parts.append(
                    f'<text x="{x + step / 2:.1f}" y="{label_y:.1f}" text-anchor="middle" '
                    f'font-weight="bold">{point.value:,.2f}</text>'
                )
        if point.marked or (index % every == 0 and index not in crowded):
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle">'
                f"{escape(point.label)}{' *' if point.marked else ''}</text>"
            )
    legend_y, legend_x = height - bottom + 40, left
    if any(p.marked for p in points):
        parts.append(
            f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="#1f4e79"/>'
            f'<text x="{left + 18}" y="{legend_y}">* the periods the claim is about</text>'
            f'<rect x="{left + 230}" y="{legend_y - 10}" width="12" height="12" fill="#9dc3e6"/>'
            f'<text x="{left + 248}" y="{legend_y}">other periods</text>'
        )
        legend_x = left + 360
    if has_negative:
        parts.append(
            f'<text x="{legend_x}" y="{legend_y}">bars below the 0 line: negative values</text>'
        )
    parts.append(f'<text x="{left}" y="{height - 8}">Source: {escape(source)}.</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
