"""`sum`: a total over a range of periods ("$6 trillion since 2001": `period: "2001..2024"`),
over several partners ("Canada and Mexico combined": `partner: [Canada, Mexico]`), or both,
judged by the rubric as a level.

A range is summed as `level` sums one (`domain.Range`, `measure.summed_periods`: the source
sees only published periods); the partners are terms of `Whose.PARTNER` that the checker
gives one per partner of the list, each with its code in `Term.partner`.
"""

from __future__ import annotations

from decimal import Decimal

from tradecheck.domain import Range, When
from tradecheck.operations.base import Computed, Context, Shape, Spec, Term
from tradecheck.quantity import Kind
from tradecheck.verdict import fmt


class SumSpec(Spec):
    name = "sum"
    shape = Shape.ONE
    kinds = frozenset({Kind.AMOUNT})

    def terms(self, periods: list[When]) -> list[Term]:
        return [Term(periods[0])]

    def measure_problems(
        self, periods: list[When], partners: int, than: int, than_period: When | None
    ) -> list[str]:
        out = super().measure_problems(periods, 0, than, than_period)
        if partners <= 1 and len(periods) == 1 and not isinstance(periods[0], Range):
            out.append(
                "operation 'sum' totals a range of periods (period: '2001..2024') or several "
                "partners (partner: [Canada, Mexico]); one partner in one period "
                f"({periods[0]}) is a level (use operation: level)"
            )
        return out

    def compute(self, context: Context) -> Computed:
        names = context.names or {}
        total = sum(context.values, Decimal(0))
        period = context.terms[0].period
        what = f"{context.expression} ({period})"
        if len(context.values) == 1:
            return Computed(total, f"{what} = {fmt(total, 6)} {context.unit}")
        parts = [
            f"{names.get(t.partner or '', t.partner)} {fmt(v, 6)}"
            for t, v in zip(context.terms, context.values, strict=True)
        ]
        return Computed(
            total,
            f"sum of {len(parts)} partners, {what} = {' + '.join(parts)} = {fmt(total, 6)} "
            f"{context.unit}",
        )
