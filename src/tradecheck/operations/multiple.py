"""`multiple`: a span's end as a multiple of its start ("more than doubled", "halved")."""

from __future__ import annotations

from decimal import Decimal

from tradecheck.errors import Missing
from tradecheck.operations.base import Computed, Context, SpanSpec
from tradecheck.quantity import Kind
from tradecheck.verdict import fmt


class Multiple(SpanSpec):
    name = "multiple"
    kinds = frozenset({Kind.MULTIPLE})

    def of(self, start: Decimal, end: Decimal) -> Decimal:
        if start == 0:
            raise Missing("")
        return end / start

    def compute(self, context: Context) -> Computed:
        va, vb, shown = self.ends(context)
        if va == 0:
            raise Missing(f"{context.terms[0].period} value is zero; a multiple of it is undefined")
        result = self.of(va, vb)
        return Computed(
            result, f"multiple = {fmt(vb, 6)} / {fmt(va, 6)} = {fmt(result, 4)}; {shown}"
        )
