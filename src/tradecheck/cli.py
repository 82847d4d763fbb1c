"""The command line: parse options, call one core function, render, exit.

No `from __future__ import annotations` here: typer reads every command's annotations at
start-up, and real annotation objects spare it evaluating ~200 strings on each run.

Exit codes (every command): 0 done and every claim reproduces, 1 done with findings,
2 could not do what was asked (one clear line per problem on stderr, never a traceback).
"""

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec

import typer
import typer.core

from tradecheck import __version__

if TYPE_CHECKING:
    from tradecheck.engine import Prepared
    from tradecheck.errors import ClaimsFileError
    from tradecheck.fetch import Item
    from tradecheck.report import Report
    from tradecheck.series.cache import Cache


class _Boundary(typer.core.TyperGroup):
    """The one place where a command's TradecheckError becomes its message: one line on
    stderr per line of it, exit 2. (An error from outside the tree is the entry point's.)"""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context is private
        from tradecheck.errors import TradecheckError

        try:
            return super().invoke(ctx)
        except TradecheckError as exc:
            raise fail(str(exc)) from None


app = typer.Typer(
    cls=_Boundary,
    name="tradecheck",
    help=(
        "Check numeric claims about U.S. trade against official Census Bureau figures.\n\n"
        "Claims are recorded in YAML files (one per article, under claims/); tradecheck "
        "recomputes each one from bundled Census trade data and says whether it holds.\n\n"
        "Exit codes: 0 every claim reproduces; 1 some claim does not; 2 could not run "
        "(unreadable claims file, unknown partner, broken data)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


P = ParamSpec("P")

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Claims files, or directories of claims files (*.yaml, *.yml). Default: claims/.",
        show_default=False,
    ),
]


from tradecheck.outputs import OutputFormat  # noqa: E402  (one list of formats)


class TextOrJson(StrEnum):
    TEXT = "text"
    JSON = "json"


class SeriesFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


# What a claim id may hold, as claims.Claim.id's pattern allows (tests/test_enums.py checks
# both, and the README's claims-file comment).
ID_CHARACTERS = "lower case, digits, . _ - (starting with a letter or digit)"


class FlowChoice(StrEnum):
    """The flows, as options take them. (claims.Flow is the same list; importing it here would
    load pydantic for `--help`.)"""

    EXPORTS = "exports"
    IMPORTS = "imports"
    BALANCE = "balance"
    TOTAL = "total"


def _version(value: bool) -> None:
    if value:
        print(f"tradecheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Check numeric claims about U.S. trade against official Census Bureau figures."""


def _file_problems(exc: "ClaimsFileError") -> typer.Exit:
    """Every problem and warning of a run's claims files, sorted by file and line; exit 2."""
    order = {p.file: i for i, p in reversed(list(enumerate([*exc.problems, *exc.warnings])))}
    lines = [(p, "error") for p in exc.problems] + [(p, "warning") for p in exc.warnings]
    lines.sort(key=lambda pw: (order[pw[0].file], pw[0].line or 0, pw[0].column or 0))
    for problem, kind in lines:
        print(f"tradecheck: {kind}: {problem}", file=sys.stderr)
    return typer.Exit(2)


def fail(message: str) -> typer.Exit:
    for line in message.splitlines():
        print(f"tradecheck: error: {line}", file=sys.stderr)
    return typer.Exit(2)


def _to_stdout(command: Callable[P, None]) -> Callable[P, None]:
    """A command whose output may go to a reader that stops early (`verify | head`).

    Then the output could not all be written: exit 2 with one line, not click's exit 1 (which
    would read as "a claim does not reproduce") and not a BrokenPipeError at exit.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            try:
                command(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            # What is still buffered goes nowhere, so the interpreter's last flush cannot fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise fail("the output was closed before all of it was written (broken pipe)") from None

    return run


@app.command()
@_to_stdout
def verify(
    paths: PathsArgument = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table: a verdict table per file for people. json: the whole report on "
            "stdout for machines. junit: JUnit XML for CI (one test case per claim; "
            "unverifiable claims skipped). Messages always go to stderr.",
        ),
    ] = OutputFormat.TABLE,
    vintage: Annotated[
        str | None,
        typer.Option(
            help="Use the data as published in vintage YYYY-MM for every claim (overrides "
            "vintages pinned in files). A dataset with no vintage of that name uses its "
            "newest vintage not later than it. Default: the newest vintage holding each period.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail (exit 1) when a claim is unverifiable because data is missing. "
            "Without it such claims are reported but do not fail the run, like skipped tests.",
        ),
    ] = False,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="First fetch from the Census API the series the claims need that neither the "
            "bundle nor the cache holds (as `tradecheck fetch`). Needs a Census API key.",
        ),
    ] = False,
) -> None:
    """Recompute every claim and report whether it holds.

    Each claim's verdict is one of: accurate, accurate-within-rounding, inaccurate,
    false, unverifiable (data missing), not-checkable. Exit 0 when every claim
    reproduces (its verdict equals its recorded `expected`, or is accurate /
    accurate-within-rounding when none is recorded), 1 when any does not, 2 when the
    claims or the data cannot be read (or, with --fetch, a fetch failed).

    Values come from the bundled Census files and from Census API answers already in the
    cache (see `tradecheck fetch`); the newest vintage holding a period is used. Without
    --fetch, verify never opens a network connection.
    """
    from tradecheck.claims.files import expand_paths
    from tradecheck.engine import paused_gc, prepare, stream_report
    from tradecheck.errors import ClaimsFileError

    _check_vintage(vintage)
    cache = _cache() if fetch else _cache_if_any()
    fetch_code = 0
    files = expand_paths(paths or [Path("claims")])
    with _reading(files), paused_gc():
        try:
            prepared = prepare(files, cache=cache)
        except ClaimsFileError as exc:
            raise _file_problems(exc) from None
    for message in prepared.warnings:
        warn(message)
    if fetch:
        assert cache is not None
        try:
            fetch_code = _run_fetch(prepared, cache, refetch_all=False, vintage=vintage)
        except OSError as exc:
            raise fail(f"cannot write the cache ({exc})") from None
    from tradecheck.outputs import renderer

    with paused_gc():
        if output_format.streams:
            # Checked claim by claim as written: a large archive never sits in memory.
            with _checking(prepared.count, streaming=True) as progress:
                report = stream_report(prepared, vintage, strict, progress)
                renderer(output_format)(report, sys.stdout, _width())
        else:
            report = _checked(prepared, vintage, strict)
            renderer(output_format)(report, sys.stdout, _width())
    code = report.completed().exit_code
    raise typer.Exit(fetch_code or code)


def _check_vintage(vintage: str | None) -> None:
    if vintage is None:
        return
    from tradecheck.claims import vintage_problem

    problem = vintage_problem(vintage)
    if problem:
        raise fail(f"--vintage {problem}")


# Runs with fewer claims, or less claims text, end in about a second: no progress shown.
PROGRESS_CLAIMS = 2_000
PROGRESS_BYTES = 1_000_000


def _stderr_is_terminal() -> bool:
    """Whether progress may be drawn on stderr (a function, so tests can say yes)."""
    return sys.stderr.isatty()


@contextmanager
def _reading(files: list[Path]) -> Iterator[None]:
    """A spinner on the terminal while large claims files are read and validated."""
    try:
        size = sum(path.stat().st_size for path in files)
    except OSError:
        size = 0  # reading them reports the problem
    if size < PROGRESS_BYTES or not _stderr_is_terminal():
        yield
        return
    from tradecheck.progress import spinner

    what = f"{len(files):,} files" if len(files) != 1 else "1 file"
    with spinner(f"Reading claims ({what}, {size / 1e6:,.0f} MB)"):
        yield


@contextmanager
def _checking(total: int, streaming: bool) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on the terminal while many claims are checked; told the count done.

    Not while a report streams to the same terminal (the report itself shows progress).
    """
    if total < PROGRESS_CLAIMS or not _stderr_is_terminal() or (streaming and sys.stdout.isatty()):
        yield None
        return
    from tradecheck.progress import progress_bar

    with progress_bar(f"Checking {total:,} claims", total) as show:

        def advance(done: int) -> None:
            if done % 200 == 0 or done == total:
                show(done)

        yield advance


def _checked(prepared: "Prepared", vintage: str | None, strict: bool) -> "Report":
    """The whole report, with progress while it is computed (it is printed after)."""
    from tradecheck.engine import verify_prepared

    with _checking(prepared.count, streaming=False) as progress:
        return verify_prepared(prepared, vintage, strict, progress)


def _width() -> int | None:
    """The width a table fits: the terminal's or COLUMNS; None for a pipe or file."""
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return shutil.get_terminal_size().columns
    return None


def warn(message: str) -> None:
    print(f"tradecheck: warning: {message}", file=sys.stderr)


def _cache() -> "Cache":
    from tradecheck.series.cache import Cache, default_cache_dir

    return Cache(default_cache_dir(), warn=warn)


def _cache_if_any() -> "Cache | None":
    """The cache when it holds anything; None otherwise, so that commands that only read it
    load none of the API code when nothing was ever fetched."""
    from tradecheck.paths import CACHE_SUBDIR, default_cache_dir

    if not (default_cache_dir() / CACHE_SUBDIR).is_dir():
        return None
    return _cache()


def _run_fetch(prepared: "Prepared", cache: "Cache", refetch_all: bool, vintage: str | None) -> int:
    """Fetch what the prepared claims need; print failures and the summary; the exit code."""
    from tradecheck.fetch import Outcome, Status, plan, run
    from tradecheck.keys import KEY_ENV, find_key, key_file_warning
    from tradecheck.series.client import CensusClient, check_settings

    check_settings()
    items = plan(prepared, refetch_all=refetch_all, vintage=vintage)
    todo = [item for item in items if item.status is None]
    outcome = Outcome(items)
    if todo:
        found = find_key()
        if found is None:
            raise fail(
                "missing or invalid Census API key: none is set (set "
                f"{KEY_ENV} or run `tradecheck key set`; see docs/census-api.md)"
            )
        key = found[0]
        if found[1].startswith("the key file") and (problem := key_file_warning()):
            warn(problem)

        def progress(iterator: "Iterator[Item]", total: int) -> "Iterator[Item]":
            if not _stderr_is_terminal():  # no bar in logs and pipes; failures still print
                yield from iterator
                return
            from tradecheck.progress import progress_bar

            with progress_bar("Fetching from the Census API", total) as show:
                for done, item in enumerate(iterator):
                    show(done, f"Fetching {item.label}")
                    yield item
                    show(done + 1)

        outcome = run(items, cache, lambda: CensusClient(key), progress)
    for item in outcome.items:
        if item.status is Status.FAILED and item.message != outcome.stopped:
            print(f"tradecheck: error: {item.label}: {item.message}", file=sys.stderr)
    if outcome.stopped:
        print(f"tradecheck: error: fetch stopped: {outcome.stopped}", file=sys.stderr)
    print(f"tradecheck: fetch: {outcome.summary()}", file=sys.stderr)
    return outcome.exit_code


@app.command("fetch")
def fetch_command(
    paths: PathsArgument = None,
    refetch_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Request every series the claims use again, bundled, cached or not (to "
            "compare with the bundle or pick up revisions). Each answer is a new cache entry.",
        ),
    ] = False,
) -> None:
    """Fetch from the Census API the series the claims need into the local cache.

    Requests only what neither the bundle nor the cache answers, unless --all. Annual values
    are the December year-to-date values (time=YYYY-12). The key comes from CENSUS_API_KEY or
    from the key file written by `tradecheck key set`. Answers are cached with their fetch
    time; `tradecheck verify` then uses them as a vintage named by the fetch date.

    Exit 0 when every request was answered (a 204 "no data" answer included), 2 when any
    failed (each failure is reported; the rest are still fetched and kept) or the key is
    missing or rejected (which stops the run at once).
    """
    import gc

    from tradecheck.engine import prepare

    gc.enable()  # a fetch can run for minutes; see tradecheck/__main__.py
    cache = _cache()
    try:
        prepared = prepare(paths or [Path("claims")], cache=cache)
        code = _run_fetch(prepared, cache, refetch_all=refetch_all, vintage=None)
    except OSError as exc:
        raise fail(f"cannot write the cache ({exc})") from None
    raise typer.Exit(code)


key_app = typer.Typer(
    help="Store or remove the Census API key used by `tradecheck fetch`.",
    no_args_is_help=True,
)
app.add_typer(key_app, name="key")


@key_app.command("set")
def key_set() -> None:
    """Ask for the key (not echoed) and store it in a file only you can read.

    Get a key at https://api.census.gov/data/key_signup.html and activate it from the e-mail.
    CENSUS_API_KEY, when set, is used instead of the file.
    """
    from tradecheck.keys import store_key

    try:
        if sys.stdin.isatty():
            value = typer.prompt("Census API key (not shown)", hide_input=True)
        else:  # piped: `echo KEY | tradecheck key set`, no prompt and no getpass warning
            value = sys.stdin.readline().strip()
    except (EOFError, KeyboardInterrupt, typer.Abort):
        value = ""
    if not value.strip():
        raise fail("no key was entered; nothing was written")
    try:
        path = store_key(value)
    except OSError as exc:
        raise fail(f"cannot write the key file ({exc})") from None
    print(f"Census API key stored in {path} (readable by you only).")


@key_app.command("remove")
def key_remove() -> None:
    """Delete the stored key file (CENSUS_API_KEY is not affected)."""
    from tradecheck.keys import key_file, remove_key

    removed = remove_key()
    print(f"removed {removed}" if removed else f"no key file at {key_file()}")


@key_app.command("status")
def key_status() -> None:
    """Say where the key would come from, without showing it. Exit 2 when none is set."""
    from tradecheck.keys import KEY_ENV, find_key, key_file

    found = find_key()
    if found is None:
        raise fail(f"no Census API key: set {KEY_ENV} or run `tradecheck key set` ({key_file()})")
    print(f"a Census API key is set, from {found[1]}")


cache_app = typer.Typer(help="Show or clear the cache of Census API answers.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Where the cache is, how many answers it holds and their size."""
    cache = _cache()
    count, size = cache.stats()
    print(f"{cache.root}: {count} cached answers, {size / 1024:.1f} KiB")


@cache_app.command("clear")
def cache_clear(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every cached answer. Claims then use the bundle until fetched again."""
    cache = _cache()
    count, _ = cache.stats()
    if count == 0:
        print("the cache is empty; nothing to delete")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise fail(
                f"not deleting {count} cached answers without confirmation (no terminal to "
                "ask on); pass --yes"
            )
        try:
            confirmed = typer.confirm(f"Delete {count} cached answers in {cache.root}?")
        except (EOFError, KeyboardInterrupt, typer.Abort):
            confirmed = False
        if not confirmed:
            raise fail("nothing deleted")
    try:
        cache.clear()
    except OSError as exc:
        raise fail(f"cannot clear the cache ({exc})") from None
    print(f"deleted {count} cached answers from {cache.root}")


@app.command()
@_to_stdout
def lint(
    paths: PathsArgument = None,
) -> None:
    """Validate claims files without computing anything.

    Reports every problem of every file at once, each as FILE:LINE:COLUMN: FIELD: message,
    with a hint where one helps (close matches for an unknown partner or field name). Exit 0
    when clean, 2 on any problem. `verify` runs the same validation first.
    """
    from tradecheck.engine import prepare
    from tradecheck.errors import ClaimsFileError

    try:
        prepared = prepare(paths or [Path("claims")])
    except ClaimsFileError as exc:
        for display, count in exc.valid:  # the files of the run that are fine say so
            print(f"{display}: {count} claim{'s' if count != 1 else ''}, no problems")
        raise _file_problems(exc) from None
    for message in prepared.warnings:
        warn(message)
    for item, _ in prepared.files:
        count = len(item.content.claims)
        print(f"{item.display}: {count} claim{'s' if count != 1 else ''}, no problems")


@app.command()
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


@app.command()
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
    from tradecheck.explain import render_text
    from tradecheck.report import exit_code

    _check_vintage(vintage)
    if plot is not None and plot.suffix.lower() != ".svg":
        raise fail(
            f"--plot {plot}: only .svg charts are written (tradecheck has no plotting "
            "library); convert to PNG with any SVG tool"
        )
    prepared = prepare(paths or [Path("claims")], cache=_cache_if_any())
    explanation = build(prepared, claim_id, vintage)
    if output_format is TextOrJson.JSON:
        sys.stdout.write(explanation.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(render_text(explanation)) + "\n")
    if plot is not None:
        from tradecheck.charts import Point, svg_chart

        points = [Point(p.period, p.value, p.claimed_period) for p in explanation.series]
        title = f"{explanation.report.id}: {explanation.series_label}"
        try:
            plot.write_text(
                svg_chart(points, title, unit=(points and explanation.series[0].unit) or "")
            )
        except OSError as exc:
            raise fail(f"cannot write {plot} ({exc.strerror or exc})") from None
        print(f"chart written to {plot}", file=sys.stderr)
    raise typer.Exit(exit_code([explanation.report], strict=False))


@app.command()
@_to_stdout
def countries(
    query: Annotated[
        str | None,
        typer.Argument(help="A name, alias, ISO code or Census code. Default: list all."),
    ] = None,
) -> None:
    """Find Census partner codes by name, alias or ISO code; groupings are marked.

    "south korea", "KR" and "Korea, Republic of" all find 5800. Exit 2 when nothing matches.
    """
    from tradecheck.partners import PartnerResolver, search
    from tradecheck.series.bundle import Bundle

    resolver = PartnerResolver(Bundle())
    found = search(resolver, query)
    if not found:
        raise fail(f"no Census partner matches {query!r}; try a shorter part of the name")
    for p in found:
        kind = "" if p.kind == "country" else f"  [{p.kind}{': ' + p.what if p.what else ''}]"
        iso = f" ({p.iso})" if p.iso else ""
        years = f"  {p.first_year}-{p.last_year}" if p.first_year else ""
        print(f"{p.code}  {p.name}{iso}{years}{kind}")


@app.command()
@_to_stdout
def series(
    partner: Annotated[str, typer.Argument(help="Partner: name, alias, ISO code or code.")],
    flow: Annotated[FlowChoice, typer.Option(help="Which flow.")] = FlowChoice.EXPORTS,
    start: Annotated[
        str | None,
        typer.Option("--from", help="First year (or YYYY-MM with --monthly).", show_default=False),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="Last year (or YYYY-MM with --monthly).", show_default=False),
    ] = None,
    monthly: Annotated[bool, typer.Option("--monthly", help="Months instead of years.")] = False,
    commodity: Annotated[
        str, typer.Option(help="'all goods', 'end-use 3', 'hs 8703'.")
    ] = "all goods",
    vintage: Annotated[
        str | None, typer.Option(help="Use this vintage (as in verify).", show_default=False)
    ] = None,
    vintages: Annotated[
        bool,
        typer.Option(
            "--vintages",
            help="For each period, every value the bundled vintages published and which "
            "vintages published it (and which had not published the period).",
        ),
    ] = False,
    output_format: Annotated[
        SeriesFormat, typer.Option("--format", "-f", help="table (with a chart), csv or json.")
    ] = SeriesFormat.TABLE,
) -> None:
    """Print a partner's trade series (whole dollars) with its source, and a chart.

    Default period: the last ten full years (or twelve months with --monthly) of the newest
    bundled vintage. Values come from the bundle and the fetch cache, newest vintage first;
    with --vintages, from every bundled vintage, to show what each revision changed.
    Exit 2 for an unknown partner or an unreadable period.
    """
    from tradecheck.seriesview import series_rows, write_series

    _check_vintage(vintage)
    rows = series_rows(
        partner, flow.value, commodity, start, end, monthly, vintage, _cache_if_any(), vintages
    )
    write_series(rows, output_format.value, sys.stdout)


@app.command()
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
        str | None, typer.Option(help="A year or YYYY-MM (or use --from/--to).")
    ] = None,
    start: Annotated[str | None, typer.Option("--from", help="Start of a span.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="End of a span.")] = None,
    operation: Annotated[
        str | None, typer.Option(help="level, change, percent-change or multiple.")
    ] = None,
    claimed: Annotated[str | None, typer.Option(help="The value as written.")] = None,
    commodity: Annotated[str | None, typer.Option(help="Default: all goods.")] = None,
    stated_as: Annotated[str | None, typer.Option(help="deficit, surplus or signed.")] = None,
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
        if not _stdin_is_terminal():
            raise fail("no claim fields given; pass --quote, --partner, ... (see --help)")
        _interactive_new(path)
        return
    period_value = _period_field(period, start, end)
    measure: dict[str, object] | None = None
    if partner or flow:
        measure = {"flow": flow.value if flow else None, "partner": partner}
        if commodity:
            measure["commodity"] = commodity
        if stated_as:
            measure["stated_as"] = stated_as
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
        append_claim(path, fields, header)
    except TradecheckError as exc:
        raise fail(f"{exc}\n{path}: nothing was written (the file is unchanged)") from None
    except OSError as exc:
        raise fail(f"cannot write {path} ({exc.strerror or exc}); nothing was written") from None
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
    """The claims file's `period` from a `new` answer: 2016, "2016-03" or {from, to}."""

    def year_or_text(text: str | None) -> object:
        return int(text) if text and text.strip().isdigit() else text

    if period and ".." in period:
        a, b = period.split("..", 1)
        return {"from": year_or_text(a), "to": year_or_text(b)}
    if start or end:
        return {"from": year_or_text(start), "to": year_or_text(end)}
    return year_or_text(period)


def _stdin_is_terminal() -> bool:
    """Whether `new` may ask for the fields (a function, so tests can answer the prompts)."""
    return sys.stdin.isatty()


def _slug(flow: str, partner: str | None, period: object) -> str:
    import re

    when = "-".join(map(str, period.values())) if isinstance(period, dict) else str(period)
    text = f"{flow}-{partner or ''}-{when}"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "claim"


def main() -> None:
    app()
