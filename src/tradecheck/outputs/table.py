"""`verify --format table`: the report for people, one table per claims file, the reasons
and inputs under it, a summary and who published the figures."""

from __future__ import annotations

import errno
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, TextIO, assert_never

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tradecheck.claims import Verdict
from tradecheck.quantity import SCALES, ordinal
from tradecheck.report import Alternative, ClaimReport, Quantity, Report, review_sentence
from tradecheck.textsafe import printable

STYLES: dict[Verdict, str] = {
    Verdict.ACCURATE: "green",
    Verdict.ACCURATE_WITHIN_ROUNDING: "green",
    Verdict.INACCURATE: "yellow",
    Verdict.FALSE: "bold red",
    Verdict.UNVERIFIABLE: "magenta",
    Verdict.NOT_CHECKABLE: "dim",
}


def verdict_style(verdict: Verdict) -> str:
    match verdict:
        case (
            Verdict.ACCURATE
            | Verdict.ACCURATE_WITHIN_ROUNDING
            | Verdict.INACCURATE
            | Verdict.FALSE
            | Verdict.UNVERIFIABLE
            | Verdict.NOT_CHECKABLE
        ):
            return STYLES[verdict]
        case _:
            assert_never(verdict)


SHORT_SCALES = {"trillion": "tn", "billion": "bn", "million": "mn", "thousand": "k"}


def quantity(q: Quantity | None, decimals: int) -> str:
    """A value in its unit at `decimals`, or at more where fewer would print a zero it is not;
    zero itself is "0 ... (exactly)", never a signed zero."""
    if q is None:
        return "—"
    v = q.value
    if q.unit == "place":  # a rank: "1st", "3rd"
        return ordinal(int(v))
    if q.unit == "in a row":  # a streak's length: "2 in a row"
        return f"{int(v)} in a row"
    if v == 0:
        return _in_unit(0.0, 0, q.unit) + " (exactly)"
    while decimals < 12 and float(f"{abs(v):.{decimals}f}") == 0:
        decimals += 1
    return _in_unit(v, decimals, q.unit)


def _in_unit(v: float, decimals: int, unit: str) -> str:
    if unit.endswith("USD"):
        scale = SHORT_SCALES.get(unit.removesuffix("USD").strip(), "")
        sign = "-" if v < 0 else ""
        return f"{sign}${_half_up(abs(v), decimals)}{' ' + scale if scale else ''}"
    signed = f"{v:+.{decimals}f}" if v else "0"
    if unit == "percent":
        return f"{signed}%"
    if unit == "percentage points":
        return f"{signed} pts"
    if unit == "times":
        return f"{v:.{decimals}f}x"
    return f"{v:.{decimals}f} {unit}"


def _decimals(claim: ClaimReport) -> int:
    precision = claim.claimed.precision if claim.claimed else None
    if precision is None:
        return 2
    digits = max(0, -int(f"{precision:e}".split("e")[1]))
    return max(2, digits + 1)


SHORT_DATASETS = {
    "country": "country",
    "enduse-exports": "end-use X",
    "enduse-imports": "end-use M",
}


def data_used(claim: ClaimReport) -> list[str]:
    """The vintages used, once each: ["country 2026-04"], or one line per dataset."""
    seen: dict[str, None] = {}
    for i in claim.inputs:
        seen[f"{SHORT_DATASETS.get(i.dataset, i.dataset)} {i.vintage}"] = None
    return list(seen) or ["—"]


class Column(NamedTuple):
    header: str
    right: bool = False  # right-justified (numbers)
    wrap: int = 0  # may be word-wrapped down to this width; 0: never wrapped
    optional: bool = False  # left out when the table cannot fit otherwise


# A cell is its lines, each with its style ("" for none).
Cell = list[tuple[str, str]]

GAP = "  "

COLUMNS = (
    Column("claim"),
    Column("claimed", wrap=7),
    Column("computed", right=True),
    Column("diff", right=True),
    Column("verdict"),
    # The vintages are repeated in the input lines under the table.
    Column("data used", optional=True),
)


def _width(cells: list[Cell], header: str) -> int:
    return max([cell_len(header), *(cell_len(text) for cell in cells for text, _ in cell)])


def _fit(columns: tuple[Column, ...], rows: list[list[Cell]], width: int | None) -> list[int]:
    """Each column's width, 0 for a column left out, so the table fits `width` if it can.

    Optional columns are left out first, then word-wrapping columns give way (to no less than
    their `wrap` width or their longest word, as a word is never broken). A table that still
    does not fit is printed wider. `width` None: no limit (a pipe or file, COLUMNS unset).
    """
    widths = [_width([row[i] for row in rows], c.header) for i, c in enumerate(columns)]

    def spare() -> int:
        shown = [w for w in widths if w]
        return (width or 0) - sum(shown) - len(GAP) * (len(shown) - 1)

    if width is None or spare() >= 0:
        return widths
    widths = [0 if c.optional else w for c, w in zip(columns, widths, strict=True)]
    for i, c in enumerate(columns):
        if c.wrap and widths[i] and spare() < 0:
            words = (cell_len(w) for row in rows for text, _ in row[i] for w in text.split())
            widths[i] = max(widths[i] + spare(), c.wrap, *words)
    return widths


def _wrapped(cell: Cell, width: int) -> Cell:
    return [
        (line, style)
        for text, style in cell
        for line in (textwrap.wrap(text, width, break_on_hyphens=False) or [""])
    ]


class Styled:
    """Text with styles, as pieces: written at once where there are no styles to show (a pipe
    or a file), or as one rich Text (a terminal). Appending a piece costs a list append; a
    rich Text costs its own bookkeeping, which a table of 10,000 claims would feel."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    def rstrip(self) -> None:
        """Trailing whitespace removed, as `Text.rstrip` does."""
        while self.pieces:
            text, style = self.pieces[-1]
            stripped = text.rstrip()
            if stripped:
                self.pieces[-1] = (stripped, style)
                return
            self.pieces.pop()

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def text(self) -> Text:
        out = Text()
        for text, style in self.pieces:
            out.append(text, style or None)
        return out


def _table(columns: tuple[Column, ...], rows: list[list[Cell]], width: int | None) -> Styled:
    """A plain table (header, rule, rows), styled; no trailing spaces."""
    widths = _fit(columns, rows, width)
    shown = [i for i, w in enumerate(widths) if w]
    lines: list[list[tuple[str, str]]] = [[(columns[i].header, "bold") for i in shown]]
    for row in rows:
        cells = [_wrapped(row[i], widths[i]) if columns[i].wrap else row[i] for i in shown]
        for n in range(max(len(cell) for cell in cells)):
            lines.append([cell[n] if n < len(cell) else ("", "") for cell in cells])
    text = Styled()
    for k, line in enumerate(lines):
        last = len(line) - 1
        for j, ((cell, style), i) in enumerate(zip(line, shown, strict=True)):
            pad = " " * (widths[i] - cell_len(cell))
            if columns[i].right:
                text.append(pad)
                text.append(cell, style)
            else:
                text.append(cell, style)
                if j < last:
                    text.append(pad)
            if j < last:
                text.append(GAP)
        text.rstrip()
        text.append("\n")
        if k == 0:
            text.append("─" * (sum(widths[i] for i in shown) + len(GAP) * last) + "\n")
    return text


# Marks a claim that misses on its recorded definition but holds on another.
HOLDS_ELSEWHERE = "*"
THEN_DIFFERS = "†"  # judged otherwise on the data published before the claim


def holds_elsewhere(claim: ClaimReport) -> list[Alternative]:
    """The other definitions a claim holds on, when it does not hold on its own."""
    if claim.verdict not in (Verdict.INACCURATE, Verdict.FALSE):
        return []
    return [a for a in claim.definitions if a.holds]


def holds_line(claim: ClaimReport, alternative: Alternative) -> str:
    """e.g. "holds as goods, Census basis (2024): $1,204.72 billion"."""
    when = alternative.period
    computed = alternative.computed
    assert computed is not None  # it holds: it was computed
    if computed.unit.endswith("USD"):  # in billions, as the headline figures are written
        dollars = SCALES.get(computed.unit.removesuffix("USD").strip(), 1)
        billions = computed.value * dollars / 10**9
        sign = "-" if billions < 0 else ""
        value = f"{sign}${_half_up(abs(billions), 2)} billion"
    else:
        value = quantity(computed, _decimals(claim))
    return f"holds as {alternative.definition} ({when}): {value}"


def _half_up(value: float, decimals: int) -> str:
    """`value` at `decimals` with commas, rounded half up as the reasons are (7.335 is 7.34;
    a float's own formatting would print 7.33)."""
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{exact:,.{decimals}f}"


def _row(claim: ClaimReport) -> list[Cell]:
    decimals = _decimals(claim)
    mark = f" {HOLDS_ELSEWHERE}" if holds_elsewhere(claim) else ""
    if claim.then is not None and claim.then.differs:
        mark += f" {THEN_DIFFERS}"
    verdict: Cell = [(claim.verdict.value + mark, verdict_style(claim.verdict))]
    if claim.expected is not None and claim.expected is not claim.verdict:
        verdict.append((f"(expected {claim.expected.value})", "bold red"))
    return [
        [(claim.id, "bold")],
        [(printable(claim.claimed.text) if claim.claimed else "—", "")],
        [(quantity(claim.computed, decimals), "")],
        [(quantity(claim.difference, decimals), "")],
        verdict,
        [(line, "") for line in data_used(claim)],
    ]


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader stopped early (`verify | head`): let the command decide what that means
        (cli: exit 2 with one line) instead of rich's exit 1, which reads as a finding."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "broken pipe")


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    """The report for people; `width` is the terminal's (None: a pipe or file, no limit)."""
    console = _Console(file=out, width=width, highlight=False, soft_wrap=True, emoji=False)
    table_width = width
    for file in report.files:
        heading = Styled()
        heading.append(printable(str(file.path)), style="bold")
        heading.append(printable(f": {file.title} ({file.publisher}, {file.date})") + "\n")
        table = _table(COLUMNS, [_row(claim) for claim in file.claims], table_width)
        # One piece list for all the reason lines: no markup parsing of report text, one write.
        notes = Styled()
        for claim in file.claims:
            notes.append(claim.id, style="bold")
            notes.append(printable(f" ({claim.verdict.value}): {claim.reason}") + "\n")
            quote = printable(" ".join(claim.quote.split()))
            notes.append(f'  quote: "{quote}"\n', style="dim")
            if claim.reading:
                notes.append(printable(f"  reading: {claim.reading}") + "\n")
            if claim.formula:
                notes.append(f"  computed: {claim.formula}\n")
            for alternative in holds_elsewhere(claim):
                notes.append(f"  {holds_line(claim, alternative)}\n", style="bold")
            if claim.then is not None and claim.then.differs:
                notes.append(f"  then and now: {claim.then.summary}\n", style="bold")
            if claim.as_of_note:
                notes.append(f"  as of: {claim.as_of_note}\n")
            for i in claim.inputs:
                if i.request is not None:
                    where = f"{i.request}, fetched {i.fetched_at}"
                else:
                    where = f"{i.file}, row {', '.join(map(str, i.rows))}"
                notes.append(
                    f"  input: {i.series}, {i.period} = ${i.value:,} "
                    f"({i.dataset} {i.vintage}: {where})\n"
                )
        if any(holds_elsewhere(c) for c in file.claims):
            table.append(
                f"{HOLDS_ELSEWHERE} holds under another definition than the one recorded "
                "(below; the verdict is the recorded definition's)\n"
            )
        if any(c.then is not None and c.then.differs for c in file.claims):
            table.append(
                f"{THEN_DIFFERS} the verdict differs on the data published before the claim "
                "(below; the verdict is the newest data's)\n"
            )
        if console.color_system is None:  # no styles to write: the text itself, at once
            out.write(f"{heading.plain}\n{table.plain}\n{notes.plain}\n")
        else:
            console.print(heading.text(), table.text(), notes.text(), sep="\n")
    counts = ", ".join(f"{n} {verdict}" for verdict, n in report.summary.items() if n)
    total = sum(report.summary.values())
    status = review_sentence([c for f in report.files for c in f.claims])
    console.print(f"{total} claim{'' if total == 1 else 's'}: {counts}. {status}.")
    console.print(f"All figures: {'; '.join(report.attribution)}.")
    datasets = dict.fromkeys(
        f"{i.dataset} {i.vintage}" for f in report.files for c in f.claims for i in c.inputs
    )
    if datasets:
        console.print(f"Datasets used: {', '.join(sorted(datasets))}.")
