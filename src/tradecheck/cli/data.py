"""`countries`, `data`, `series`, `key` and `cache`: the partners, datasets and series the
data holds, the Census API key, and the cache of API answers.

(No `from __future__ import annotations`: typer reads these commands' annotations.)
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tradecheck.cli import settings
from tradecheck.cli.common import (
    FlowChoice,
    SeriesFormat,
    TextOrJson,
    _cache,
    _cache_if_any,
    _check_plot,
    _check_vintage,
    _to_stdout,
    fail,
)
from tradecheck.domain import Adjustment, AdjustmentName, Basis, BasisName, Coverage

if TYPE_CHECKING:
    from tradecheck.seriesview import Listing


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
    from tradecheck.domain import PartnerKind
    from tradecheck.partners import PartnerResolver, search
    from tradecheck.series.bundle import Bundle

    resolver = PartnerResolver(Bundle())
    found = search(resolver, query)
    if not found:
        raise fail(f"no Census partner matches {query!r}; try a shorter part of the name")
    for p in found:
        kind = (
            ""
            if p.kind is PartnerKind.COUNTRY
            else f"  [{p.kind}{': ' + p.what if p.what else ''}]"
        )
        iso = f" ({p.iso})" if p.iso else ""
        years = f"  {p.first_year}-{p.last_year}" if p.first_year else ""
        print(f"{p.code}  {p.name}{iso}{years}{kind}")


@_to_stdout
def data(
    partners: Annotated[
        bool, typer.Option("--partners", help="Also list each dataset's partners and codes.")
    ] = False,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="text for people, json for machines.")
    ] = TextOrJson.TEXT,
) -> None:
    """What the data can check: each dataset the bundle and the cache hold.

    For each: the agency, the definition (goods or services, Census or BOP basis, seasonal
    adjustment), frequency, periods covered, partners (count; --partners lists them), and
    its vintages with their publication dates and source files.
    """
    from tradecheck.engine import Engine
    from tradecheck.outputs.data import write
    from tradecheck.series.bundle import Bundle

    engine = Engine(Bundle(), _cache_if_any())
    write(engine.catalog().datasets(), output_format, sys.stdout, partners)


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
    quarterly: Annotated[
        bool,
        typer.Option(
            "--quarterly",
            help="Quarters (seasonally adjusted) from BEA's by-partner tables; --from and "
            "--to are years. Default: the last three years BEA publishes.",
        ),
    ] = False,
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
    scope: Annotated[
        Coverage, typer.Option(help="goods, services or goods-and-services (BEA).")
    ] = Coverage.GOODS,
    basis: Annotated[
        BasisName | None,
        typer.Option(
            help="census (the Census files) or bop (balance of payments). Default: census "
            "for goods, bop for services and goods-and-services (BEA publishes only it).",
            show_default=False,
        ),
    ] = None,
    adjustment: Annotated[
        AdjustmentName | None,
        typer.Option(
            help="nsa (not seasonally adjusted) or sa, for months and quarters (a year's "
            "total is not adjusted). Default: nsa on the Census basis, sa on the BOP basis "
            "(as the headline figures); with --quarterly, sa (BEA's quarters are adjusted).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        SeriesFormat, typer.Option("--format", "-f", help="table (with a chart), csv or json.")
    ] = SeriesFormat.TABLE,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also write the series as a bar chart to this .svg file.", show_default=False
        ),
    ] = None,
) -> None:
    """Print a partner's trade series (whole dollars) with its source, and a chart.

    Default period: the last ten full years (or twelve months with --monthly) of the newest
    bundled vintage. Values come from the bundle and the fetch cache, newest vintage first;
    with --vintages, from every bundled vintage, to show what each revision changed.
    Exit 2 for an unknown partner or an unreadable period.
    """
    from tradecheck.outputs.series import write
    from tradecheck.seriesview import series_rows

    _check_vintage(vintage)
    from tradecheck.domain import Period, Scope, scope_for

    _check_plot(plot)
    if plot is not None and vintages:
        raise fail("--plot charts one value a period: not with --vintages")

    if quarterly:
        from tradecheck.seriesview import quarter_rows

        if monthly or vintages or vintage:
            raise fail("--quarterly cannot be combined with --monthly, --vintage or --vintages")
        if adjustment is AdjustmentName.NSA:
            raise fail("--quarterly: BEA publishes its quarters seasonally adjusted only")
        chosen = Scope(scope, basis.basis if basis else Basis.BOP, Adjustment.SEASONALLY_ADJUSTED)
        listing = quarter_rows(partner, flow.value, start, end, chosen)
        write(listing, output_format, sys.stdout)
        _write_plot(plot, listing)
        return
    rows = series_rows(
        partner,
        flow.value,
        commodity,
        start,
        end,
        monthly,
        vintage,
        _cache_if_any(),
        vintages,
        # The claims' defaults: months not adjusted on the Census basis, adjusted on BOP.
        scope_for(scope, basis, adjustment, Period(2000, 1)),
    )
    write(rows, output_format, sys.stdout)
    _write_plot(plot, rows)


def _write_plot(plot: Path | None, listing: "Listing") -> None:
    """The listing's chart as an SVG file, when --plot asks for one."""
    if plot is None:
        return
    from tradecheck.outputs.series import svg

    try:
        plot.write_text(svg(listing))
    except OSError as exc:
        raise fail(f"cannot write {plot} ({exc.strerror or exc})") from None
    print(f"chart written to {plot}", file=sys.stderr)


key_app = typer.Typer(
    help="Store or remove the Census API key used by `tradecheck fetch`.",
    no_args_is_help=True,
)


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
        path = store_key(value, settings.key_file())
    except OSError as exc:
        raise fail(f"cannot write the key file ({exc})") from None
    print(f"Census API key stored in {path} (readable by you only).")


@key_app.command("remove")
def key_remove() -> None:
    """Delete the stored key file (CENSUS_API_KEY is not affected)."""
    from tradecheck.keys import remove_key

    path = settings.key_file()
    removed = remove_key(path)
    print(f"removed {removed}" if removed else f"no key file at {path}")


@key_app.command("status")
def key_status() -> None:
    """Say where the key would come from, without showing it. Exit 2 when none is set."""
    from tradecheck.keys import KEY_ENV, find_key

    path = settings.key_file()
    found = find_key(settings.census_key(), path)
    if found is None:
        raise fail(f"no Census API key: set {KEY_ENV} or run `tradecheck key set` ({path})")
    print(f"a Census API key is set, from {found[1]}")


cache_app = typer.Typer(help="Show or clear the cache of Census API answers.", no_args_is_help=True)


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
