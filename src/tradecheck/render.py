"""Render a verify report for people: one table per claims file, the reasons, a summary.

The only module that imports rich. JSON output is the report object dumped (see cli.py).
"""

from __future__ import annotations

from typing import TextIO, assert_never

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tradecheck.claims import Verdict
from tradecheck.report import ClaimReport, Quantity, Report

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


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


SHORT_SCALES = {"trillion": "tn", "billion": "bn", "million": "mn", "thousand": "k"}


def quantity(q: Quantity | None, decimals: int) -> str:
    if q is None:
        return "—"
    v = q.value
    if q.unit.endswith("USD"):
        scale = SHORT_SCALES.get(q.unit.removesuffix("USD").strip(), "")
        sign = "-" if v < 0 else ""
        return f"{sign}${abs(v):,.{decimals}f}{' ' + scale if scale else ''}"
    if q.unit == "percent":
        return f"{v:+.{decimals}f}%"
    if q.unit == "percentage points":
        return f"{v:+.{decimals}f} pts"
    if q.unit == "times":
        return f"{v:.{decimals}f}x"
    return f"{v:.{decimals}f} {q.unit}"


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


def data_used(claim: ClaimReport) -> str:
    """The vintages used, once each: "country 2026-04", or one line per dataset."""
    seen: dict[str, None] = {}
    for i in claim.inputs:
        seen[f"{SHORT_DATASETS.get(i.dataset, i.dataset)} {i.vintage}"] = None
    return "\n".join(seen) or "—"


def render_report(report: Report, out: TextIO, width: int | None = None) -> None:
    console = Console(file=out, width=width, highlight=False, soft_wrap=False, emoji=False)
    for file in report.files:
        console.print(
            f"[bold]{file.path}[/bold]: {file.title} ({file.publisher}, {file.date})",
            soft_wrap=True,
        )
        table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
        table.add_column("claim / quote", min_width=12, max_width=26)
        table.add_column("claimed", min_width=8, max_width=14)
        table.add_column("computed", justify="right", no_wrap=True)
        table.add_column("diff", justify="right", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        table.add_column("data used", min_width=9)
        for claim in file.claims:
            decimals = _decimals(claim)
            verdict = Text(claim.verdict.value, style=verdict_style(claim.verdict))
            if claim.expected is not None and claim.expected is not claim.verdict:
                verdict.append(f"\n(expected {claim.expected.value})", style="bold red")
            label = Text(claim.id, style="bold")
            label.append("\n" + short(claim.quote, 48), style="dim")
            table.add_row(
                label,
                claim.claimed.text if claim.claimed else "—",
                quantity(claim.computed, decimals),
                quantity(claim.difference, decimals),
                verdict,
                data_used(claim),
            )
        console.print(table)
        # One Text for all the reason lines: no markup parsing of report text, one print.
        notes = Text()
        for claim in file.claims:
            notes.append(claim.id, style="bold")
            notes.append(f" ({claim.verdict.value}): {claim.reason}\n")
            if claim.reading:
                notes.append(f"  reading: {claim.reading}\n")
            if claim.formula:
                notes.append(f"  computed: {claim.formula}\n")
            for i in claim.inputs:
                if i.request is not None:
                    where = f"{i.request}, fetched {i.fetched_at}"
                else:
                    where = f"{i.file}, row {', '.join(map(str, i.rows))}"
                notes.append(
                    f"  input: {i.series}, {i.period} = ${i.value:,} "
                    f"({i.dataset} {i.vintage}: {where})\n"
                )
        console.print(notes, soft_wrap=True, end="")
        console.print()
    counts = ", ".join(f"{n} {verdict}" for verdict, n in report.summary.items() if n)
    total = sum(report.summary.values())
    status = {0: "all claims reproduce", 1: "some claims do not reproduce"}.get(
        report.exit_code, ""
    )
    console.print(f"{total} claims: {counts}. {status}.", soft_wrap=True)
    console.print(
        "All figures: U.S. Census Bureau, goods only, Census basis, nominal dollars, "
        "not seasonally adjusted.",
        soft_wrap=True,
    )
