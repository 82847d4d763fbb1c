"""`explain`'s outputs: the explanation of one claim as text for people or as JSON, each
`write(explanation, out)` over the one Explanation object (which carries the claim's report,
its reading and its charted series)."""

from __future__ import annotations

from typing import TextIO

from tradecheck.charts import Point, text_chart
from tradecheck.check import shown_quantity
from tradecheck.domain import StatedAs
from tradecheck.explain import Explanation
from tradecheck.outputs.table import quantity
from tradecheck.quantity import parse_comparison, parse_rank, parse_record, parse_streak
from tradecheck.report import Alternative, Quantity, WindowCell, WindowReport
from tradecheck.textsafe import printable


def write_json(explanation: Explanation, out: TextIO) -> None:
    out.write(explanation.model_dump_json(indent=2) + "\n")


def write_text(explanation: Explanation, out: TextIO) -> None:
    out.write("\n".join(render_text(explanation)) + "\n")


def render_text(explanation: Explanation) -> list[str]:
    """The explanation as plain-text lines."""
    r = explanation.report
    g = explanation.reading
    where = f"{explanation.file}:{explanation.line}" if explanation.line else explanation.file
    out = [f"Claim {r.id} ({where})", f'  "{r.quote}"', f"  said by: {r.speaker}", ""]
    out.append("How it was read")
    if g.flow is None:
        out.append("  not a trade statistic (not-checkable)")
    else:
        out.append(
            f"  measure: {g.flow}"
            + (f", stated as a {g.stated_as}" if g.stated_as == StatedAs.DEFICIT else "")
        )
        out.append(f"  partner: {g.partner} {g.partner_name} ({g.partner_kind})")
        if g.of is not None:
            out.append(f"  share of: {g.of}")
        goods = r.definition is None or r.definition.startswith("goods,")
        out.append(f"  commodity: {g.commodity if goods else '- (no commodity detail)'}")
        if r.definition:
            out.append(f"  definition: {r.definition}")
        out.append(f"  period: {g.period}")
        out.append(f"  operation: {g.operation}")
        if r.claimed is not None and g.claimed_kind == "record":
            out.append(f"  claimed: {r.claimed.text!r} = {record_reading(r.claimed.text)}")
        elif r.claimed is not None and g.claimed_kind == "rank":
            out.append(f"  claimed: {r.claimed.text!r} = {rank_reading(r.claimed.text)}")
        elif r.claimed is not None and g.claimed_kind == "comparison":
            out.append(f"  claimed: {r.claimed.text!r} = {comparison_reading(r.claimed.text)}")
        elif r.claimed is not None and g.claimed_kind == "streak":
            out.append(f"  claimed: {r.claimed.text!r} = {streak_reading(r.claimed.text)}")
        elif r.claimed is not None and g.claimed_kind == "sign":
            out.append(f"  claimed: {r.claimed.text!r} = the sign of the balance only")
        elif r.claimed is not None and g.claimed_kind == "direction":
            out.append(
                f"  claimed: {r.claimed.text!r} = the direction of the change only ({g.direction})"
            )
        elif r.claimed is not None:
            out.append(
                f"  claimed: {r.claimed.text!r} = {g.claimed_number} {g.claimed_unit} "
                f"(precision {g.precision}, hedge {g.hedge or 'none'}, bound {g.bound or 'none'}"
                f", direction {g.direction or 'none'})"
            )
        if g.vague_reading:
            out.append(f"  reading: {g.vague_reading}")
    if r.inputs:
        out += ["", "Series values used"]
        for i in r.inputs:
            if i.request is not None:
                source = f"Census API, {i.request}, fetched {i.fetched_at}"
            else:
                rows = ", ".join(map(str, i.rows))
                source = f"bundled {i.dataset} vintage {i.vintage}: {i.file}, row {rows}"
            out.append(f"  {i.series}, {i.period}: {i.value:,} {i.units}")
            out.append(f"    from {source}")
    if r.formula:
        out += ["", "Computation", f"  {r.formula}"]
    out += ["", "Verdict", f"  {r.verdict.value} (rule: {r.rule})", f"  {r.reason}"]
    if r.difference is not None:
        rel = (
            f", {r.relative_difference_percent:g}% of the computed value"
            if r.relative_difference_percent is not None
            else ""
        )
        shown = f"{r.difference.value:+.6g}" if r.difference.value else "0 (exactly)"
        out.append(f"  difference: {shown} {r.difference.unit}{rel}")
    expected = r.expected.value if r.expected else "accurate or accurate-within-rounding"
    out.append(f"  expected: {expected}; reproduces: {'yes' if r.reproduces else 'no'}")
    if r.caveats:
        out += ["", "Caveats"] + [f"  - {c}" for c in r.caveats]
    if r.then is not None:
        out += ["", f"Then and now (the data published by {r.then.as_of}, the claim's date)"]
        out.append(f"  {r.then.summary}")
        if not r.then.differs:
            out.append("  the same verdict on both")
    if r.as_of_note:
        out += ["", "As of", f"  {r.as_of_note}"]
    if r.record_from:
        out += ["", "Window", f"  {r.record_from}"]
    if r.windows is not None:
        out += ["", "Windows (the verdict stays the claimed window's)", f"  {r.windows.summary}"]
        out += window_grid(r.windows)
    if r.definitions:
        out += ["", f"Other definitions (the verdict stays the one for {r.definition})"]
        out += sweep_table(r.definitions)
    if explanation.series:
        out += ["", f"Series: {explanation.series_label} (< marks the claimed periods)"]
        points = [
            Point(p.period, p.value, p.claimed_period, p.note if p.value is not None else None)
            for p in explanation.series
        ]
        out += ["  " + line for line in text_chart(points, unit="")]
    if r.ranking:
        unit = r.ranking[0].unit
        out += ["", f"Top ten countries, {g.period} ({unit}) (< marks the claim's partner)"]
        placed = [
            Point(
                f"{p.place}. {p.name}",
                p.value,
                p.claimed,
                "the partner it overtook" if p.rival else None,
            )
            for p in r.ranking
        ]
        out += ["  " + line for line in text_chart(placed, unit="")]
    return [printable(line.rstrip()) for line in out]  # quotes and reasons come from files


def window_rows(windows: WindowReport) -> list[tuple[str, list[tuple[WindowCell, str] | None]]]:
    """Each start with, for every end, its cell and the cell's computed value as text (its
    verdict where none was computed), or None where no window was: the grid `explain` and
    the HTML page draw."""
    cells = {(c.start, c.end): c for c in windows.cells}
    out: list[tuple[str, list[tuple[WindowCell, str] | None]]] = []
    for start in windows.starts:
        row: list[tuple[WindowCell, str] | None] = []
        for end in windows.ends:
            c = cells.get((start, end))
            if c is None:
                row.append(None)
            elif c.computed is None:
                row.append((c, c.verdict.value))
            else:
                row.append((c, shown_quantity(Quantity(value=c.computed, unit=windows.unit))))
        out.append((start, row))
    return out


def window_mark(cell: WindowCell) -> str:
    """+ when the claim holds for the window, - when not; ' when it ends after the claim's
    date."""
    return ("+" if cell.holds else "-") + ("'" if cell.after_claim else "")


def window_grid(windows: WindowReport) -> list[str]:
    """The neighbouring windows as a grid: a row per start, a column per end; each cell the
    computed value and whether the claim holds for it (+ holds, - does not), [ ] around the
    claimed window, ' after a window ending after the claim's date."""
    rows = []
    for start, cells in window_rows(windows):
        row = [start]
        for found in cells:
            if found is None:
                row.append("")
                continue
            c, shown = found
            text = f"{shown} {window_mark(c)}"
            row.append(f"[{text}]" if c.claimed else text)
        rows.append(row)
    header = ["from \\ to", *windows.ends]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  " + "  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    for row in rows:
        lines.append("  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    lines.append(
        "  + the claim holds, - it does not; [ ] the claimed window; ' ends after the claim's date"
    )
    return lines


def sweep_table(alternatives: list[Alternative]) -> list[str]:
    """The definition sweep as a small table: each definition, its value, its verdict and why
    its value differs from the recorded definition's."""
    rows = [
        (a.definition, quantity(a.computed, 2), a.verdict.value, a.differs) for a in alternatives
    ]
    header = ("definition", "computed", "verdict", "why it differs")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2])]
        lines.append("  " + "  ".join(cells) + "  " + row[3])
    return lines


def rank_reading(text: str) -> str:
    """What a claimed rank says: the place, and any partner it overtook."""
    value = parse_rank(text)
    assert value is not None and value.rank is not None
    rank = value.rank
    place = f"{rank.words} among countries" if rank.place is not None else ""
    if rank.overtook is None:
        return place
    passed = f"behind {rank.overtook} in the period before, ahead of it in this one"
    return f"{passed}{', and ' + place if place else ''}"


def record_reading(text: str) -> str:
    """What a claimed record says: its extreme, its window's start and any level."""
    value = parse_record(text)
    assert value is not None and value.record is not None
    record = value.record
    if record.since is not None:
        start = f"the periods after {record.since}"
    elif record.years is not None:
        start = f"the last {record.years} years"
    else:
        start = "every period from the start of the data"
    out = f"the {record.words} of {start}, up to the claimed one"
    if record.level is not None:
        out += f", at {record.level.text!r} (judged by the rubric too)"
    return out


def comparison_reading(text: str) -> str:
    """What a claimed comparison says about the claim's value and the other side."""
    value = parse_comparison(text)
    assert value is not None and value.comparison is not None
    return f"the value is {value.comparison.value} the other side (measure.than or than_period)"


def streak_reading(text: str) -> str:
    """What a claimed streak says: the run of changes up to the claimed period."""
    value = parse_streak(text)
    assert value is not None and value.streak is not None
    streak = value.streak
    each = streak.frequency or "period"
    if streak.length is not None:
        return f"exactly {streak.length} {streak.noun}s in a row, each from the {each} before"
    if streak.every:
        return f"a {streak.noun} every {each} after {streak.since}, up to the claimed one"
    before = f"the {streak.noun} before it in {streak.since}"
    return f"a {streak.noun} in the claimed period, and {before}"
