"""`level`: the measure's value in one period ("exports were $42.3 billion in 2016")."""

from __future__ import annotations

from tradecheck.domain import When
from tradecheck.operations.base import Computed, Context, Shape, Spec, Term
from tradecheck.quantity import Kind
from tradecheck.verdict import fmt


class Level(Spec):
    name = "level"
    shape = Shape.ONE
    kinds = frozenset({Kind.AMOUNT, Kind.SIGN})  # a sign: "a deficit", on a balance

    def terms(self, periods: list[When]) -> list[Term]:
        return [Term(periods[0])]

    def compute(self, context: Context) -> Computed:
        (value,) = context.values
        period = context.terms[0].period
        return Computed(value, f"{context.expression} = {fmt(value, 6)} {context.unit} ({period})")
