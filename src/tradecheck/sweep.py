"""The definition sweep: a claim judged under every other definition the data hold.

A claim's verdict is always the one for the definition it records; the sweep shows what the
same measure is under the others (goods on the Census or BOP basis, services, goods and
services; seasonally adjusted or not for months and quarters; for automotive claims, end-use
3 against vehicles only and passenger cars only), so that a reader sees when a claim holds on
another definition than the one it was recorded with, and why the values differ.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from tradecheck.domain import (
    Adjustment,
    Basis,
    Commodity,
    CommoditySystem,
    Coverage,
    Scope,
    When,
    scopes_for,
)

END_USE_AUTOMOTIVE = Commodity(CommoditySystem.END_USE, "3")
PASSENGER_CARS = (Commodity(CommoditySystem.END_USE, "30000"),)
# "Where present": 30110 (bodies and chassis for trucks and buses) is an import code only.
VEHICLES = (
    Commodity(CommoditySystem.END_USE, "30000"),
    Commodity(CommoditySystem.END_USE, "30100"),
    Commodity(CommoditySystem.END_USE, "30110"),
)
# The automotive commodity scopes, with what each counts.
AUTOMOTIVE: dict[tuple[Commodity, ...], str] = {
    (END_USE_AUTOMOTIVE,): "end-use 3 (automotive vehicles, parts and engines)",
    VEHICLES: "vehicles only (end-use 30000 + 30100 + 30110 where present)",
    PASSENGER_CARS: "passenger cars only (end-use 30000)",
}


class Variant(NamedTuple):
    """One other definition of a claim's measure: its series' scope and, for an automotive
    claim, the end-use codes summed instead of the recorded commodity."""

    scope: Scope
    commodities: tuple[Commodity, ...]  # () keeps the recorded commodity
    label: str
    differs: str


def variants(recorded: Scope, commodity: Commodity, period: When) -> tuple[Variant, ...]:
    """Every definition other than the recorded one that the measure can have for `period`."""
    return tuple(_variants(recorded, commodity, period.annual))


@cache  # a few dozen in all, asked for by every claim's sweep
def _variants(recorded: Scope, commodity: Commodity, annual: bool) -> list[Variant]:
    out: list[Variant] = []
    if commodity.system is CommoditySystem.ALL:
        for scope in scopes_for(annual):
            if scope != recorded:
                out.append(Variant(scope, (), scope.label(annual), differs(recorded, scope)))
        return out
    if commodity.system is CommoditySystem.END_USE and commodity.code.startswith("3"):
        recorded_codes = next((c for c in AUTOMOTIVE if c == (commodity,)), None)
        for codes, label in AUTOMOTIVE.items():
            if codes != recorded_codes:
                out.append(Variant(recorded, codes, label, _commodity_differs(codes)))
    return out


def differs(recorded: Scope, other: Scope) -> str:
    """Why the value under `other` differs from the value under `recorded`."""
    reasons: list[str] = []
    if other.coverage is not recorded.coverage:
        reasons.append(_COVERAGE[(recorded.coverage, other.coverage)])
    goods = recorded.coverage is Coverage.GOODS and other.coverage is Coverage.GOODS
    if other.coverage is not Coverage.GOODS and recorded.coverage is Coverage.GOODS:
        reasons[-1] += " (BEA, BOP basis)"
    if other.basis is not recorded.basis and goods:
        reasons.append(
            "BOP basis: goods adjusted for ownership, coverage and timing (as FT-900 "
            "exhibit 12 reconciles them)"
            if other.basis is Basis.BOP
            else "Census basis: goods as recorded at the border, without the BOP adjustments"
        )
    if other.adjustment is not recorded.adjustment:
        reasons.append(
            "seasonally adjusted"
            if other.adjustment is Adjustment.SEASONALLY_ADJUSTED
            else "not seasonally adjusted"
        )
    return "; ".join(reasons)


_COVERAGE: dict[tuple[Coverage, Coverage], str] = {
    (Coverage.GOODS, Coverage.GOODS_AND_SERVICES): "services included",
    (Coverage.GOODS, Coverage.SERVICES): "services only, no goods",
    (Coverage.SERVICES, Coverage.GOODS): "goods only, no services",
    (Coverage.SERVICES, Coverage.GOODS_AND_SERVICES): "goods included",
    (Coverage.GOODS_AND_SERVICES, Coverage.GOODS): "services left out",
    (Coverage.GOODS_AND_SERVICES, Coverage.SERVICES): "goods left out",
}


def _commodity_differs(codes: tuple[Commodity, ...]) -> str:
    if codes == (END_USE_AUTOMOTIVE,):
        return "the whole category: vehicles, parts, engines and tires"
    if codes == VEHICLES:
        return "finished vehicles only: no parts, engines or tires"
    return "passenger cars only: no trucks, buses, parts, engines or tires"
