"""What the Census Bureau's goods series are: one definition for the bundled files and the API.

The country and end-use files and the International Trade API publish the same series: goods
on a Census basis, in nominal dollars, not seasonally adjusted; exports are total exports at
f.a.s. value, imports general imports at customs value.
"""

from __future__ import annotations

from functools import cache

from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    Pricing,
)
from tradecheck.series.source import Definition, SeriesKey

AGENCY = "U.S. Census Bureau"
FLOW_MEANING = {
    FlowCode.EXPORTS: "exports are total exports (domestic and re-exports), f.a.s. value",
    FlowCode.IMPORTS: "imports are general imports, customs value",
}
END_USE_NOTE = (
    "end-use categories (BEA) differ from HS chapters: end-use 3 includes engines "
    "and tires and excludes motorcycles and tractors, unlike HS 87"
)


def not_census_goods(key: SeriesKey) -> str | None:
    """Why a key asks for a series the Census goods files do not publish, or None."""
    if key.coverage is not Coverage.GOODS:
        return f"the Census files publish goods only, not {key.coverage}"
    if key.basis is not Basis.CENSUS:
        return f"the Census country and end-use files are on the Census basis, not the {key.basis}"
    if key.adjustment is not Adjustment.NOT_SEASONALLY_ADJUSTED:
        return "the Census country and end-use files are not seasonally adjusted"
    return None


def census_goods(
    code: FlowCode,
    commodity: Commodity,
    adjustment: Adjustment = Adjustment.NOT_SEASONALLY_ADJUSTED,
) -> Definition:
    return _definition(code, commodity.system is CommoditySystem.END_USE, adjustment)


@cache  # a few definitions in all; asked for by every observation
def _definition(code: FlowCode, end_use: bool, adjustment: Adjustment) -> Definition:
    return Definition(
        agency=AGENCY,
        coverage=Coverage.GOODS,
        basis=Basis.CENSUS,
        pricing=Pricing.NOMINAL,
        adjustment=adjustment,
        flow_meaning=FLOW_MEANING[code],
        classification=END_USE_NOTE if end_use else None,
    )
