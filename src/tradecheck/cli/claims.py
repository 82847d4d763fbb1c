"""`lint`, `schema`, `explain`, `new` (with its questions on a terminal) and `accept`: the
commands about claims files and single claims.

(No `from __future__ import annotations`: typer reads these commands' annotations.)
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from tradecheck.cli import common
from tradecheck.cli.common import (
    ID_CHARACTERS,
    AsOfOption,
    DriftAsOfOption,
    FlowChoice,
    LintFormat,
    PathsArgument,
    SeriesFormat,
    TextOrJson,
    _cache_if_any,
    _check_plot,
    _file_problems,
    _to_stdout,
    choices,
    data_choice,
    fail,
    warn,
)
from tradecheck.domain import AdjustmentName, BasisName, Coverage, Operation, StatedAs


@_to_stdout
def lint(
    paths: PathsArgument = None,
    output_format: Annotated[
        LintFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: messages on stderr. github: also each problem and warning as a GitHub "
            "Actions workflow command on stdout, shown on its line in a pull request.",
        ),
    ] = LintFormat.TEXT,
) -> None:
    """Validate claims files without computing anything.

    Reports every problem of every file at once, each as FILE:LINE:COLUMN: FIELD: message,
    with a hint where one helps (close matches for an unknown partner or field name). Exit 0
    when clean, 2 on any problem. `verify` runs the same validation first.
    """
    from tradecheck.engine import prepare
    from tradecheck.errors import ClaimsFileError
    from tradecheck.outputs.github import write_problems

    github = output_format is LintFormat.GITHUB
    try:
        prepared = prepare(paths or [Path("claims")])
    except ClaimsFileError as exc:
        for display, count in exc.valid:  # the files of the run that are fine say so
            print(f"{display}: {count} claim{'s' if count != 1 else ''}, no problems")
        if github:
            write_problems(exc.problems, exc.warnings, sys.stdout)
        raise _file_problems(exc) from None
    for message in prepared.warnings:
        warn(message)
    if github:
        write_problems([], prepared.warned, sys.stdout)
    for item, _ in prepared.files:
        count = len(item.content.claims)
        print(f"{item.display}: {count} claim{'s' if count != 1 else ''}, no problems")


@_to_stdout
def schema() -> None:
    """Print the JSON Schema of a claims file (for an editor's YAML plugin; see README).

    The schema checks structure (fields, types, patterns); `tradecheck lint` also checks
    meaning (partners, readable claimed values, ordered periods).
    """
    import json

    from tradecheck.claims import ClaimsFile

    document = ClaimsFile.model_json_schema()
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://tradecheck.example/claims-file.schema.json",
        **document,
    }
    print(json.dumps(document, indent=2))


@_to_stdout
def explain(
    claim_id: Annotated[str, typer.Argument(help="The id of the claim to explain.")],
    paths: PathsArgument = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = TextOrJson.TEXT,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also write a chart of the series around the claimed period to this .svg file.",
            show_default=False,
        ),
    ] = None,
    vintage: Annotated[
        str | None,
        typer.Option(help="Use this vintage (as in verify).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Explain one claim's verdict: reading, inputs, formula, rounding, rule and a chart.

    Shows the quote; how it was read (measure, partner, scope, period, operation, the claimed
    value with its precision and hedge); each series value used with its period, units,
    vintage and source (bundled file and row, or API request); the formula with numbers; the
    rubric rule that decided; and the series around the claimed period. Exit codes as verify
    (2 for an unknown claim id).
    """
    from tradecheck.engine import prepare
    from tradecheck.explain import explain as build
    from tradecheck.outputs.explanation import write_json, write_text
    from tradecheck.report import exit_code

    choice = data_choice(vintage, as_of)
    _check_plot(plot)
    prepared = prepare(paths or [Path("claims")], cache=_cache_if_any())
    explanation = build(prepared, claim_id, choice)
    if output_format is TextOrJson.JSON:
        write_json(explanation, sys.stdout)
    else:
        write_text(explanation, sys.stdout)
    if plot is not None:
        from tradecheck.charts import Point, svg_chart

        points = [
            Point(p.period, p.value, p.claimed_period, p.note if p.value is not None else None)
            for p in explanation.series
        ]
        title = f"{explanation.report.id}: {explanation.series_label}"
        try:
            plot.write_text(
                svg_chart(
                    points,
                    title,
                    unit=(points and explanation.series[0].unit) or "",
                    source="; ".join(explanation.report.attribution),
                )
            )
        except OSError as exc:
            raise fail(f"cannot write {plot} ({exc.strerror or exc})") from None
        print(f"chart written to {plot}", file=sys.stderr)
    raise typer.Exit(exit_code([explanation.report], strict=False))


def new(
    path: Annotated[Path, typer.Argument(help="The claims file to add the claim to.")],
    claim_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help=f"Claim id: {ID_CHARACTERS}. Default: made from the flow, partner and period.",
        ),
    ] = None,
    quote: Annotated[str | None, typer.Option(help="The sentence, verbatim.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Who said it.")] = None,
    partner: Annotated[str | None, typer.Option(help="Partner (see `countries`).")] = None,
    flow: Annotated[FlowChoice | None, typer.Option(help="Which flow.")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="A year, YYYY-MM, a quarter (2024-Q3), a half (2024-H1) or a range, summed "
            "(2020-01..2020-08); for a change, --from and --to."
        ),
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="Start of a span.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End of a span.")] = None,
    operation: Annotated[str | None, typer.Option(help=f"{choices(Operation)}.")] = None,
    claimed: Annotated[
        str | None,
        typer.Option(
            help="The value as written; for a balance at operation level it may claim only "
            "the sign: 'a deficit' or 'a surplus'."
        ),
    ] = None,
    commodity: Annotated[str | None, typer.Option(help="Default: all goods.")] = None,
    stated_as: Annotated[str | None, typer.Option(help=f"{choices(StatedAs)}.")] = None,
    scope: Annotated[
        Coverage | None,
        typer.Option(help=f"{choices(Coverage)}. Default: goods.", show_default=False),
    ] = None,
    basis: Annotated[
        BasisName | None,
        typer.Option(
            help="census or bop (balance of payments). Default: census for goods; services "
            "and goods-and-services are bop by definition.",
            show_default=False,
        ),
    ] = None,
    adjustment: Annotated[
        AdjustmentName | None,
        typer.Option(
            help="nsa (not seasonally adjusted) or sa, for a month or quarter only (a year's "
            "total is not adjusted). Default: nsa on the census basis, sa on the bop basis.",
            show_default=False,
        ),
    ] = None,
    expected: Annotated[str | None, typer.Option(help="Expected verdict, if known.")] = None,
    note: Annotated[str | None, typer.Option(help="A note for other analysts.")] = None,
    title: Annotated[str | None, typer.Option(help="New file only: article title.")] = None,
    publisher: Annotated[str | None, typer.Option(help="New file only: publisher.")] = None,
    date: Annotated[str | None, typer.Option(help="New file only: YYYY[-MM[-DD]].")] = None,
) -> None:
    """Add a claim to a claims file, validated before anything is written.

    Give the fields as options, or none on a terminal to be asked for each. The claim is
    appended as YAML after the file's last line: existing comments and order are kept, and
    if the result does not validate the file is left exactly as it was (exit 2).
    """
    from tradecheck.errors import TradecheckError
    from tradecheck.newclaim import append_claim, new_file_text

    given = [quote, speaker, partner, flow, period, start, claimed, operation]
    if all(v is None for v in given):
        if not common._stdin_is_terminal():
            raise fail("no claim fields given; pass --quote, --partner, ... (see --help)")
        _interactive_new(path)
        return
    period_value = _period_field(period, start, end)
    measure: dict[str, object] | None = None
    if partner or flow:
        measure = {"flow": flow.value if flow else None, "partner": partner}
        if commodity:
            measure["commodity"] = commodity
        if scope is not None:
            measure["scope"] = scope.value
        if basis is not None:
            measure["basis"] = basis.value
        if stated_as:
            measure["stated_as"] = stated_as
        if adjustment is not None:
            measure["adjustment"] = adjustment.value
    fields = {
        "id": claim_id or _slug(flow.value if flow else "claim", partner, period_value),
        "quote": quote,
        "speaker": speaker,
        "measure": measure,
        "period": period_value,
        "operation": operation,
        "claimed": claimed,
        "expected": expected,
        "note": note,
    }
    header = None
    if not path.exists() and title and publisher and date:
        header = new_file_text(title, publisher, date)
    try:
        warnings = append_claim(path, fields, header)
    except TradecheckError as exc:
        raise fail(f"{exc}\n{path}: nothing was written (the file is unchanged)") from None
    except OSError as exc:
        raise fail(f"cannot write {path} ({exc.strerror or exc}); nothing was written") from None
    for message in warnings:  # as lint would say them: the claim is written, but check it
        warn(message)
    print(f"added claim {fields['id']} to {path}")


def _interactive_new(path: Path) -> None:
    """Ask for the claim, show it as it will be written and judged, write it if confirmed."""
    from tradecheck.engine import Engine
    from tradecheck.errors import Interrupted, TradecheckError
    from tradecheck.interview import interview
    from tradecheck.newclaim import append_claim, claim_text, new_file_text, preview
    from tradecheck.series.bundle import Bundle

    def ask(label: str, default: str | None) -> str:
        return str(typer.prompt(label, default=default, show_default=bool(default)))

    stopped = f"stopped before the claim was written; {path} is unchanged"
    try:
        taken = _claim_ids(path)
        fields, source = interview(path, ask, print, Engine(Bundle()).resolver, taken)
        header = None
        if source is not None:
            header = new_file_text(source["title"], source["publisher"], source["date"])
            if "url" in source:
                header = header.replace("claims:\n", f"  url: {source['url']}\nclaims:\n")
        print("\nThe claim, as it will be written:\n")
        print(claim_text(fields, 2).rstrip())
        report = preview(path, fields, header)
        computed = ""
        if report.computed is not None:
            computed = f" (computed {report.computed.value:,.6g} {report.computed.unit})"
        print(f"\nverdict: {report.verdict.value}{computed}: {report.reason}")
        if not typer.confirm(f"Write it to {path}?", default=True):
            raise fail(f"not written; {path} is unchanged")
        append_claim(path, fields, header)
    except (EOFError, KeyboardInterrupt, Interrupted, typer.Abort):
        raise fail(stopped) from None
    except TradecheckError as exc:
        raise fail(f"{exc}\n{path}: nothing was written (the file is unchanged)") from None
    except OSError as exc:
        raise fail(f"cannot write {path} ({exc.strerror or exc}); nothing was written") from None
    print(f"added claim {fields['id']} to {path}")


def _claim_ids(path: Path) -> set[str]:
    """The ids a claims file already has, read leniently (a file of only a header has none;
    the file as a whole is validated before anything is written)."""
    import yaml

    if not path.exists():
        return set()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        from tradecheck.errors import InputError

        raise InputError(f"{path}: cannot be read as a claims file ({exc})") from None
    claims = data.get("claims") if isinstance(data, dict) else None
    return {str(c["id"]) for c in claims or [] if isinstance(c, dict) and "id" in c}


def _period_field(period: str | None, start: str | None, end: str | None) -> object:
    """The claims file's `period` from `new`'s options: 2016, "2016-03", "2016-Q3", a range
    ("2020-01..2020-08", summed) or {from, to}."""

    def year_or_text(text: str | None) -> object:
        return int(text) if text and text.strip().isdigit() else text

    if start or end:
        return {"from": year_or_text(start), "to": year_or_text(end)}
    return year_or_text(period)


def _slug(flow: str, partner: str | None, period: object) -> str:
    import re

    when = "-".join(map(str, period.values())) if isinstance(period, dict) else str(period)
    text = f"{flow}-{partner or ''}-{when}"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "claim"


@_to_stdout
def accept(
    paths: PathsArgument = None,
    claim_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            help="Only the claim with this id (repeat for several). Default: every claim.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record each claim's current verdict as its `expected` (like a snapshot update).

    Only the `expected` lines change (a claim without one gets one as its last field), so
    comments, order and formatting stay as they were; each file is validated before it is
    replaced. An unverifiable claim is never recorded (its data is missing). Prints what
    changed. Exit 0 when the files were written or there was nothing to write, 2 when they
    could not be (an unknown --id, a file that cannot be read, edited or written).
    """
    from tradecheck.accept import accept as record

    try:
        result = record(paths or [Path("claims")], claim_ids, _cache_if_any())
    except OSError as exc:
        raise fail(f"cannot write the claims file ({exc.strerror or exc})") from None
    for file, claim_id in result.unverifiable:
        print(
            f"tradecheck: {file}: {claim_id}: unverifiable, not recorded (its data is missing)",
            file=sys.stderr,
        )
    for change in result.changes:
        was = change.before.value if change.before else "none recorded"
        print(f"{change.file}: {change.id}: expected {change.after.value} (was {was})")
    if result.changes:
        n, files = len(result.changes), len(result.written)
        plural = ("s" if n != 1 else "", "s" if files != 1 else "")
        print(f"recorded {n} verdict{plural[0]} in {files} file{plural[1]}")
    else:
        print("nothing to record: every verdict is the recorded one")


@_to_stdout
def drift(
    paths: PathsArgument = None,
    output_format: Annotated[
        SeriesFormat,
        typer.Option("--format", "-f", help="table for people, json or csv for machines."),
    ] = SeriesFormat.TABLE,
    as_of: DriftAsOfOption = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 when any claim's verdict changes across vintages."),
    ] = False,
) -> None:
    """Judge every claim on every vintage that holds its periods, oldest first.

    Each row is the claim computed from one set of vintages (each number from the newest
    vintage of its dataset published by then), with its verdict and the revision from the
    row before: a change of an input smaller than the rounding of the coarser of two sources
    (DataWeb's $10,000 against the country file's dollar) is not a revision. Claims whose
    verdict changes across vintages are flagged. Exit 0 when it ran (with --strict, 1 when
    any verdict changes), 2 when the claims or the data cannot be read.
    """
    from tradecheck.drift import drift as rows
    from tradecheck.engine import AsOf, paused_gc, prepare
    from tradecheck.outputs.drift import write_csv, write_json, write_table

    choice = data_choice(None, as_of)
    prepared = prepare(paths or [Path("claims")], cache=_cache_if_any())
    for message in prepared.warnings:
        warn(message)
    writer = {
        SeriesFormat.TABLE: write_table,
        SeriesFormat.JSON: write_json,
        SeriesFormat.CSV: write_csv,
    }[output_format]
    with paused_gc():
        _, changed = writer(
            rows(prepared, choice if isinstance(choice, AsOf) else None), sys.stdout
        )
    if strict and changed:
        raise typer.Exit(1)
