"""The command line: parse options, call one core function, render, exit.

No `from __future__ import annotations` in this package: typer reads every command's
annotations at start-up, and real annotation objects spare it evaluating ~200 strings on each
run. Commands import the core inside their bodies, so `tradecheck --help` loads none of it.

Exit codes (every command): 0 done and every claim reproduces, 1 done with findings,
2 could not do what was asked (one clear line per problem on stderr, never a traceback).

The modules: `common` (messages, progress, the cache, the option enums), `verify` (verify,
fetch), `claims` (lint, schema, explain, drift, new, accept), `report` (the HTML page), `data`
(countries, data, series, key, cache). The commands are registered here, in the order
`tradecheck --help` lists them.
"""

from typing import Annotated, Any

import typer
import typer.core

from tradecheck import __version__
from tradecheck.cli.claims import accept, drift, explain, lint, new, schema
from tradecheck.cli.common import (
    ID_CHARACTERS,
    FlowChoice,
    OutputFormat,
    SeriesFormat,
    TextOrJson,
    fail,
)
from tradecheck.cli.data import cache_app, countries, data, key_app, series
from tradecheck.cli.report import report
from tradecheck.cli.verify import fetch_command, verify

__all__ = [
    "ID_CHARACTERS",
    "FlowChoice",
    "OutputFormat",
    "SeriesFormat",
    "TextOrJson",
    "app",
    "main",
]


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


app.command()(verify)
app.command("fetch")(fetch_command)
app.command()(lint)
app.command()(schema)
app.command()(explain)
app.command()(drift)
app.command()(report)
app.command()(countries)
app.command()(data)
app.command()(series)
app.command()(new)
app.command()(accept)
app.add_typer(key_app, name="key")
app.add_typer(cache_app, name="cache")


def main() -> None:
    app()
