"""What the Census Bureau's goods series are: one definition for the bundled files and the API.

The country and end-use files and the International Trade API publish the same series: goods
on a Census basis, in nominal dollars, not seasonally adjusted; exports are total exports at
f.a.s. value, imports general imports at customs value.
"""

from __future__ import annotations

from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    FlowCode,
    Pricing,
)
from tradecheck.series.source import Definition

AGENCY = "U.S. Census Bureau"
FLOW_MEANING = {
    FlowCode.EXPORTS: "exports are total exports (domestic and re-exports), f.a.s. value",
    FlowCode.IMPORTS: "imports are general imports, customs value",
}
END_USE_NOTE = (
    "end-use categories (BEA) differ from HS chapters: end-use 3 includes engines "
    "and tires and excludes motorcycles and tractors, unlike HS 87"
)


def census_goods(code: FlowCode, commodity: Commodity) -> Definition:
    return Definition(
        agency=AGENCY,
        coverage=Coverage.GOODS,
        basis=Basis.CENSUS,
        pricing=Pricing.NOMINAL,
        adjustment=Adjustment.NOT_SEASONALLY_ADJUSTED,
        flow_meaning=FLOW_MEANING[code],
        classification=END_USE_NOTE if commodity.system is CommoditySystem.END_USE else None,
    )
