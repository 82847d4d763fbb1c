"""`tradecheck drift`: every claim judged on every vintage that holds its periods, oldest
first, with the size of each revision and whether the verdict changes.

The vintages are those of every data source (`Engine.catalog`): the claim is computed on the
data published by each vintage's publication day (`VintageRule.as_of`); a day on which some
value was not yet published is left out, and days that give the same vintages are one row.
A revision is a change of an input between two rows by at least the rounding of the coarser
of the two sources (`ROUNDING`): DataWeb rounds to $10,000 what the country file gives to the
dollar, so a smaller difference is the rounding, not a revision.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from tradecheck.check import claimed_value, published_after, result_unit, shown_quantity
from tradecheck.claims import Claim, Verdict, as_of_day, claim_date
from tradecheck.domain import PartnerInfo
from tradecheck.engine import AsOf, Prepared
from tradecheck.errors import Missing, NoDeficit
from tradecheck.operations import spec_for
from tradecheck.quantity import ordinal
from tradecheck.report import InputValue, Quantity, construct
from tradecheck.series.source import VintageRule
from tradecheck.series.vintages import published_on
from tradecheck.verdict import judge

# Dollars of the last digit each dataset publishes (the country and end-use files and the
# Census API to the dollar; DataWeb's download to $10,000; BEA's tables and the FT-900
# exhibits to the million). A dataset not named is taken to the dollar.
ROUNDING: dict[str, int] = {
    "dataweb-country": 10_000,
    "bea-geo": 1_000_000,
    "bea-world": 1_000_000,
    "ft900-goods-nsa": 1_000_000,
}


class DriftRow(BaseModel):
    """The claim on the data of one set of vintages."""

    model_config = ConfigDict(frozen=True)

    vintages: list[str]  # e.g. ["country 2019-12"]
    published: str  # the day the newest of them was published
    computed: Quantity | None
    verdict: Verdict
    reason: str
    revised: bool  # an input differs from the previous row's by more than the rounding
    revision: str | None  # the computed value's change from the previous row, in words


class ClaimDrift(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    id: str
    claimed: str | None
    rows: list[DriftRow]
    changes: bool  # the verdict differs between two rows


def drift(prepared: Prepared, as_of: AsOf | None = None) -> Iterator[ClaimDrift]:
    """Every checkable claim's rows, file by file; with `as_of`, only the vintages published
    by its day (or by each claim's date)."""
    days = prepared.engine.vintage_days
    for item, resolved in prepared.files:
        for claim in item.content.claims:
            partner = resolved.get(claim.id)
            if claim.not_checkable is not None or partner is None or claim.operation is None:
                continue
            upto = days
            if as_of is not None:
                day = as_of.day or as_of_day(claim_date(claim, item.content))
                upto = [d for d in days if d <= day]
            rows = list(_rows(prepared, claim, partner, upto))
            verdicts = {r.verdict for r in rows}
            yield construct(
                ClaimDrift,
                file=item.display,
                id=claim.id,
                claimed=claim.claimed.text if claim.claimed is not None else None,
                rows=rows,
                changes=len(verdicts) > 1,
            )


def _rows(
    prepared: Prepared, claim: Claim, partner: PartnerInfo, days: list[str]
) -> Iterator[DriftRow]:
    assert claim.operation is not None
    checker = prepared.engine.checker
    value = claimed_value(claim)
    assert value is not None
    spec = spec_for(claim.operation)
    unit = result_unit(value, spec)
    seen: set[tuple[tuple[str, str], ...]] = set()
    previous: tuple[list[InputValue], Decimal] | None = None
    for day in days:
        try:
            computed, used, _, _, window, ranking, evidence = checker.compute(
                claim, spec, value, partner, VintageRule(as_of=day)
            )
        except (Missing, NoDeficit):
            continue  # the vintages of this day do not hold every value (or no deficit)
        if published_after(used, day):
            continue  # a value not yet published that day (the earliest later one stood in)
        key = tuple(sorted({(u.dataset, u.vintage) for u in used}))
        if key in seen:
            continue
        seen.add(key)
        judgement = judge(value, computed, window, ranking, evidence)
        revised, revision = False, None
        if previous is not None:
            before, old = previous
            revised = _revised(before, used)
            if revised:
                revision = _revision(old, computed, unit)
        yield construct(
            DriftRow,
            vintages=[f"{d} {v}" for d, v in key],
            published=max(published_on(v) for _, v in key),
            computed=construct(Quantity, value=float(computed), unit=unit),
            verdict=judgement.verdict,
            reason=judgement.reason,
            revised=revised,
            revision=revision,
        )
        previous = (used, computed)


def _revision(old: Decimal, new: Decimal, unit: str) -> str | None:
    """The computed value's change in words: "+$0.11 billion", "-0.12 points", "2nd -> 1st";
    None when a place did not change."""
    if unit == "place":
        return None if old == new else f"{ordinal(int(old))} -> {ordinal(int(new))}"
    if unit in ("percent", "percentage points"):
        return f"{float(new - old):+.2f} points"
    change = construct(Quantity, value=float(new - old), unit=unit)
    shown = shown_quantity(change)
    return shown if shown.startswith("-") else f"+{shown}"


def _revised(before: list[InputValue], after: list[InputValue]) -> bool:
    """Whether an input of `after` differs from the same series-period of `before` by at least
    the rounding of the coarser of the two datasets."""
    old = {(u.series, u.period): u for u in before}
    for u in after:
        was = old.get((u.series, u.period))
        if was is None:
            return True
        unit = max(ROUNDING.get(u.dataset, 1), ROUNDING.get(was.dataset, 1))
        if abs(u.value - was.value) >= unit:
            return True
    return False
