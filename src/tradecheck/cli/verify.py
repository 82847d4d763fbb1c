"""`verify` and `fetch`: check the claims, and get from the Census API what they need.

(No `from __future__ import annotations`: typer reads these commands' annotations.)
"""

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tradecheck.cli import common, settings
from tradecheck.cli.common import (
    AsOfOption,
    OutputFormat,
    PathsArgument,
    _cache,
    _cache_if_any,
    _checking,
    _file_problems,
    _reading,
    _to_stdout,
    data_choice,
    fail,
    warn,
)

if TYPE_CHECKING:
    from tradecheck.engine import Choice, Prepared
    from tradecheck.fetch import Item
    from tradecheck.report import Publishing, Report
    from tradecheck.series.cache import Cache


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
            "unverifiable claims skipped). claimreview: schema.org ClaimReview JSON-LD for "
            "publishing (claims judged on data only). csv: one row per claim for "
            "spreadsheets. github: GitHub Actions annotations on the claims' lines. Messages "
            "always go to stderr.",
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
    as_of: AsOfOption = None,
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
    publisher: Annotated[
        str | None,
        typer.Option(
            help="claimreview: the fact-checking organisation publishing the reviews (their "
            "author). Default: each file's reviewer: block.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            help="claimreview: the reviews' publication date, YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    url_template: Annotated[
        str | None,
        typer.Option(
            help="claimreview: each review's URL, with {id} for the claim's id "
            "(e.g. https://example.org/checks/{id}).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Recompute every claim and report whether it holds.

    Each claim's verdict is one of: accurate, accurate-within-rounding, inaccurate,
    false, unverifiable (data missing), not-checkable. Exit 0 when every claim
    reproduces (its verdict equals its recorded `expected`, or is accurate /
    accurate-within-rounding when none is recorded), 1 when any does not, 2 when the
    claims or the data cannot be read (or, with --fetch, a fetch failed).

    Values come from the bundled Census files and from Census API answers already in the
    cache (see `tradecheck fetch`); the newest vintage holding a period is used. Each claim
    is also judged on the data published by its date (its `date`, else the file's): when
    that verdict differs, the table marks it and says both. Without --fetch, verify never
    opens a network connection.
    """
    from tradecheck.claims.files import expand_paths
    from tradecheck.engine import paused_gc, prepare, stream_report
    from tradecheck.errors import ClaimsFileError

    choice = data_choice(vintage, as_of)
    publishing = _publishing(output_format, publisher, date, url_template)
    cache = _cache() if fetch else _cache_if_any()
    workers = settings.workers()
    fetch_code = 0
    files = expand_paths(paths or [Path("claims")])
    with _reading(files), paused_gc():  # the verify pipeline only (not a fetch)
        try:
            prepared = prepare(files, cache=cache, workers=workers)
        except ClaimsFileError as exc:
            if output_format is OutputFormat.GITHUB:
                from tradecheck.outputs.github import write_problems

                write_problems(exc.problems, exc.warnings, sys.stdout)
            raise _file_problems(exc) from None
    for message in prepared.warnings:
        warn(message)
    if publishing is not None and publishing.publisher is None:
        unnamed = [item.display for item, _ in prepared.files if item.content.reviewer is None]
        if unnamed:
            raise fail(
                f"--format claimreview: no reviewer for {', '.join(unnamed)}: give --publisher "
                "NAME (the fact-checking organisation) or a reviewer: block in the file"
            )
    if fetch:
        assert cache is not None
        try:
            fetch_code = _run_fetch(prepared, cache, refetch_all=False, vintage=choice)
        except OSError as exc:
            raise fail(f"cannot write the cache ({exc})") from None
    from tradecheck.outputs import renderer

    width = settings.table_width()
    # Only the JSON report carries a change's neighbouring windows (explain and the HTML
    # page show them too); the other formats do not, so they are not computed for them.
    shows_windows = output_format is OutputFormat.JSON
    with paused_gc():
        if output_format.streams:
            # Checked claim by claim as written: a large archive never sits in memory.
            with _checking(prepared.count, streaming=True) as progress:
                report = stream_report(
                    prepared,
                    choice,
                    strict,
                    progress,
                    windows=shows_windows,
                    as_json=output_format is OutputFormat.JSON,
                )
                renderer(output_format)(report, sys.stdout, width)
        else:
            report = _checked(prepared, choice, strict, shows_windows)
            if publishing is not None:
                report = report.model_copy(update={"publishing": publishing})
            renderer(output_format)(report, sys.stdout, width)
    if publishing is not None:
        from tradecheck.outputs.claimreview import left_out

        rated = sum(report.summary.values()) - sum(left_out(report).values())
        skipped = ", ".join(f"{n} {verdict}" for verdict, n in left_out(report).items() if n)
        print(
            f"tradecheck: claimreview: {rated} claim{'s' if rated != 1 else ''} reviewed"
            + (f"; left out (no rating): {skipped}" if skipped else ""),
            file=sys.stderr,
        )
    code = report.completed().exit_code
    raise typer.Exit(fetch_code or code)


def _publishing(
    output_format: OutputFormat, publisher: str | None, date: str | None, template: str | None
) -> "Publishing | None":
    """The ClaimReviews' publisher, date and URL template, checked (claimreview only)."""
    import datetime as dt

    from tradecheck.report import Publishing

    if output_format is not OutputFormat.CLAIMREVIEW:
        given = [
            name
            for name, value in (
                ("--publisher", publisher),
                ("--date", date),
                ("--url-template", template),
            )
            if value is not None
        ]
        if given:
            raise fail(f"{', '.join(given)}: only with --format claimreview")
        return None
    if publisher is not None and not publisher.strip():
        raise fail("--publisher: the name is empty")
    if date is None:
        date = dt.date.today().isoformat()
    else:
        try:
            if len(date) != 10:
                raise ValueError(date)
            dt.date.fromisoformat(date)
        except ValueError:
            raise fail(f"--date {date!r} is not a date YYYY-MM-DD that exists") from None
    if template is not None and "{id}" not in template:
        raise fail(f"--url-template {template!r} has no {{id}} for the claim's id")
    return Publishing(publisher=publisher and publisher.strip(), date=date, url_template=template)


def _checked(prepared: "Prepared", vintage: "Choice", strict: bool, windows: bool) -> "Report":
    """The whole report, with progress while it is computed (it is printed after)."""
    from tradecheck.engine import verify_prepared

    with _checking(prepared.count, streaming=False) as progress:
        return verify_prepared(prepared, vintage, strict, progress, windows=windows)


def _run_fetch(prepared: "Prepared", cache: "Cache", refetch_all: bool, vintage: "Choice") -> int:
    """Fetch what the prepared claims need; print failures and the summary; the exit code."""
    from tradecheck.fetch import Outcome, Status, plan, run
    from tradecheck.keys import KEY_ENV, find_key, key_file_warning
    from tradecheck.series.client import CensusClient

    # Before any request (and before the key): InputError names the setting that is wrong.
    url, timeout = settings.census_url(), settings.census_timeout()
    items = plan(prepared, refetch_all=refetch_all, vintage=vintage)
    todo = [item for item in items if item.status is None]
    outcome = Outcome(items)
    if todo:
        key_path = settings.key_file()
        found = find_key(settings.census_key(), key_path)
        if found is None:
            raise fail(
                "missing or invalid Census API key: none is set (set "
                f"{KEY_ENV} or run `tradecheck key set`; see docs/census-api.md)"
            )
        key = found[0]
        if found[1].startswith("the key file") and (problem := key_file_warning(key_path)):
            warn(problem)

        def progress(iterator: "Iterator[Item]", total: int) -> "Iterator[Item]":
            if not common._stderr_is_terminal():  # no bar in logs and pipes; failures still print
                yield from iterator
                return
            from tradecheck.progress import progress_bar

            with progress_bar("Fetching from the Census API", total) as show:
                for done, item in enumerate(iterator):
                    show(done, f"Fetching {item.label}")
                    yield item
                    show(done + 1)

        outcome = run(items, cache, lambda: CensusClient(key, url, timeout), progress)
    for item in outcome.items:
        if item.status is Status.FAILED and item.message != outcome.stopped:
            print(f"tradecheck: error: {item.label}: {item.message}", file=sys.stderr)
    if outcome.stopped:
        print(f"tradecheck: error: fetch stopped: {outcome.stopped}", file=sys.stderr)
    print(f"tradecheck: fetch: {outcome.summary()}", file=sys.stderr)
    return outcome.exit_code


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
    from tradecheck.engine import prepare

    cache = _cache()
    try:
        prepared = prepare(paths or [Path("claims")], cache=cache)
        code = _run_fetch(prepared, cache, refetch_all=refetch_all, vintage=None)
    except OSError as exc:
        raise fail(f"cannot write the cache ({exc})") from None
    raise typer.Exit(code)
