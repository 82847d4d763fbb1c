"""The command line: parse options, call one core function, render, exit.

Exit codes (every command): 0 done and every claim reproduces, 1 done with findings,
2 could not do what was asked (one clear line per problem on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from tradecheck import __version__

if TYPE_CHECKING:
    from tradecheck.engine import Prepared
    from tradecheck.fetch import Item
    from tradecheck.series.cache import Cache

app = typer.Typer(
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


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


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


def fail(message: str) -> typer.Exit:
    for line in message.splitlines():
        print(f"tradecheck: error: {line}", file=sys.stderr)
    return typer.Exit(2)


@app.command()
def verify(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Claims files, or directories of *.yaml claims files. Default: claims/.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table: a verdict table per file for people. json: the whole report on "
            "stdout for machines (messages still go to stderr).",
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
    from tradecheck.engine import prepare, verify_files
    from tradecheck.errors import TradecheckError

    _check_vintage(vintage)
    cache = _cache()
    fetch_code = 0
    try:
        if fetch:
            prepared = prepare(paths or [Path("claims")], cache=cache)
            fetch_code = _run_fetch(prepared, cache, refetch_all=False, vintage=vintage)
        report = verify_files(
            paths or [Path("claims")], vintage=vintage, strict=strict, cache=cache
        )
    except TradecheckError as exc:
        raise fail(str(exc)) from None
    match output_format:
        case OutputFormat.JSON:
            sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        case OutputFormat.TABLE:
            from tradecheck.render import render_report

            render_report(report, sys.stdout)
        case _:
            assert_never(output_format)
    raise typer.Exit(fetch_code or report.exit_code)


def _check_vintage(vintage: str | None) -> None:
    import re

    if vintage is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", vintage):
        raise fail(
            f"--vintage {vintage!r} is not a vintage name (YYYY-MM, e.g. 2018-10, or a fetch "
            "date YYYY-MM-DD)"
        )


def warn(message: str) -> None:
    print(f"tradecheck: warning: {message}", file=sys.stderr)


def _cache() -> Cache:
    from tradecheck.series.cache import Cache, default_cache_dir

    return Cache(default_cache_dir(), warn=warn)


def _run_fetch(prepared: Prepared, cache: Cache, refetch_all: bool, vintage: str | None) -> int:
    """Fetch what the prepared claims need; print failures and the summary; the exit code."""
    from tradecheck.fetch import Outcome, Status, plan, run
    from tradecheck.keys import KEY_ENV, find_key
    from tradecheck.series.client import CensusClient

    items = plan(prepared, refetch_all=refetch_all, vintage=vintage)
    todo = [item for item in items if item.status is None]
    outcome = Outcome(items)
    if todo:
        found = find_key()
        if found is None:
            raise fail(
                "missing or invalid Census API key: none is set (set "
                f"{KEY_ENV} or run `tradecheck key set`; README: Census API key)"
            )
        key = found[0]

        def progress(iterator: Iterator[Item], total: int) -> Iterator[Item]:
            from rich.console import Console
            from rich.progress import Progress

            console = Console(stderr=True)
            if not console.is_terminal:  # no bar in logs and pipes; failures still print
                yield from iterator
                return
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("Fetching from the Census API", total=total)
                for item in iterator:
                    bar.update(task, description=f"Fetching {item.label}")
                    yield item
                    bar.advance(task)

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
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Claims files, or directories of *.yaml claims files. Default: claims/.",
            show_default=False,
        ),
    ] = None,
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
    from tradecheck.errors import TradecheckError

    cache = _cache()
    try:
        prepared = prepare(paths or [Path("claims")], cache=cache)
        code = _run_fetch(prepared, cache, refetch_all=refetch_all, vintage=None)
    except TradecheckError as exc:
        raise fail(str(exc)) from None
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
    from tradecheck.errors import TradecheckError
    from tradecheck.keys import store_key

    try:
        value = typer.prompt("Census API key (not shown)", hide_input=True)
    except (EOFError, KeyboardInterrupt, typer.Abort):
        raise fail("no key was entered; nothing was written") from None
    try:
        path = store_key(value)
    except TradecheckError as exc:
        raise fail(str(exc)) from None
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
    from tradecheck.errors import TradecheckError
    from tradecheck.keys import KEY_ENV, find_key, key_file

    try:
        found = find_key()
    except TradecheckError as exc:
        raise fail(str(exc)) from None
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
    if not yes and not typer.confirm(f"Delete {count} cached answers in {cache.root}?"):
        raise fail("nothing deleted")
    try:
        cache.clear()
    except OSError as exc:
        raise fail(f"cannot clear the cache ({exc})") from None
    print(f"deleted {count} cached answers from {cache.root}")


def main() -> None:
    app()
