"""`percent-change`: the change between a span's ends as a percent of the start ("fell 2.7%")."""

from __future__ import annotations

from decimal import Decimal

from tradecheck.errors import Missing
from tradecheck.operations.base import Computed, Context, SpanSpec
from tradecheck.quantity import Kind
from tradecheck.verdict import fmt


class PercentChange(SpanSpec):
    name = "percent-change"
    kinds = frozenset({Kind.PERCENT, Kind.DIRECTION})  # a direction: "fell", "narrowed"
    caveats = ("the difference of a percent claim is in percentage points",)

    def of(self, start: Decimal, end: Decimal) -> Decimal:
        if start == 0:
            raise Missing("")
        return (end - start) / abs(start) * 100

    def compute(self, context: Context) -> Computed:
        va, vb, shown = self.ends(context)
        if va == 0:
            raise Missing(f"{context.terms[0].period} value is zero; a percent change is undefined")
        result = self.of(va, vb)
        return Computed(
            result,
            f"percent change = ({fmt(vb, 6)} - {fmt(va, 6)}) / {fmt(abs(va), 6)} x 100 "
            f"= {fmt(result, 4)} percent; {shown}",
        )
