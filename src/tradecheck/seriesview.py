"""`tradecheck series`: a partner's series over a range of periods, as a table, CSV or JSON."""

from __future__ import annotations

from typing import NamedTuple

from tradecheck.claims import Commodity, Flow, Measure, Period
from tradecheck.domain import (
    CENSUS_GOODS,
    Basis,
    CommoditySystem,
    Coverage,
    Scope,
    flow_codes,
    partner_name,
)
from tradecheck.engine import Engine
from tradecheck.errors import InputError
from tradecheck.measure import Values, measure_value
from tradecheck.partners import PartnerError
from tradecheck.report import InputValue
from tradecheck.series.bundle import (
    COUNTRY,
    ENDUSE_EXPORTS,
    ENDUSE_IMPORTS,
    Bundle,
    PartnerInfo,
    dataset_for,
)
from tradecheck.series.cache import Cache
from tradecheck.series.source import Missing, SeriesKey

MAX_PERIODS = 1200


def _period(text: str, monthly: bool, option: str) -> Period:
    try:
        period = Period.parse(text)
    except ValueError as exc:
        raise InputError(f"{option} {text!r}: {exc}") from None
    if monthly and period.month is None:
        raise InputError(f"{option} {text!r}: with --monthly give a month (YYYY-MM)")
    if not monthly and period.month is not None:
        raise InputError(f"{option} {text!r}: give a year, or add --monthly for months")
    return period


class Listing(NamedTuple):
    rows: list[dict[str, object]]
    defined_as: str  # what the series is, from its source's definition


def series_rows(
    partner_text: str,
    flow: str,
    commodity_text: str,
    start: str | None,
    end: str | None,
    monthly: bool,
    vintage: str | None,
    cache: Cache | None,
    by_vintage: bool = False,
    scope: Scope = CENSUS_GOODS,
) -> Listing:
    """One row a period; with `by_vintage`, one row a distinct value of each period, naming
    the bundled vintages that published it (and one naming those that did not)."""
    if by_vintage and vintage is not None:
        raise InputError("give --vintage or --vintages, not both")
    if by_vintage and scope != CENSUS_GOODS:
        raise InputError("--vintages lists the Census files' vintages: goods, Census basis, NSA")
    bundle = Bundle()
    engine = Engine(bundle, None if by_vintage else cache)
    try:
        partner = engine.resolver.resolve(partner_text)
    except PartnerError as exc:
        raise InputError(str(exc)) from None
    try:
        commodity = Commodity.parse(commodity_text)
    except ValueError as exc:
        raise InputError(f"--commodity: {exc}") from None
    newest = bundle.vintages[COUNTRY][0]
    last_year, last_month = (int(x) for x in newest.last_month.split("-"))
    if monthly:
        last = _period(end, True, "--to") if end else Period(last_year, last_month)
        assert last.month is not None
        index = last.year * 12 + last.month - 1
        first = _period(start, True, "--from") if start else None
        first_index = first.year * 12 + (first.month or 1) - 1 if first else index - 11
        periods = [Period(i // 12, i % 12 + 1) for i in range(first_index, index + 1)]
    else:
        full = last_year if last_month == 12 else last_year - 1
        last = _period(end, False, "--to") if end else Period(full)
        first = _period(start, False, "--from") if start else Period(last.year - 9)
        periods = [Period(y) for y in range(first.year, last.year + 1)]
    if not periods:
        raise InputError(f"--to ({last}) comes before --from")
    if len(periods) > MAX_PERIODS:
        raise InputError(f"{len(periods)} periods asked for; at most {MAX_PERIODS}")
    measure = Measure(flow=Flow(flow), partner=partner.code, commodity=commodity)
    catalog = engine.catalog()  # every source: a series shows what any of them publishes
    values = Values(catalog)
    rows: list[dict[str, object]] = []
    if by_vintage:
        if commodity.system is CommoditySystem.HS:
            raise InputError("--vintages: the bundled data has no HS-level series")
        flows = flow_codes(Flow(flow))
        datasets = [d for f in flows if (d := dataset_for(commodity.system, f))]
        names = sorted({v.name for d in datasets for v in bundle.vintages.get(d, [])})
    for period in periods:
        if by_vintage:
            rows.extend(_versions(engine, measure, partner, period, names))
            continue
        row: dict[str, object] = {
            "partner": partner.code,
            "partner_name": partner_name(partner, scope.at(period)),
            "flow": flow,
            # A series of services, or of goods and services, is not a commodity scope.
            "commodity": str(commodity) if scope.coverage is Coverage.GOODS else scope.coverage,
            "period": str(period),
        }
        try:
            terms = measure_value(values, measure, partner, period, vintage, scope)
            sources = sorted({_source(u) for u in terms.used})
            row.update(value_usd=int(terms.value), source="; ".join(sources), note=None)
        except Missing as exc:
            row.update(value_usd=None, source=None, note=str(exc).split(": ", 1)[-1])
        rows.append(row)
    code = flow_codes(Flow(flow))[0]
    defined = catalog.define(SeriesKey(code, partner, commodity, periods[0], *scope.at(periods[0])))
    if defined is None:
        what = f"{scope.coverage}, {scope.basis}, {scope.adjustment}"
        raise InputError(f"no bundled data source publishes {commodity} {flow} as {what}")
    return Listing(rows, defined.summary)


def _source(used: InputValue) -> str:
    """Where a value came from: "bundle 2026-04" for the Census files, as before other
    datasets were bundled; the dataset for the others ("dataweb-country 2025-03")."""
    if used.dataset in (COUNTRY, ENDUSE_EXPORTS, ENDUSE_IMPORTS) or used.request:
        return f"{used.source.value} {used.vintage}"
    return f"{used.dataset} {used.vintage}"


def _versions(
    engine: Engine, measure: Measure, partner: PartnerInfo, period: Period, names: list[str]
) -> list[dict[str, object]]:
    """The distinct values of one period across the bundled vintages `names`."""
    published: dict[int, list[str]] = {}
    absent: list[str] = []
    for name in names:
        try:
            terms = engine.terms(measure, partner, period, name)
        except Missing:
            absent.append(name)
            continue
        if any(u.vintage != name for u in terms.used):
            absent.append(name)  # an older vintage answered: this one did not publish it
            continue
        published.setdefault(int(terms.value), []).append(name)
    base = {
        "partner": partner.code,
        "partner_name": partner.name,
        "flow": measure.flow.value,
        "commodity": str(measure.commodity),
        "period": str(period),
    }
    rows: list[dict[str, object]] = [
        base | {"value_usd": value, "vintages": held}
        for value, held in sorted(published.items(), key=lambda kv: kv[1])
    ]
    if absent:
        rows.append(base | {"value_usd": None, "vintages": absent})
    return rows


def quarter_rows(
    partner_text: str, flow: str, start: str | None, end: str | None, scope: Scope
) -> Listing:
    """One row a quarter, from BEA's by-partner tables (seasonally adjusted quarters): exports,
    imports, their sum, or the published balance."""
    from tradecheck.series.bea_geo import BALANCE, BeaGeoSource, Published

    if scope.coverage is Coverage.GOODS and scope.basis is not Basis.BOP:
        raise InputError("--quarterly: only BEA publishes quarters (give --basis bop for goods)")
    engine = Engine(Bundle())
    try:
        partner = engine.resolver.resolve(partner_text)
    except PartnerError as exc:
        raise InputError(str(exc)) from None
    source = BeaGeoSource(engine.bundle.data_dir)
    last_year = int(source.datasets()[0].last[:4])
    last = _period(end, False, "--to") if end else Period(last_year)
    first = _period(start, False, "--from") if start else Period(last.year - 2)
    if last < first:
        raise InputError(f"--to ({last}) comes before --from")
    parts: list[list[Published]]
    try:
        if flow in (Flow.EXPORTS, Flow.IMPORTS, Flow.TOTAL):
            parts = [
                source.quarters(code, partner, scope.coverage, first.year, last.year)
                for code in flow_codes(Flow(flow))
            ]
        else:
            parts = [source.quarters(BALANCE, partner, scope.coverage, first.year, last.year)]
    except Missing as exc:
        raise InputError(f"--quarterly: {exc}") from None
    rows: list[dict[str, object]] = []
    for cells in zip(*parts, strict=True):
        values = [c.value for c in cells]
        row: dict[str, object] = {
            "partner": partner.code,
            "partner_name": partner_name(partner, scope),
            "flow": flow,
            "commodity": "all goods" if scope.coverage is Coverage.GOODS else str(scope.coverage),
            "period": cells[0].period,
            "value_usd": None if None in values else sum(v for v in values if v is not None),
            "source": f"bea-geo {cells[0].provenance.vintage}",
            "note": next((f"{c.mark} in the file" for c in cells if c.value is None), None),
        }
        # --from/--to may name quarters (2024-Q1) as well as years.
        if first.months()[0] <= Period.parse(cells[0].period) <= last.months()[-1]:
            rows.append(row)
    if not rows:
        raise InputError(f"--quarterly: BEA publishes no quarters from {first} to {last}")
    return Listing(rows, parts[0][0].provenance.definition.summary)
