"""`share`: the value as a percent of the world's same flow and definition ("17% of U.S. goods
exports", "about a sixth"), or of another whole the claim names with `measure.of` (a partner or
a grouping: "a fifth of U.S. exports to the European Union"), and a change of a share between
two periods.

A change of a share is in percentage points ("fell 8 points": the share in the second period
minus the share in the first); a percent change of the share only when the claim says a
percent ("its share fell by a third", "fell 30%"). The whole's values are terms of
`Whose.OF` (the checker gives them as `measure.of`'s partner's, the world's when it names
none), so `fetch` plans them from this declaration.
"""

from __future__ import annotations

from tradecheck.domain import When
from tradecheck.errors import Missing
from tradecheck.operations.base import Computed, Context, Shape, Spec, Term, Whose
from tradecheck.quantity import ClaimedValue, Kind
from tradecheck.verdict import fmt


class Share(Spec):
    name = "share"
    shape = Shape.ONE  # or from/to, for a change of the share (see shape_problem)
    kinds = frozenset({Kind.PERCENT, Kind.POINTS})
    caveats = ("a share of the world total of the same flow and definition",)
    takes_whole = True

    def caveats_for(self, whole: str | None) -> tuple[str, ...]:
        if whole is None:
            return self.caveats
        return (f"a share of the total of {whole}, of the same flow and definition",)

    def shape_problem(self, single: bool) -> str | None:
        return None  # one period: the share; from/to: its change

    def claim_problem(self, periods: list[When], claimed: ClaimedValue) -> str | None:
        if len(periods) == 1 and claimed.kind is Kind.POINTS:
            return (
                f"claimed {claimed.text!r} is a change in percentage points: give period "
                "{from: ..., to: ...}, or claim the share as a percent"
            )
        return None

    def terms(self, periods: list[When]) -> list[Term]:
        return [term for p in periods for term in (Term(p), Term(p, Whose.OF))]

    def compute(self, context: Context) -> Computed:
        shares = []
        shown = []
        for index in range(0, len(context.values), 2):
            part, whole = context.values[index], context.values[index + 1]
            period = context.terms[index].period
            if whole == 0:
                raise Missing(f"{context.whole}'s {context.expression} in {period} is zero")
            share = part / whole * 100
            shares.append(share)
            shown.append(
                f"share {period} = {fmt(part, 6)} / {fmt(whole, 6)} x 100 = {fmt(share, 4)}%"
            )
        unit = f"{context.unit}, {context.expression}"
        if len(shares) == 1:
            return Computed(shares[0], f"{shown[0]} ({unit})")
        start, end = shares
        claimed = context.claimed
        if claimed is not None and claimed.kind is Kind.PERCENT:
            if start == 0:
                raise Missing("the first share is zero; a percent change is undefined")
            change = (end - start) / start * 100
            text = f"percent change of the share = ({fmt(end, 4)} - {fmt(start, 4)}) / "
            text += f"{fmt(start, 4)} x 100 = {fmt(change, 4)} percent"
        else:
            change = end - start
            text = f"change of the share = {fmt(end, 4)} - {fmt(start, 4)} = "
            text += f"{fmt(change, 4)} percentage points"
        return Computed(change, f"{text}; {'; '.join(shown)} ({unit})")
