"""`change`: the difference between a span's ends ("the deficit grew by $300 billion")."""

from __future__ import annotations

from decimal import Decimal

from tradecheck.operations.base import Computed, Context, SpanSpec
from tradecheck.quantity import Kind
from tradecheck.verdict import fmt


class Change(SpanSpec):
    name = "change"
    kinds = frozenset({Kind.AMOUNT, Kind.DIRECTION})  # a direction: "fell", "narrowed"

    def of(self, start: Decimal, end: Decimal) -> Decimal:
        return end - start

    def compute(self, context: Context) -> Computed:
        va, vb, shown = self.ends(context)
        result = self.of(va, vb)
        unit = context.unit
        return Computed(
            result, f"change = {fmt(vb, 6)} - {fmt(va, 6)} = {fmt(result, 6)} {unit}; {shown}"
        )
