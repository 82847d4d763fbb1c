"""`tradecheck report`: a run's report as one self-contained HTML page, for people to read and
send: inline CSS, inline SVG charts (charts.svg_chart), no scripts, fonts or images from
anywhere, readable on a phone and printable. `write(report, out, printed_on)` over the one
report object (built with `series=True`, so that each claim carries its charted series).

Every text that came from a file or a server goes through `_text` (control characters shown as
escapes, then HTML-escaped): a quote holding `<script>` stays text.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import TextIO, assert_never

from tradecheck.charts import Point, svg_chart
from tradecheck.domain import Verdict
from tradecheck.outputs.explanation import window_mark, window_rows
from tradecheck.outputs.table import _decimals, holds_elsewhere, holds_line, quantity
from tradecheck.report import (
    Alternative,
    ClaimReport,
    FileReport,
    InputValue,
    Report,
    WindowReport,
    review_sentence,
)
from tradecheck.textsafe import printable


def colour(verdict: Verdict) -> str:
    """A verdict's colour on the page, as the terminal table's styles (outputs/table.py)."""
    match verdict:
        case Verdict.ACCURATE | Verdict.ACCURATE_WITHIN_ROUNDING:
            return "#1a7f37"
        case Verdict.INACCURATE:
            return "#9a6700"
        case Verdict.FALSE:
            return "#cf222e"
        case Verdict.UNVERIFIABLE:
            return "#8250df"
        case Verdict.NOT_CHECKABLE:
            return "#57606a"
        case _:
            assert_never(verdict)


STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  line-height: 1.45; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #d0d7de; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.meta, .small { color: #57606a; font-size: 0.9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.92rem; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; white-space: nowrap; }
blockquote { border-left: 4px solid #d0d7de; margin: 0.5rem 0; padding: 0.2rem 0.8rem; }
article.claim { border-top: 1px solid #d0d7de; padding-top: 0.5rem; margin-top: 1.5rem; }
code, .formula { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.88rem; overflow-wrap: anywhere; }
figure.chart { margin: 0.5rem 0; }
figure.chart svg { width: 100%; height: auto; max-width: 720px; display: block; }
ul.summary { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
@media (max-width: 40rem) { body { padding: 0.5rem; } th, td { padding: 0.25rem 0.35rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  article.claim { break-before: auto; }
  figure.chart, table, blockquote { break-inside: avoid; }
}
"""


def _text(value: object) -> str:
    """Text from outside as HTML: control characters as escapes, markup characters escaped."""
    return escape(printable(str(value)), quote=True)


def write(report: Report, out: TextIO, printed_on: datetime.date) -> None:
    """The page; `printed_on` is the date printed on it (pinned for a reproducible page)."""
    out.write("\n".join(render(report, printed_on)) + "\n")


def render(report: Report, printed_on: datetime.date) -> list[str]:
    claims = [c for f in report.files for c in f.claims]
    if len(report.files) == 1:
        titles = report.files[0].title
    else:
        titles = f"{len(report.files)} claims files"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Fact check: {_text(titles)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Fact check: {_text(titles)}</h1>",
        f'<p class="meta">Checked by {_text(report.tool)} {_text(report.version)} on '
        f"{printed_on.isoformat()}, against U.S. trade data "
        f"(data manifest {_text(report.data_manifest_sha256[:12])})"
        + (f"; vintage {_text(report.vintage_override)}" if report.vintage_override else "")
        + ".</p>",
        "</header>",
    ]
    out += _summary(report, claims)
    for index, file in enumerate(report.files):
        out += _file(index, file)
    out += _footer(report, claims)
    out += ["</body>", "</html>"]
    return out


def _summary(report: Report, claims: list[ClaimReport]) -> list[str]:
    total = len(claims)
    out = ['<section id="summary">', "<h2>Summary</h2>"]
    out.append(f"<p>{total} claim{'' if total == 1 else 's'} in {len(report.files)} file"
               f"{'' if len(report.files) == 1 else 's'}.</p>")  # fmt: skip
    out.append('<ul class="summary">')
    for verdict, count in report.summary.items():
        if count:
            out.append(f"<li>{_badge(Verdict(verdict))}: {count}</li>")
    out.append("</ul>")
    out.append(f"<p>{_text(review_sentence(claims))}.</p>")
    out.append("</section>")
    return out


def _badge(verdict: Verdict) -> str:
    return f'<span class="verdict" style="color: {colour(verdict)}">{verdict.value}</span>'


def _anchor(index: int, claim: ClaimReport) -> str:
    return f"claim-{index}-{_text(claim.id)}"


def _file(index: int, file: FileReport) -> list[str]:
    link = ""
    if file.url and file.url.startswith(("https://", "http://")):
        link = f' <a href="{_text(file.url)}">source</a>'
    out = [
        f'<section class="file" id="file-{index}">',
        f"<h2>{_text(file.title)}</h2>",
        f'<p class="meta">{_text(file.publisher)}, {_text(file.date)}{link}. Claims file: '
        f"<code>{_text(file.path)}</code>.</p>",
        '<div class="scroll"><table class="verdicts">',
        "<thead><tr><th>claim</th><th>claimed</th><th>computed</th><th>difference</th>"
        "<th>verdict</th></tr></thead>",
        "<tbody>",
    ]
    for claim in file.claims:
        decimals = _decimals(claim)
        mark = " *" if holds_elsewhere(claim) else ""
        out.append(
            f'<tr><td><a href="#{_anchor(index, claim)}">{_text(claim.id)}</a></td>'
            f"<td>{_text(claim.claimed.text) if claim.claimed else '—'}</td>"
            f'<td class="num">{_text(quantity(claim.computed, decimals))}</td>'
            f'<td class="num">{_text(quantity(claim.difference, decimals))}</td>'
            f"<td>{_badge(claim.verdict)}{mark}</td></tr>"
        )
    out += ["</tbody>", "</table></div>"]
    if any(holds_elsewhere(c) for c in file.claims):
        out.append(
            '<p class="small">* holds under another definition than the one recorded (see the '
            "claim; the verdict is the recorded definition's)</p>"
        )
    for claim in file.claims:
        out += _claim(index, claim)
    out.append("</section>")
    return out


def _claim(index: int, claim: ClaimReport) -> list[str]:
    out = [
        f'<article class="claim" id="{_anchor(index, claim)}">',
        f"<h3>{_text(claim.id)}: {_badge(claim.verdict)}</h3>",
        f"<blockquote>{_text(' '.join(claim.quote.split()))}</blockquote>",
        f'<p class="small">Said by {_text(claim.speaker)}.</p>',
        f"<p><strong>Why:</strong> {_text(claim.reason)} "
        f'<span class="small">(rule: {_text(claim.rule)})</span></p>',
    ]
    if claim.expected is not None and claim.expected is not claim.verdict:
        out.append(f"<p><strong>Recorded verdict:</strong> {_badge(claim.expected)} "
                   "(this run gives another)</p>")  # fmt: skip
    if claim.reading:
        out.append(f"<p><strong>Reading:</strong> {_text(claim.reading)}</p>")
    if claim.definition:
        out.append(f"<p><strong>Definition:</strong> {_text(claim.definition)}</p>")
    if claim.formula:
        out += ["<h4>Computation</h4>", f'<p class="formula">{_text(claim.formula)}</p>']
    for alternative in holds_elsewhere(claim):
        out.append(f"<p><strong>{_text(holds_line(claim, alternative))}</strong></p>")
    out += _chart(claim)
    if claim.definitions:
        out += _sweep(claim)
    out += _pending_sections(claim)
    if claim.inputs:
        out += _provenance(claim.inputs)
    if claim.caveats:
        out += ["<h4>Caveats</h4>", "<ul>"]
        out += [f"<li>{_text(c)}</li>" for c in claim.caveats]
        out.append("</ul>")
    out.append("</article>")
    return out


def _chart(claim: ClaimReport) -> list[str]:
    if not claim.series:
        return []
    points = [
        Point(p.period, p.value, p.claimed_period, p.note if p.value is not None else None)
        for p in claim.series
    ]
    svg = svg_chart(
        points,
        f"{claim.id}: {claim.series_label}",
        unit=claim.series[0].unit,
        source="; ".join(claim.attribution),
    )
    notes = [f"{p.period}: {p.note}" for p in claim.series if p.note and p.value is not None]
    caption = "The series around the claim; the claim's periods are dark, with their values."
    if notes:
        caption += " " + "; ".join(notes) + "."
    return [
        '<figure class="chart">',
        svg.rstrip("\n"),
        f'<figcaption class="small">{_text(caption)}</figcaption>',
        "</figure>",
    ]


def _sweep(claim: ClaimReport) -> list[str]:
    out = [
        f"<h4>Other definitions (the verdict stays the one for {_text(claim.definition)})</h4>",
        '<div class="scroll"><table class="sweep">',
        "<thead><tr><th>definition</th><th>computed</th><th>verdict</th>"
        "<th>why it differs</th></tr></thead>",
        "<tbody>",
    ]
    for alternative in claim.definitions:
        out.append(_sweep_row(alternative))
    out += ["</tbody>", "</table></div>"]
    return out


def _sweep_row(a: Alternative) -> str:
    return (
        f"<tr><td>{_text(a.definition)}</td>"
        f'<td class="num">{_text(quantity(a.computed, 2))}</td>'
        f"<td>{_badge(a.verdict)}</td><td>{_text(a.differs)}</td></tr>"
    )


# Then/now (the claim judged on the data as published when it was made, and now) and the
# window analysis come with as-of vintages (issue 21). Their place is here: each is drawn from
# the claim report's field of that name when the report has one, and is nothing until then.
def _pending_sections(claim: ClaimReport) -> list[str]:
    """Then and now, `--as-of`'s note, a record's window and a change's neighbouring windows
    (none of them changes the verdict)."""
    out: list[str] = []
    if claim.then is not None:
        out += ['<section class="then_now">', "<h4>Then and now</h4>"]
        out.append(f"<p>{_text(claim.then.summary)}</p>")
        if not claim.then.differs:
            out.append("<p>The same verdict on both.</p>")
        out.append("</section>")
    if claim.as_of_note:
        out.append(f'<p class="as_of">{_text(claim.as_of_note)}</p>')
    if claim.record_from:
        out.append(f'<p class="window">Window: {_text(claim.record_from)}</p>')
    if claim.windows is not None:
        out += _windows(claim.windows)
    return out


def _windows(windows: WindowReport) -> list[str]:
    """The neighbouring windows as a table: a row per start, a column per end."""
    out = [
        '<section class="window">',
        "<h4>Window analysis</h4>",
        f"<p>{_text(windows.summary)}</p>",
        '<div class="scroll"><table class="windows">',
        "<thead><tr><th>from \\ to</th>"
        + "".join(f"<th>{_text(e)}</th>" for e in windows.ends)
        + "</tr></thead>",
        "<tbody>",
    ]
    for start, cells in window_rows(windows):
        row = [f"<th>{_text(start)}</th>"]
        for found in cells:
            if found is None:
                row.append("<td></td>")
                continue
            c, shown = found
            mark = ("holds" if c.holds else "does not hold") + (
                ", ends after the claim's date" if c.after_claim else ""
            )
            style = ' class="claimed"' if c.claimed else ""
            row.append(f'<td{style} title="{_text(mark)}">{_text(shown)} {window_mark(c)}</td>')
        out.append("<tr>" + "".join(row) + "</tr>")
    out += [
        "</tbody></table></div>",
        "<p>+ the claim holds, - it does not; the claimed window is marked; ' ends after the "
        "claim's date.</p>",
        "</section>",
    ]
    return out


def _provenance(inputs: list[InputValue]) -> list[str]:
    out = [
        "<h4>Where every number comes from</h4>",
        '<div class="scroll"><table class="provenance">',
        "<thead><tr><th>series</th><th>period</th><th>value (USD)</th><th>source</th></tr></thead>",
        "<tbody>",
    ]
    for i in inputs:
        if i.request is not None:
            digest = i.response_sha256
            where = (
                f"Census API {_text(i.dataset)}, request <code>{_text(i.request)}</code>, "
                f"answered {_text(i.fetched_at)}"
            )
            where += f", body SHA-256 <code>{_text(digest)}</code>" if digest else ""
        else:
            rows = ", ".join(map(str, i.rows))
            where = (
                f"{_text(i.dataset)} vintage {_text(i.vintage)}: <code>{_text(i.file)}</code>, "
                f"row{'s' if len(i.rows) > 1 else ''} {rows}"
            )
        out.append(
            f"<tr><td>{_text(i.series)}</td><td>{_text(i.period)}</td>"
            f'<td class="num">{i.value:,}</td><td>{where}</td></tr>'
        )
    out += ["</tbody>", "</table></div>"]
    return out


def _footer(report: Report, claims: list[ClaimReport]) -> list[str]:
    datasets = sorted(dict.fromkeys(f"{i.dataset} {i.vintage}" for c in claims for i in c.inputs))
    out = ["<footer>", f'<p class="small">All figures: {_text("; ".join(report.attribution))}.']
    if datasets:
        out.append(f" Datasets used: {_text(', '.join(datasets))}.")
    out += ["</p>", "</footer>"]
    return out
