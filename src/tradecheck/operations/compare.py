"""`compare`: the claim's value against another, "more than China, Japan and the U.K.
combined" (`measure.than: [China, Japan, United Kingdom]`, their values summed) or "more than
in 2016" (`measure.than_period: 2016`, the claim's partner in that period). The claimed text
is `more than`, `less than` or `about the same as` (within the `about` tolerance); the rubric
(`verdict.judge_compare`) decides, on both sides and the gap.

The other side's partners are terms of `Whose.THAN`, which the checker gives one per partner
`measure.than` names (with its code in `Term.partner`), so `fetch` plans them; the other
period is the claim's second period (`Claim.periods`).
"""

from __future__ import annotations

from tradecheck.domain import When
from tradecheck.operations.base import Computed, Context, Shape, Spec, Term, Whose
from tradecheck.quantity import Kind
from tradecheck.verdict import Sides, fmt


def _listed(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]} combined"


class CompareSpec(Spec):
    name = "compare"
    shape = Shape.ONE
    kinds = frozenset({Kind.COMPARISON})

    def terms(self, periods: list[When]) -> list[Term]:
        if len(periods) == 2:  # against `than_period`
            return [Term(periods[0]), Term(periods[1])]
        return [Term(periods[0]), Term(periods[0], Whose.THAN)]

    def measure_problems(
        self, periods: list[When], partners: int, than: int, than_period: When | None
    ) -> list[str]:
        out = super().measure_problems(periods, partners, 0, None)
        if than and than_period is not None:
            out.append(
                "give measure.than (partners) or measure.than_period (a period), not both: a "
                "comparison has one other side"
            )
        elif not than and than_period is None:
            out.append(
                "operation 'compare' needs the other side: measure.than (partners, e.g. [China, "
                "Japan]) or measure.than_period (a period, e.g. 2016)"
            )
        elif than_period is not None and periods:
            period = periods[0]
            if than_period == period:
                out.append(
                    f"measure.than_period ({than_period}) is the claim's period itself: name "
                    "another period to compare with"
                )
            elif than_period.frequency is not period.frequency:
                out.append(
                    f"measure.than_period ({than_period}) and period ({period}) must both be "
                    "years, both months or both quarters"
                )
        return out

    def compute(self, context: Context) -> Computed:
        names = context.names or {}

        def named(code: str | None) -> str:
            return names.get(code or context.partner, code or context.partner)

        first, *others = zip(context.terms, context.values, strict=True)
        period = first[0].period
        left = f"{named(context.partner)}, {period}"
        if others[0][0].whose is Whose.THAN:
            parts = tuple((named(t.partner), v) for t, v in others)
            right = f"{_listed([n for n, _ in parts])}, {period}"
        else:
            other = others[0][0].period
            parts = ((str(other), others[0][1]),)
            right = f"{named(context.partner)}, {other}"
        sides = Sides(left, first[1], right, parts, context.unit, context.expression)
        shown = " + ".join(f"{fmt(v, 6)} ({n})" for n, v in parts)
        if len(parts) > 1:
            shown = f"({shown})"
        formula = (
            f"gap = {fmt(sides.left_value, 6)} ({left}) - {shown} = {fmt(sides.gap, 6)} "
            f"{context.unit}, {context.expression}"
        )
        return Computed(sides.gap, formula, evidence=sides)
