"""The command line: parse options, call one core function, render, exit.

Exit codes (every command): 0 done and every claim reproduces, 1 done with findings,
2 could not do what was asked (one clear line per problem on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, assert_never

import typer

from tradecheck import __version__

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
) -> None:
    """Recompute every claim and report whether it holds.

    Each claim's verdict is one of: accurate, accurate-within-rounding, inaccurate,
    false, unverifiable (data missing), not-checkable. Exit 0 when every claim
    reproduces (its verdict equals its recorded `expected`, or is accurate /
    accurate-within-rounding when none is recorded), 1 when any does not, 2 when the
    claims or the data cannot be read. Never uses the network.
    """
    import re

    from tradecheck.engine import verify_files
    from tradecheck.errors import TradecheckError

    if vintage is not None and not re.fullmatch(r"\d{4}-\d{2}", vintage):
        raise fail(f"--vintage {vintage!r} is not a vintage name (YYYY-MM, e.g. 2018-10)")
    try:
        report = verify_files(paths or [Path("claims")], vintage=vintage, strict=strict)
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
    raise typer.Exit(report.exit_code)


def main() -> None:
    app()
